// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Text
{
    /// <summary>What <see cref="JsonReader.Peek"/> finds next.</summary>
    public enum JsonToken
    {
        /// <summary>Nothing readable: the reader failed, or the next byte cannot start a value.</summary>
        Invalid = 0,

        /// <summary>Only whitespace is left.</summary>
        End = 1,

        /// <summary>An object (<c>{</c>).</summary>
        Object = 2,

        /// <summary>An array (<c>[</c>).</summary>
        Array = 3,

        /// <summary>A string.</summary>
        String = 4,

        /// <summary>A number.</summary>
        Number = 5,

        /// <summary><c>true</c>.</summary>
        True = 6,

        /// <summary><c>false</c>.</summary>
        False = 7,

        /// <summary><c>null</c>.</summary>
        Null = 8,
    }
}
