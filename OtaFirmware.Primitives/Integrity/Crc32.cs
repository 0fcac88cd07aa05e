// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Integrity
{
    /// <summary>
    /// CRC-32 with the semantics of ESP-IDF <c>esp_rom_crc32_le</c>: reflected polynomial 0xEDB88320, the running value
    /// inverted on entry and on exit. <c>Update(0, data)</c> is therefore the zlib/IEEE CRC-32 and chains like zlib's
    /// <c>crc32(crc, buf, len)</c>; the otadata entry CRC is <c>Update(0xFFFFFFFF, ota_seq bytes)</c>.
    /// </summary>
    public static class Crc32
    {
        private const uint ReflectedPolynomial = 0xEDB88320;

        private static readonly uint[] Table = BuildTable();

        /// <summary>Continues <paramref name="crc"/> over <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        /// <returns>The new CRC value (pass it back in to continue over more bytes).</returns>
        public static uint Update(uint crc, byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            uint value = ~crc;
            int end = offset + count;
            for (int i = offset; i < end; i++)
            {
                value = Table[(value ^ buffer[i]) & 0xFF] ^ (value >> 8);
            }

            return ~value;
        }

        private static uint[] BuildTable()
        {
            uint[] table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int bit = 0; bit < 8; bit++)
                {
                    c = (c & 1) != 0 ? ReflectedPolynomial ^ (c >> 1) : c >> 1;
                }

                table[n] = c;
            }

            return table;
        }
    }
}
