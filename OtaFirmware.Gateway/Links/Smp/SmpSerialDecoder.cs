// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>
    /// Reassembles SMP packets from the MCUmgr serial transport, one byte at a time, with fixed buffers. Lines that do
    /// not start with an SMP marker (console or log output sharing the UART) are skipped. A frame that is too long,
    /// not base64, or completes a packet with a bad CRC drops the packet being assembled and is reported; the decoder
    /// then waits for the next first frame.
    /// </summary>
    public sealed class SmpSerialDecoder
    {
        private readonly byte[] _line = new byte[SmpSerialFramer.MaxFrameLength];
        private readonly byte[] _packet;
        private int _lineLength;
        private bool _lineOverflow;
        private int _received;
        private int _expected = -1;
        private int _packetLength;

        /// <summary>Creates a decoder for packets (SMP header + CBOR) of at most <paramref name="maxPacketLength"/> bytes.</summary>
        public SmpSerialDecoder(int maxPacketLength)
        {
            if (maxPacketLength < SmpHeader.Size || maxPacketLength > SmpSerialFramer.MaxPacketLength)
            {
                throw new ArgumentOutOfRangeException("maxPacketLength");
            }

            _packet = new byte[maxPacketLength + 2 + SmpSerialFramer.MaxRawBytesPerFrame];
        }

        /// <summary>Buffer holding the last complete packet from offset 0; valid until the next <see cref="Push"/>.</summary>
        public byte[] Packet
        {
            get { return _packet; }
        }

        /// <summary>Length of the last complete packet (CRC excluded).</summary>
        public int PacketLength
        {
            get { return _packetLength; }
        }

        /// <summary>Largest packet accepted.</summary>
        public int MaxPacketLength
        {
            get { return _packet.Length - 2 - SmpSerialFramer.MaxRawBytesPerFrame; }
        }

        /// <summary>Forgets any partial line or packet (after a link reset).</summary>
        public void Reset()
        {
            _lineLength = 0;
            _lineOverflow = false;
            _received = 0;
            _expected = -1;
        }

        /// <summary>Feeds one received byte.</summary>
        /// <returns><see cref="SmpFrameEvent.PacketReady"/> when it completed a packet, a Dropped value when it completed
        /// a bad frame or packet, otherwise <see cref="SmpFrameEvent.None"/>.</returns>
        public SmpFrameEvent Push(byte value)
        {
            if (value != (byte)'\n')
            {
                if (_lineLength < _line.Length)
                {
                    _line[_lineLength++] = value;
                }
                else
                {
                    _lineOverflow = true;
                }

                return SmpFrameEvent.None;
            }

            int length = _lineLength;
            bool overflow = _lineOverflow;
            _lineLength = 0;
            _lineOverflow = false;
            if (length > 0 && _line[length - 1] == (byte)'\r')
            {
                length--;
            }

            if (length < 2)
            {
                return SmpFrameEvent.None;
            }

            bool first = _line[0] == SmpSerialFramer.StartMarker1 && _line[1] == SmpSerialFramer.StartMarker2;
            bool next = _line[0] == SmpSerialFramer.ContinuationMarker1 && _line[1] == SmpSerialFramer.ContinuationMarker2;
            if (!first && !next)
            {
                return SmpFrameEvent.None;
            }

            if (overflow || length + 1 > SmpSerialFramer.MaxFrameLength)
            {
                return Drop(SmpFrameEvent.DroppedTooLong);
            }

            if (first)
            {
                _received = 0;
                _expected = -1;
            }
            else if (_expected < 0)
            {
                return SmpFrameEvent.DroppedOrphanContinuation;
            }

            int room = _packet.Length - _received;
            if ((length - 2) / 4 * 3 > room)
            {
                return Drop(SmpFrameEvent.DroppedTooLong);
            }

            int decoded = Base64Codec.Decode(_line, 2, length - 2, _packet, _received);
            if (decoded < 0)
            {
                return Drop(SmpFrameEvent.DroppedBadBase64);
            }

            _received += decoded;
            if (first)
            {
                if (_received < 2)
                {
                    return Drop(SmpFrameEvent.DroppedBadBase64);
                }

                _expected = (_packet[0] << 8) | _packet[1];
                if (_expected < 2 || _expected - 2 > MaxPacketLength)
                {
                    return Drop(SmpFrameEvent.DroppedTooLong);
                }

                Array.Copy(_packet, 2, _packet, 0, _received - 2);
                _received -= 2;
            }

            if (_received < _expected)
            {
                return SmpFrameEvent.None;
            }

            if (_received > _expected)
            {
                return Drop(SmpFrameEvent.DroppedLengthMismatch);
            }

            int total = _expected;
            _expected = -1;
            _received = 0;
            if (Crc16Xmodem.Compute(_packet, 0, total, 0) != 0)
            {
                return SmpFrameEvent.DroppedBadCrc;
            }

            _packetLength = total - 2;
            return SmpFrameEvent.PacketReady;
        }

        private SmpFrameEvent Drop(SmpFrameEvent reason)
        {
            _expected = -1;
            _received = 0;
            return reason;
        }
    }
}
