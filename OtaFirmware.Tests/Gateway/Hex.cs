// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Tests.Gateway
{
    /// <summary>Hex strings to bytes and back, for test vectors.</summary>
    public static class Hex
    {
        /// <summary>Parses "a1b2..." (no separators).</summary>
        public static byte[] Parse(string hex)
        {
            byte[] bytes = new byte[hex.Length / 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[2 * i + 1]));
            }

            return bytes;
        }

        /// <summary>Formats <paramref name="count"/> bytes as lower-case hex.</summary>
        public static string Format(byte[] bytes, int offset, int count)
        {
            const string digits = "0123456789abcdef";
            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                chars[2 * i] = digits[bytes[offset + i] >> 4];
                chars[2 * i + 1] = digits[bytes[offset + i] & 0xF];
            }

            return new string(chars);
        }

        private static int Nibble(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            return c >= 'a' && c <= 'f' ? c - 'a' + 10 : c - 'A' + 10;
        }
    }
}
