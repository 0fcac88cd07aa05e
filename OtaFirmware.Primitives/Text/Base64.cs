// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Text
{
    /// <summary>Base64 decoding that answers with a result instead of an exception.</summary>
    /// <remarks>
    /// Why it catches <see cref="Exception"/>: on bad input <c>Convert.FromBase64String</c> throws
    /// <c>FormatException</c> on .NET but a plain <c>System.Exception</c> on nanoCLR, so a <c>catch (FormatException)</c>
    /// lets the device's exception escape. The catch surrounds that one call only.
    /// </remarks>
    public static class Base64
    {
        /// <summary>Decodes <paramref name="text"/> (standard alphabet, padded).</summary>
        /// <param name="text">The base64 text; null or empty gives false.</param>
        /// <param name="bytes">The decoded bytes, or null.</param>
        /// <returns>True when decoded to at least one byte; false for null, empty or malformed text.</returns>
        public static bool TryDecode(string text, out byte[] bytes)
        {
            bytes = null;
            if (text == null || text.Length == 0)
            {
                return false;
            }

            byte[] decoded;
            try
            {
                decoded = Convert.FromBase64String(text);
            }
            catch (Exception)
            {
                return false;
            }

            if (decoded == null || decoded.Length == 0)
            {
                return false;
            }

            bytes = decoded;
            return true;
        }
    }
}
