// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Tests
{
    /// <summary>Lower-case hex text of byte arrays, for readable expected values in tests.</summary>
    public static class HexText
    {
        private const string Digits = "0123456789abcdef";

        /// <summary>The lower-case hex text of <paramref name="count"/> bytes from <paramref name="offset"/>.</summary>
        public static string From(byte[] bytes, int offset, int count)
        {
            char[] text = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                byte b = bytes[offset + i];
                text[i * 2] = Digits[b >> 4];
                text[(i * 2) + 1] = Digits[b & 0xF];
            }

            return new string(text);
        }

        /// <summary>The lower-case hex text of all of <paramref name="bytes"/>.</summary>
        public static string From(byte[] bytes)
        {
            return From(bytes, 0, bytes.Length);
        }

        /// <summary>The bytes of hex text (upper or lower case, no separators).</summary>
        public static byte[] ToBytes(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Nibble(hex[i * 2]) << 4) | Nibble(hex[(i * 2) + 1]));
            }

            return bytes;
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            throw new ArgumentException("not a hex digit");
        }
    }
}
