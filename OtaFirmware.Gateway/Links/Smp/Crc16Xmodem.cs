// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>
    /// CRC-16/XMODEM (CCITT polynomial 0x1021, initial value 0, no reflection, no final xor), the checksum of the SMP
    /// serial transport. Appending the CRC big-endian to the data makes the CRC over data + CRC zero.
    /// </summary>
    public static class Crc16Xmodem
    {
        /// <summary>Continues a CRC from <paramref name="crc"/> (0 to start) over <paramref name="count"/> bytes.</summary>
        /// <returns>The CRC after the bytes.</returns>
        public static int Compute(byte[] data, int offset, int count, int crc)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            crc &= 0xFFFF;
            for (int i = offset; i < offset + count; i++)
            {
                crc ^= data[i] << 8;
                for (int bit = 0; bit < 8; bit++)
                {
                    crc = (crc & 0x8000) != 0 ? ((crc << 1) ^ 0x1021) & 0xFFFF : (crc << 1) & 0xFFFF;
                }
            }

            return crc;
        }
    }
}
