// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>
    /// Pull reader for the CBOR subset SMP uses: maps and arrays (definite or indefinite length), unsigned and negative
    /// integers, byte and text strings (definite length), booleans and null; tags and floats can be skipped. Never
    /// throws on bad input: every read returns a <see cref="CborStatus"/> and leaves the position unchanged on failure.
    /// Strings are returned as slices of the input, so reading allocates nothing (except <see cref="ReadText"/>).
    /// </summary>
    public sealed class CborReader
    {
        /// <summary>Deepest nesting <see cref="Skip"/> follows.</summary>
        public const int MaxDepth = 16;

        private byte[] _buffer;
        private int _position;
        private int _end;

        /// <summary>Creates a reader over <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public CborReader(byte[] buffer, int offset, int count)
        {
            Reset(buffer, offset, count);
        }

        /// <summary>The buffer being read (string slices index into it).</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Bytes not read yet.</summary>
        public int Remaining
        {
            get { return _end - _position; }
        }

        /// <summary>Starts reading <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            _buffer = buffer;
            _position = offset;
            _end = offset + count;
        }

        /// <summary>Tells the type of the next item without consuming it.</summary>
        /// <returns><see cref="CborStatus.Ok"/>, <see cref="CborStatus.EndOfData"/> or <see cref="CborStatus.Malformed"/>.</returns>
        public CborStatus PeekType(out CborType type)
        {
            type = CborType.Simple;
            if (_position >= _end)
            {
                return CborStatus.EndOfData;
            }

            int initial = _buffer[_position];
            int major = initial >> 5;
            int info = initial & 0x1F;
            if (major < 7)
            {
                if (info >= 28 && info <= 30)
                {
                    return CborStatus.Malformed;
                }

                type = (CborType)major;
                return CborStatus.Ok;
            }

            if (info == 20 || info == 21)
            {
                type = CborType.Boolean;
            }
            else if (info == 22 || info == 23)
            {
                type = CborType.Null;
            }
            else if (info >= 25 && info <= 27)
            {
                type = CborType.Float;
            }
            else if (info == 31)
            {
                type = CborType.Break;
            }
            else if (info >= 28)
            {
                return CborStatus.Malformed;
            }

            return CborStatus.Ok;
        }

        /// <summary>Reads the header of a map.</summary>
        /// <param name="pairs">Number of key/value pairs, or -1 for an indefinite-length map (ended by a break).</param>
        /// <returns><see cref="CborStatus.Ok"/>, <see cref="CborStatus.EndOfData"/>, <see cref="CborStatus.TypeMismatch"/>
        /// or <see cref="CborStatus.Malformed"/> (a count larger than the remaining input could hold).</returns>
        public CborStatus ReadMapStart(out int pairs)
        {
            return ReadContainerStart(5, 2, out pairs);
        }

        /// <summary>Reads the header of an array.</summary>
        /// <param name="items">Number of items, or -1 for an indefinite-length array (ended by a break).</param>
        /// <returns><see cref="CborStatus.Ok"/>, <see cref="CborStatus.EndOfData"/>, <see cref="CborStatus.TypeMismatch"/>
        /// or <see cref="CborStatus.Malformed"/>.</returns>
        public CborStatus ReadArrayStart(out int items)
        {
            return ReadContainerStart(4, 1, out items);
        }

        /// <summary>Consumes the next item when it is a break (end of an indefinite-length container).</summary>
        /// <returns>True when a break was consumed; false (nothing consumed) otherwise.</returns>
        public bool TryReadBreak()
        {
            if (_position < _end && _buffer[_position] == 0xFF)
            {
                _position++;
                return true;
            }

            return false;
        }

        /// <summary>Reads an unsigned integer (major type 0).</summary>
        /// <returns><see cref="CborStatus.Ok"/>, <see cref="CborStatus.EndOfData"/>, <see cref="CborStatus.TypeMismatch"/>
        /// or <see cref="CborStatus.Malformed"/>.</returns>
        public CborStatus ReadUInt64(out ulong value)
        {
            int major;
            int size;
            CborStatus status = ReadHead(out major, out value, out size);
            if (status != CborStatus.Ok)
            {
                return status;
            }

            if (major != 0)
            {
                value = 0;
                return CborStatus.TypeMismatch;
            }

            _position += size;
            return CborStatus.Ok;
        }

        /// <summary>Reads an unsigned or negative integer (major type 0 or 1).</summary>
        /// <returns><see cref="CborStatus.Ok"/>, <see cref="CborStatus.EndOfData"/>, <see cref="CborStatus.TypeMismatch"/>,
        /// <see cref="CborStatus.Malformed"/> or <see cref="CborStatus.Overflow"/> (outside the range of long).</returns>
        public CborStatus ReadInt64(out long value)
        {
            value = 0;
            int major;
            int size;
            ulong argument;
            CborStatus status = ReadHead(out major, out argument, out size);
            if (status != CborStatus.Ok)
            {
                return status;
            }

            if (major != 0 && major != 1)
            {
                return CborStatus.TypeMismatch;
            }

            if (argument > long.MaxValue)
            {
                return CborStatus.Overflow;
            }

            value = major == 0 ? (long)argument : -1 - (long)argument;
            _position += size;
            return CborStatus.Ok;
        }

        /// <summary>Reads an integer that must fit an <see cref="int"/>.</summary>
        /// <returns><see cref="CborStatus.Ok"/>, <see cref="CborStatus.EndOfData"/>, <see cref="CborStatus.TypeMismatch"/>,
        /// <see cref="CborStatus.Malformed"/> or <see cref="CborStatus.Overflow"/>.</returns>
        public CborStatus ReadInt32(out int value)
        {
            value = 0;
            int mark = _position;
            long wide;
            CborStatus status = ReadInt64(out wide);
            if (status != CborStatus.Ok)
            {
                return status;
            }

            if (wide < int.MinValue || wide > int.MaxValue)
            {
                _position = mark;
                return CborStatus.Overflow;
            }

            value = (int)wide;
            return CborStatus.Ok;
        }

        /// <summary>Reads a boolean.</summary>
        /// <returns><see cref="CborStatus.Ok"/>, <see cref="CborStatus.EndOfData"/> or <see cref="CborStatus.TypeMismatch"/>.</returns>
        public CborStatus ReadBool(out bool value)
        {
            value = false;
            if (_position >= _end)
            {
                return CborStatus.EndOfData;
            }

            int initial = _buffer[_position];
            if (initial != 0xF4 && initial != 0xF5)
            {
                return CborStatus.TypeMismatch;
            }

            value = initial == 0xF5;
            _position++;
            return CborStatus.Ok;
        }

        /// <summary>Reads a definite-length byte string as a slice of <see cref="Buffer"/>.</summary>
        /// <returns><see cref="CborStatus.Ok"/>, <see cref="CborStatus.EndOfData"/>, <see cref="CborStatus.TypeMismatch"/>,
        /// <see cref="CborStatus.Malformed"/> or <see cref="CborStatus.Unsupported"/> (indefinite length).</returns>
        public CborStatus ReadByteString(out int offset, out int length)
        {
            return ReadString(2, out offset, out length);
        }

        /// <summary>Reads a definite-length text string as a slice of <see cref="Buffer"/> (UTF-8, not validated).</summary>
        /// <returns><see cref="CborStatus.Ok"/>, <see cref="CborStatus.EndOfData"/>, <see cref="CborStatus.TypeMismatch"/>,
        /// <see cref="CborStatus.Malformed"/> or <see cref="CborStatus.Unsupported"/> (indefinite length).</returns>
        public CborStatus ReadTextString(out int offset, out int length)
        {
            return ReadString(3, out offset, out length);
        }

        /// <summary>Reads a text string into a new <see cref="string"/>.</summary>
        /// <returns>The statuses of <see cref="ReadTextString"/>.</returns>
        public CborStatus ReadText(out string text)
        {
            text = null;
            int offset;
            int length;
            CborStatus status = ReadTextString(out offset, out length);
            if (status == CborStatus.Ok)
            {
                text = length == 0 ? string.Empty : Encoding.UTF8.GetString(_buffer, offset, length);
            }

            return status;
        }

        /// <summary>Reads a byte string into a new array.</summary>
        /// <returns>The statuses of <see cref="ReadByteString"/>.</returns>
        public CborStatus ReadBytes(out byte[] bytes)
        {
            bytes = null;
            int offset;
            int length;
            CborStatus status = ReadByteString(out offset, out length);
            if (status == CborStatus.Ok)
            {
                bytes = new byte[length];
                Array.Copy(_buffer, offset, bytes, 0, length);
            }

            return status;
        }

        /// <summary>True when the text slice equals the ASCII string <paramref name="ascii"/> (for map keys).</summary>
        public bool TextEquals(int offset, int length, string ascii)
        {
            if (ascii == null || ascii.Length != length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (_buffer[offset + i] != ascii[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Skips the next item with everything nested in it (at most <see cref="MaxDepth"/> levels).</summary>
        /// <returns><see cref="CborStatus.Ok"/>, <see cref="CborStatus.EndOfData"/>, <see cref="CborStatus.Malformed"/>,
        /// <see cref="CborStatus.Unsupported"/> or <see cref="CborStatus.TooDeep"/>; on failure the position is unchanged.</returns>
        public CborStatus Skip()
        {
            int mark = _position;
            CborStatus status = SkipItem(0);
            if (status != CborStatus.Ok)
            {
                _position = mark;
            }

            return status;
        }

        private CborStatus SkipItem(int depth)
        {
            if (depth >= MaxDepth)
            {
                return CborStatus.TooDeep;
            }

            if (_position >= _end)
            {
                return CborStatus.EndOfData;
            }

            int initial = _buffer[_position];
            int major = initial >> 5;
            int info = initial & 0x1F;
            if (initial == 0xFF)
            {
                return CborStatus.Malformed;
            }

            if (info == 31 && (major == 4 || major == 5))
            {
                _position++;
                while (!TryReadBreak())
                {
                    CborStatus inner = SkipItem(depth + 1);
                    if (inner != CborStatus.Ok)
                    {
                        return inner;
                    }

                    if (major == 5)
                    {
                        inner = SkipItem(depth + 1);
                        if (inner != CborStatus.Ok)
                        {
                            return inner;
                        }
                    }
                }

                return CborStatus.Ok;
            }

            if (info == 31)
            {
                return major == 7 ? CborStatus.Malformed : CborStatus.Unsupported;
            }

            int headMajor;
            int size;
            ulong argument;
            CborStatus status = ReadHead(out headMajor, out argument, out size);
            if (status != CborStatus.Ok)
            {
                return status;
            }

            _position += size;
            switch (major)
            {
                case 2:
                case 3:
                    if (argument > (ulong)(_end - _position))
                    {
                        return CborStatus.EndOfData;
                    }

                    _position += (int)argument;
                    return CborStatus.Ok;
                case 4:
                case 5:
                    if (argument > (ulong)(_end - _position))
                    {
                        return CborStatus.Malformed;
                    }

                    int items = (int)argument * (major == 5 ? 2 : 1);
                    for (int i = 0; i < items; i++)
                    {
                        CborStatus inner = SkipItem(depth + 1);
                        if (inner != CborStatus.Ok)
                        {
                            return inner;
                        }
                    }

                    return CborStatus.Ok;
                case 6:
                    return SkipItem(depth + 1);
                default:
                    return CborStatus.Ok;
            }
        }

        private CborStatus ReadContainerStart(int expectedMajor, int minBytesPerItem, out int count)
        {
            count = 0;
            if (_position >= _end)
            {
                return CborStatus.EndOfData;
            }

            int initial = _buffer[_position];
            if ((initial >> 5) != expectedMajor)
            {
                return CborStatus.TypeMismatch;
            }

            if ((initial & 0x1F) == 31)
            {
                count = -1;
                _position++;
                return CborStatus.Ok;
            }

            int major;
            int size;
            ulong argument;
            CborStatus status = ReadHead(out major, out argument, out size);
            if (status != CborStatus.Ok)
            {
                return status;
            }

            if (argument > (ulong)((_end - _position - size) / minBytesPerItem))
            {
                return CborStatus.Malformed;
            }

            count = (int)argument;
            _position += size;
            return CborStatus.Ok;
        }

        private CborStatus ReadString(int expectedMajor, out int offset, out int length)
        {
            offset = 0;
            length = 0;
            if (_position >= _end)
            {
                return CborStatus.EndOfData;
            }

            int initial = _buffer[_position];
            if ((initial >> 5) != expectedMajor)
            {
                return CborStatus.TypeMismatch;
            }

            if ((initial & 0x1F) == 31)
            {
                return CborStatus.Unsupported;
            }

            int major;
            int size;
            ulong argument;
            CborStatus status = ReadHead(out major, out argument, out size);
            if (status != CborStatus.Ok)
            {
                return status;
            }

            if (argument > (ulong)(_end - _position - size))
            {
                return CborStatus.EndOfData;
            }

            offset = _position + size;
            length = (int)argument;
            _position = offset + length;
            return CborStatus.Ok;
        }

        // Decodes the head at the current position without consuming it.
        private CborStatus ReadHead(out int major, out ulong argument, out int size)
        {
            major = 0;
            argument = 0;
            size = 0;
            if (_position >= _end)
            {
                return CborStatus.EndOfData;
            }

            int initial = _buffer[_position];
            major = initial >> 5;
            int info = initial & 0x1F;
            if (info < 24)
            {
                argument = (ulong)info;
                size = 1;
                return CborStatus.Ok;
            }

            if (info > 27)
            {
                return CborStatus.Malformed;
            }

            int extra = 1 << (info - 24);
            if (_end - _position - 1 < extra)
            {
                return CborStatus.EndOfData;
            }

            for (int i = 1; i <= extra; i++)
            {
                argument = (argument << 8) | _buffer[_position + i];
            }

            size = 1 + extra;
            return CborStatus.Ok;
        }
    }
}
