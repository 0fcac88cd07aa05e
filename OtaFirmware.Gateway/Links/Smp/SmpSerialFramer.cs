// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>
    /// Encodes one SMP packet for the MCUmgr serial (console) transport. The raw stream is
    /// [total length, 16-bit big-endian = packet length + 2][packet][CRC16/XMODEM of the packet, big-endian]; it is cut
    /// into frames of at most <see cref="MaxFrameLength"/> bytes: a 2-byte marker (0x06 0x09 for the first frame,
    /// 0x04 0x14 for continuations), base64 of at most <see cref="MaxRawBytesPerFrame"/> raw bytes, and a newline.
    /// Each frame's base64 is complete on its own (only the last one is padded).
    /// </summary>
    public static class SmpSerialFramer
    {
        /// <summary>Longest frame, marker and newline included (the MCUmgr limit).</summary>
        public const int MaxFrameLength = 127;

        /// <summary>Raw bytes per full frame: (127 - 3) / 4 * 3.</summary>
        public const int MaxRawBytesPerFrame = ((MaxFrameLength - 3) / 4) * 3;

        /// <summary>Largest packet the 16-bit total length can describe.</summary>
        public const int MaxPacketLength = 0xFFFF - 2;

        /// <summary>First byte of the marker of a packet's first frame.</summary>
        public const byte StartMarker1 = 0x06;

        /// <summary>Second byte of the marker of a packet's first frame.</summary>
        public const byte StartMarker2 = 0x09;

        /// <summary>First byte of the marker of a continuation frame.</summary>
        public const byte ContinuationMarker1 = 0x04;

        /// <summary>Second byte of the marker of a continuation frame.</summary>
        public const byte ContinuationMarker2 = 0x14;

        /// <summary>Bytes <see cref="Encode"/> writes for a packet of <paramref name="packetLength"/> bytes.</summary>
        public static int EncodedLength(int packetLength)
        {
            if (packetLength < 0 || packetLength > MaxPacketLength)
            {
                throw new ArgumentOutOfRangeException("packetLength");
            }

            int raw = packetLength + 4;
            int fullFrames = raw / MaxRawBytesPerFrame;
            int rest = raw % MaxRawBytesPerFrame;
            int length = fullFrames * MaxFrameLength;
            if (rest > 0)
            {
                length += 3 + ((rest + 2) / 3) * 4;
            }

            return length;
        }

        /// <summary>
        /// Encodes <paramref name="count"/> packet bytes into <paramref name="output"/> at <paramref name="outputOffset"/>
        /// (room for <see cref="EncodedLength"/> bytes is required). Allocates nothing.
        /// </summary>
        /// <returns>The number of bytes written.</returns>
        public static int Encode(byte[] packet, int offset, int count, byte[] output, int outputOffset)
        {
            if (packet == null)
            {
                throw new ArgumentNullException("packet");
            }

            if (output == null)
            {
                throw new ArgumentNullException("output");
            }

            if (offset < 0 || count < 0 || offset + count > packet.Length || count > MaxPacketLength)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            if (outputOffset < 0 || outputOffset + EncodedLength(count) > output.Length)
            {
                throw new ArgumentOutOfRangeException("outputOffset");
            }

            int crc = Crc16Xmodem.Compute(packet, offset, count, 0);
            int total = count + 4;
            int rawIndex = 0;
            int o = outputOffset;
            while (rawIndex < total)
            {
                bool first = rawIndex == 0;
                output[o++] = first ? StartMarker1 : ContinuationMarker1;
                output[o++] = first ? StartMarker2 : ContinuationMarker2;
                int take = total - rawIndex < MaxRawBytesPerFrame ? total - rawIndex : MaxRawBytesPerFrame;
                for (int i = 0; i < take; i += 3)
                {
                    int n = take - i < 3 ? take - i : 3;
                    int group = RawByte(packet, offset, count, crc, rawIndex + i) << 16;
                    if (n > 1)
                    {
                        group |= RawByte(packet, offset, count, crc, rawIndex + i + 1) << 8;
                    }

                    if (n > 2)
                    {
                        group |= RawByte(packet, offset, count, crc, rawIndex + i + 2);
                    }

                    o += Base64Codec.EncodeGroup(group, n, output, o);
                }

                output[o++] = (byte)'\n';
                rawIndex += take;
            }

            return o - outputOffset;
        }

        // Byte number index of the raw stream length + packet + CRC.
        private static byte RawByte(byte[] packet, int offset, int count, int crc, int index)
        {
            if (index == 0)
            {
                return (byte)((count + 2) >> 8);
            }

            if (index == 1)
            {
                return (byte)(count + 2);
            }

            if (index < count + 2)
            {
                return packet[offset + index - 2];
            }

            return index == count + 2 ? (byte)(crc >> 8) : (byte)crc;
        }
    }
}
