// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Update;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>
    /// Sends SMP requests over the serial transport and waits for the matching response (same sequence number, group
    /// and command, response op). A request without an answer in time is sent again, up to the attempt limit; corrupted
    /// frames (bad base64 or CRC) and stale responses to earlier attempts are dropped and counted. Buffers are allocated
    /// once; a request allocates nothing.
    /// </summary>
    /// <remarks>Why the receive buffer does not follow the request size: a response's length depends on the device and
    /// the command, not on the chunk the gateway sends (Zephyr's image list is 248 bytes for one image's two slots and
    /// about 500 for two images), so it is sized for the largest response of the commands this client sends.</remarks>
    public sealed class SmpClient
    {
        /// <summary>Largest response packet (header + CBOR) accepted: room for the image list of a device with two
        /// images and four slots, with margin (a response the device sends is bounded by its own SMP buffer too).</summary>
        public const int MaxResponseLength = 2048;

        private readonly ISerialPort _port;
        private readonly IClock _clock;
        private readonly int _timeoutMilliseconds;
        private readonly int _maxAttempts;
        private readonly byte[] _request;
        private readonly byte[] _encoded;
        private readonly byte[] _receive = new byte[256];
        private readonly SmpSerialDecoder _decoder;
        private readonly SmpHeader _header = new SmpHeader();
        private readonly CborWriter _writer;
        private readonly CborReader _reader;
        private int _receiveStart;
        private int _receiveCount;
        private int _sequence;
        private int _protocolVersion;

        /// <summary>Creates a client.</summary>
        /// <param name="port">The byte pipe to the device.</param>
        /// <param name="clock">Time source for the per-attempt deadline.</param>
        /// <param name="maxPacketLength">Largest SMP request packet (header + CBOR) sent; responses are received up to
    /// <see cref="MaxResponseLength"/>.</param>
        /// <param name="timeoutMilliseconds">How long one attempt waits for its response.</param>
        /// <param name="maxAttempts">How many times a request is sent before giving up (at least 1).</param>
        public SmpClient(ISerialPort port, IClock clock, int maxPacketLength, int timeoutMilliseconds, int maxAttempts)
        {
            if (port == null)
            {
                throw new ArgumentNullException("port");
            }

            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            if (timeoutMilliseconds <= 0 || maxAttempts < 1)
            {
                throw new ArgumentOutOfRangeException("maxAttempts");
            }

            _port = port;
            _clock = clock;
            _timeoutMilliseconds = timeoutMilliseconds;
            _maxAttempts = maxAttempts;
            _decoder = new SmpSerialDecoder(MaxResponseLength);
            _request = new byte[maxPacketLength];
            _encoded = new byte[SmpSerialFramer.EncodedLength(maxPacketLength)];
            _writer = new CborWriter(_request, SmpHeader.Size, maxPacketLength - SmpHeader.Size);
            _reader = new CborReader(_request, 0, 0);
        }

        /// <summary>Frames dropped so far because of bad base64, CRC or length (diagnostics).</summary>
        public int DroppedFrames { get; private set; }

        /// <summary>Requests sent again after a timeout so far (diagnostics).</summary>
        public int Retries { get; private set; }

        /// <summary>The SMP header version of requests: 0 (SMP v1, the default: errors come back as a bare "rc") or 1
        /// (SMP v2: Zephyr answers group errors with <c>err: {group, rc}</c>, <c>smp_add_cmd_err</c>).</summary>
        public int ProtocolVersion
        {
            get
            {
                return _protocolVersion;
            }

            set
            {
                if (value < 0 || value > 1)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                _protocolVersion = value;
            }
        }

        /// <summary>Largest request packet (header + CBOR) the client's buffer holds.</summary>
        public int MaxRequestLength
        {
            get { return _request.Length; }
        }

        /// <summary>Starts a request: returns the writer for its CBOR data, emptied.</summary>
        public CborWriter BeginRequest()
        {
            _writer.Reset();
            return _writer;
        }

        /// <summary>
        /// Sends the request written since <see cref="BeginRequest"/> and waits for its response, sending it again
        /// after each timeout up to the attempt limit. On Ok,
        /// <paramref name="response"/> reads the response's CBOR data (valid until the next request).
        /// </summary>
        /// <returns><see cref="SmpTransferStatus.Ok"/> or <see cref="SmpTransferStatus.NoResponse"/>.</returns>
        public SmpTransferStatus Send(SmpOperation operation, int group, int command, out CborReader response)
        {
            return Send(operation, group, command, _maxAttempts, out response);
        }

        /// <summary>
        /// As <see cref="Send(SmpOperation, int, int, out CborReader)"/>, sending the request at most
        /// <paramref name="attempts"/> times: 1 for requests that must not be repeated (a reset).
        /// </summary>
        /// <returns><see cref="SmpTransferStatus.Ok"/> or <see cref="SmpTransferStatus.NoResponse"/>.</returns>
        public SmpTransferStatus Send(SmpOperation operation, int group, int command, int attempts, out CborReader response)
        {
            if (attempts < 1)
            {
                throw new ArgumentOutOfRangeException("attempts");
            }

            response = null;
            _sequence = (_sequence + 1) & 0xFF;
            int dataLength = _writer.Length;
            _header.Set((int)operation, group, command, _sequence, dataLength);
            _header.Version = _protocolVersion;
            _header.WriteTo(_request, 0);
            int encodedLength = SmpSerialFramer.Encode(_request, 0, SmpHeader.Size + dataLength, _encoded, 0);
            int expectedOperation = (int)operation + 1;
            for (int attempt = 0; attempt < attempts; attempt++)
            {
                if (attempt > 0)
                {
                    Retries++;
                }

                _port.Write(_encoded, 0, encodedLength);
                long deadline = _clock.UptimeMilliseconds + _timeoutMilliseconds;
                while (true)
                {
                    if (_receiveCount == 0)
                    {
                        long left = deadline - _clock.UptimeMilliseconds;
                        if (left <= 0)
                        {
                            break;
                        }

                        _receiveStart = 0;
                        _receiveCount = _port.Read(_receive, 0, _receive.Length, (int)left);
                        if (_receiveCount == 0)
                        {
                            continue;
                        }
                    }

                    SmpFrameEvent frameEvent = _decoder.Push(_receive[_receiveStart]);
                    _receiveStart++;
                    _receiveCount--;
                    if (frameEvent == SmpFrameEvent.None)
                    {
                        continue;
                    }

                    if (frameEvent != SmpFrameEvent.PacketReady)
                    {
                        DroppedFrames++;
                        continue;
                    }

                    if (_header.TryReadFrom(_decoder.Packet, 0, _decoder.PacketLength)
                        && _header.Sequence == _sequence && _header.Group == group && _header.Command == command
                        && _header.Operation == expectedOperation)
                    {
                        _reader.Reset(_decoder.Packet, SmpHeader.Size, _header.DataLength);
                        response = _reader;
                        return SmpTransferStatus.Ok;
                    }
                }
            }

            return SmpTransferStatus.NoResponse;
        }
    }
}
