// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Text;

namespace OtaFirmware.Tests
{
    /// <summary>
    /// Hex text of byte arrays for readable expected values in tests: a thin front of the product's one hex helper,
    /// <see cref="Hex"/>, for inputs of any length.
    /// </summary>
    public static class HexText
    {
        /// <summary>The lower-case hex text of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static string From(byte[] bytes, int offset, int count)
        {
            return Hex.ToLower(bytes, offset, count);
        }

        /// <summary>The lower-case hex text of all of <paramref name="bytes"/>.</summary>
        public static string From(byte[] bytes)
        {
            return Hex.ToLower(bytes);
        }

        /// <summary>The bytes of hex text (upper or lower case, no separators; empty text gives no bytes).</summary>
        /// <exception cref="ArgumentException">The text is not an even number of hex digits.</exception>
        public static byte[] ToBytes(string hex)
        {
            if (hex.Length == 0)
            {
                return new byte[0];
            }

            byte[] bytes;
            string reason;
            if (hex.Length % 2 != 0 || !Hex.TryParse(hex, hex.Length / 2, out bytes, out reason))
            {
                throw new ArgumentException("not hex text: " + hex);
            }

            return bytes;
        }
    }
}
