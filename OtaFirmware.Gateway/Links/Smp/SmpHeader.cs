// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>
    /// The 8-byte SMP header, big-endian: byte 0 = reserved(3) | version(2) | op(3); flags; data length (16);
    /// group id (16); sequence number; command id. Mutable so one instance can be reused per request.
    /// </summary>
    public sealed class SmpHeader
    {
        /// <summary>Length of the header in bytes.</summary>
        public const int Size = 8;

        /// <summary>Operation (see <see cref="SmpOperation"/>), 0..7.</summary>
        public int Operation { get; set; }

        /// <summary>SMP version: 0 for SMP v1 (errors as "rc"), 1 for SMP v2.</summary>
        public int Version { get; set; }

        /// <summary>Flags (none defined; 0).</summary>
        public int Flags { get; set; }

        /// <summary>Length of the CBOR data that follows the header.</summary>
        public int DataLength { get; set; }

        /// <summary>Management group (0 OS, 1 image, ...).</summary>
        public int Group { get; set; }

        /// <summary>Sequence number echoed by the response, 0..255.</summary>
        public int Sequence { get; set; }

        /// <summary>Command id within the group.</summary>
        public int Command { get; set; }

        /// <summary>Sets every field at once.</summary>
        public void Set(int operation, int group, int command, int sequence, int dataLength)
        {
            Operation = operation;
            Version = 0;
            Flags = 0;
            Group = group;
            Command = command;
            Sequence = sequence;
            DataLength = dataLength;
        }

        /// <summary>Writes the header into <paramref name="buffer"/> at <paramref name="offset"/>.</summary>
        public void WriteTo(byte[] buffer, int offset)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || offset + Size > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            buffer[offset] = (byte)(((Version & 0x3) << 3) | (Operation & 0x7));
            buffer[offset + 1] = (byte)Flags;
            buffer[offset + 2] = (byte)(DataLength >> 8);
            buffer[offset + 3] = (byte)DataLength;
            buffer[offset + 4] = (byte)(Group >> 8);
            buffer[offset + 5] = (byte)Group;
            buffer[offset + 6] = (byte)Sequence;
            buffer[offset + 7] = (byte)Command;
        }

        /// <summary>Reads a header from <paramref name="count"/> bytes of a packet at <paramref name="offset"/>.</summary>
        /// <returns>True when the bytes hold a header whose data length matches the rest of the packet exactly; false
        /// (fields unspecified) when the packet is shorter than a header, the reserved bits are set or the length disagrees.</returns>
        public bool TryReadFrom(byte[] buffer, int offset, int count)
        {
            if (buffer == null || offset < 0 || count < Size || offset + count > buffer.Length)
            {
                return false;
            }

            int first = buffer[offset];
            if ((first & 0xE0) != 0)
            {
                return false;
            }

            Operation = first & 0x7;
            Version = (first >> 3) & 0x3;
            Flags = buffer[offset + 1];
            DataLength = (buffer[offset + 2] << 8) | buffer[offset + 3];
            Group = (buffer[offset + 4] << 8) | buffer[offset + 5];
            Sequence = buffer[offset + 6];
            Command = buffer[offset + 7];
            return DataLength == count - Size;
        }
    }
}
