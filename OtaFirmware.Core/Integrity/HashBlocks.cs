// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Integrity
{
    /// <summary>Byte-order helpers and the state layout shared by the 64-byte-block hashes.</summary>
    internal static class HashBlocks
    {
        /// <summary>Byte counts at or above this overflow the 64-bit bit count of the padding.</summary>
        private const long LengthLimit = 0x2000000000000000L;

        internal static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
        }

        internal static uint ReadUInt32LittleEndian(byte[] buffer, int offset)
        {
            return buffer[offset] | ((uint)buffer[offset + 1] << 8) | ((uint)buffer[offset + 2] << 16) | ((uint)buffer[offset + 3] << 24);
        }

        internal static void WriteUInt32LittleEndian(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        internal static uint ReadUInt32BigEndian(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16) | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
        }

        internal static void WriteUInt32BigEndian(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }

        /// <summary>Writes the byte count (u64 LE) and the 64-byte block, zeroing the bytes past the pending count.</summary>
        internal static void ExportLengthAndBlock(long length, byte[] pending, byte[] destination, int offset)
        {
            WriteUInt32LittleEndian(destination, offset, (uint)length);
            WriteUInt32LittleEndian(destination, offset + 4, (uint)(length >> 32));
            int used = (int)(length & 63);
            Array.Copy(pending, 0, destination, offset + 8, used);
            Array.Clear(destination, offset + 8 + used, 64 - used);
        }

        /// <summary>Reads and checks the byte count and block written by <see cref="ExportLengthAndBlock"/>.</summary>
        /// <returns>The byte count, or -1 when it is out of range or a byte past the pending count is not zero.</returns>
        internal static long ReadValidLengthAndBlock(byte[] source, int offset)
        {
            long length = ReadUInt32LittleEndian(source, offset) | ((long)ReadUInt32LittleEndian(source, offset + 4) << 32);
            if (length < 0 || length >= LengthLimit)
            {
                return -1;
            }

            int used = (int)(length & 63);
            for (int i = offset + 8 + used; i < offset + 8 + 64; i++)
            {
                if (source[i] != 0)
                {
                    return -1;
                }
            }

            return length;
        }
    }
}
