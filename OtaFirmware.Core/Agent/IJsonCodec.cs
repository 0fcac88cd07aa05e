// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Agent
{
    /// <summary>
    /// JSON to and from the shared message classes: nanoFramework.Json on the device, System.Text.Json on the host.
    /// Message classes have a public parameterless constructor and public properties named exactly as the JSON keys.
    /// </summary>
    public interface IJsonCodec
    {
        /// <summary>Parses <paramref name="json"/> into a new <paramref name="type"/>. Never throws.</summary>
        /// <param name="value">The object, or null on failure.</param>
        /// <param name="error">Why parsing failed, or null.</param>
        /// <returns>True when <paramref name="value"/> was produced.</returns>
        bool TryDeserialize(string json, Type type, out object value, out string error);

        /// <summary>Serializes the public properties of <paramref name="value"/>.</summary>
        string Serialize(object value);
    }
}
