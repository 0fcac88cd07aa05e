// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>
    /// Serves an image from memory with real Range semantics, and misbehaves on request: drops the connection at
    /// a byte, ignores Range, sends a wrong Content-Range, answers a status code. Records every request's offset.
    /// </summary>
    public sealed class FakeFirmwareSource : IFirmwareSource
    {
        private readonly ArrayList _requestedOffsets = new ArrayList();
        private byte[] _image;
        private bool _open;
        private int _position;
        private int _end;

        /// <summary>Creates a source serving <paramref name="image"/>.</summary>
        public FakeFirmwareSource(byte[] image)
        {
            _image = image;
            DropAtOffset = -1;
            FailOpensWithStatus = 0;
            FailOpensCount = 0;
        }

        /// <summary>The connection breaks when the body reaches this image offset (once), -1 for never.</summary>
        public int DropAtOffset { get; set; }

        /// <summary>When true, every request is answered 200 with the whole image.</summary>
        public bool IgnoreRange { get; set; }

        /// <summary>When true, 206 answers name a Content-Range one block off.</summary>
        public bool WrongContentRange { get; set; }

        /// <summary>When true, 206 answers end one byte short of what was asked (an unaligned end), except at the image end.</summary>
        public bool ShortUnalignedRanges { get; set; }

        /// <summary>HTTP status for the next <see cref="FailOpensCount"/> opens (e.g. 403), 0 for none.</summary>
        public int FailOpensWithStatus { get; set; }

        /// <summary>How many opens fail with <see cref="FailOpensWithStatus"/>.</summary>
        public int FailOpensCount { get; set; }

        /// <summary>At most this many body bytes per read (a server that trickles), 0 for no limit.</summary>
        public int MaxBytesPerRead { get; set; }

        /// <summary>Each read takes this long on <see cref="Clock"/> (a slow server within the read's bound).</summary>
        public int MillisecondsPerRead { get; set; }

        /// <summary>How many of the next reads end by their bound without a byte (<see cref="SourceStatus.NoDataYet"/>), each after <see cref="MillisecondsPerRead"/>.</summary>
        public int QuietReads { get; set; }

        /// <summary>How many of the next opens end by their bound before the response (<see cref="SourceStatus.NoDataYet"/>,
        /// nothing opened), each after <see cref="MillisecondsPerRead"/>. The request stays outstanding: it is not
        /// recorded in <see cref="RequestedOffsets"/> until the open that answers.</summary>
        public int QuietOpens { get; set; }

        /// <summary>Closes so far.</summary>
        public int Closes { get; private set; }

        /// <summary>The clock reads advance, or null.</summary>
        public FakeClock Clock { get; set; }

        /// <summary>When true, Open fails as if the server were unreachable.</summary>
        public bool Unreachable { get; set; }

        /// <summary>The URL the last Open used.</summary>
        public string LastUrl { get; private set; }

        /// <summary>Offsets of every Open so far.</summary>
        public ArrayList RequestedOffsets
        {
            get { return _requestedOffsets; }
        }

        /// <summary>Body bytes served so far.</summary>
        public long BytesServed { get; private set; }

        /// <summary>Replaces the served image (a server that changed the file).</summary>
        public void Replace(byte[] image)
        {
            _image = image;
        }

        /// <inheritdoc />
        public SourceStatus Open(string url, int offset, int length, ref HttpFacts facts)
        {
            if (QuietOpens > 0)
            {
                QuietOpens--;
                if (Clock != null)
                {
                    Clock.Sleep(MillisecondsPerRead);
                }

                facts.Reset();
                return SourceStatus.NoDataYet;
            }

            Close();
            LastUrl = url;
            _requestedOffsets.Add(offset);
            facts.Reset();
            if (Unreachable)
            {
                return SourceStatus.ConnectFailed;
            }

            if (FailOpensCount > 0)
            {
                FailOpensCount--;
                facts.StatusCode = FailOpensWithStatus;
                return SourceStatus.HttpError;
            }

            bool ranged = offset > 0 || length > 0;
            if (!ranged || IgnoreRange)
            {
                facts.StatusCode = 200;
                facts.ContentLength = _image.Length;
                _position = 0;
                _end = _image.Length;
            }
            else
            {
                if (offset >= _image.Length)
                {
                    facts.StatusCode = 416;
                    facts.TotalLength = _image.Length;
                    return SourceStatus.HttpError;
                }

                int last = length > 0 ? offset + length - 1 : _image.Length - 1;
                if (last >= _image.Length)
                {
                    last = _image.Length - 1;
                }

                if (ShortUnalignedRanges && last < _image.Length - 1 && last > offset)
                {
                    last--;
                }

                facts.StatusCode = 206;
                facts.RangeFirst = WrongContentRange ? offset + 4096 : offset;
                facts.RangeLast = last;
                facts.TotalLength = _image.Length;
                facts.ContentLength = last - offset + 1;
                _position = offset;
                _end = last + 1;
            }

            _open = true;
            return SourceStatus.Ok;
        }

        /// <inheritdoc />
        public SourceStatus Read(byte[] buffer, int offset, int count, out int bytesRead)
        {
            bytesRead = 0;
            if (!_open)
            {
                return SourceStatus.ConnectionDropped;
            }

            if (Clock != null)
            {
                Clock.Sleep(MillisecondsPerRead);
            }

            if (QuietReads > 0)
            {
                QuietReads--;
                return SourceStatus.NoDataYet;
            }

            int available = _end - _position;
            int n = count < available ? count : available;
            if (MaxBytesPerRead > 0 && n > MaxBytesPerRead)
            {
                n = MaxBytesPerRead;
            }

            if (DropAtOffset >= 0 && _position <= DropAtOffset && _position + n > DropAtOffset)
            {
                n = DropAtOffset - _position;
                if (n == 0)
                {
                    DropAtOffset = -1;
                    _open = false;
                    return SourceStatus.ConnectionDropped;
                }
            }

            for (int i = 0; i < n; i++)
            {
                buffer[offset + i] = _image[_position + i];
            }

            _position += n;
            BytesServed += n;
            bytesRead = n;
            return SourceStatus.Ok;
        }

        /// <inheritdoc />
        public void Close()
        {
            Closes++;
            _open = false;
        }
    }
}
