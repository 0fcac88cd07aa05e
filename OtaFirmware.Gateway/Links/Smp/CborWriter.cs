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
    /// Writes the CBOR subset SMP uses (definite-length maps and arrays, integers, byte and text strings, booleans)
    /// into a caller-owned buffer, without allocating. Reuse one writer per request with <see cref="Reset()"/>.
    /// </summary>
    public sealed class CborWriter
    {
        private byte[] _buffer;
        private int _start;
        private int _end;
        private int _position;

        /// <summary>Creates a writer over <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public CborWriter(byte[] buffer, int offset, int count)
        {
            Reset(buffer, offset, count);
        }

        /// <summary>The buffer written into.</summary>
        public byte[] Buffer
        {
            get { return _buffer; }
        }

        /// <summary>Offset of the first byte written in <see cref="Buffer"/>.</summary>
        public int Offset
        {
            get { return _start; }
        }

        /// <summary>Bytes written since the last <see cref="Reset()"/>.</summary>
        public int Length
        {
            get { return _position - _start; }
        }

        /// <summary>Starts writing again at <paramref name="offset"/> of <paramref name="buffer"/>, with <paramref name="count"/> bytes of room.</summary>
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
            _start = offset;
            _end = offset + count;
            _position = offset;
        }

        /// <summary>Starts writing again at the same start offset.</summary>
        public void Reset()
        {
            _position = _start;
        }

        /// <summary>Writes the header of a map with <paramref name="pairs"/> key/value pairs.</summary>
        /// <returns>True when written; false when the buffer is full (nothing written).</returns>
        public bool WriteMapStart(int pairs)
        {
            return WriteHead(5, (ulong)CheckCount(pairs));
        }

        /// <summary>Writes the header of an array with <paramref name="items"/> items.</summary>
        /// <returns>True when written; false when the buffer is full (nothing written).</returns>
        public bool WriteArrayStart(int items)
        {
            return WriteHead(4, (ulong)CheckCount(items));
        }

        /// <summary>Writes an unsigned integer in the shortest form.</summary>
        /// <returns>True when written; false when the buffer is full (nothing written).</returns>
        public bool WriteUInt(ulong value)
        {
            return WriteHead(0, value);
        }

        /// <summary>Writes a signed integer (major type 0 or 1) in the shortest form.</summary>
        /// <returns>True when written; false when the buffer is full (nothing written).</returns>
        public bool WriteInt(long value)
        {
            if (value >= 0)
            {
                return WriteHead(0, (ulong)value);
            }

            return WriteHead(1, (ulong)(-1 - value));
        }

        /// <summary>Writes a boolean.</summary>
        /// <returns>True when written; false when the buffer is full (nothing written).</returns>
        public bool WriteBool(bool value)
        {
            if (_position >= _end)
            {
                return false;
            }

            _buffer[_position++] = value ? (byte)0xF5 : (byte)0xF4;
            return true;
        }

        /// <summary>Writes <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> as a byte string.</summary>
        /// <returns>True when written; false when the buffer is full (nothing written).</returns>
        public bool WriteBytes(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset + count > data.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            int mark = _position;
            if (!WriteHead(2, (ulong)count) || _end - _position < count)
            {
                _position = mark;
                return false;
            }

            Array.Copy(data, offset, _buffer, _position, count);
            _position += count;
            return true;
        }

        /// <summary>Writes <paramref name="text"/> as a UTF-8 text string.</summary>
        /// <returns>True when written; false when the buffer is full (nothing written).</returns>
        public bool WriteText(string text)
        {
            if (text == null)
            {
                throw new ArgumentNullException("text");
            }

            // Pure ASCII (every key and value of the SMP requests) is copied as is; anything else goes through
            // Encoding.UTF8, because on nanoCLR strings are UTF-8 inside and text[i] is wrong outside the BMP.
            byte[] utf8 = IsAscii(text) ? null : Encoding.UTF8.GetBytes(text);
            int length = utf8 == null ? text.Length : utf8.Length;
            int mark = _position;
            if (!WriteHead(3, (ulong)length) || _end - _position < length)
            {
                _position = mark;
                return false;
            }

            if (utf8 != null)
            {
                Array.Copy(utf8, 0, _buffer, _position, length);
                _position += length;
                return true;
            }

            for (int i = 0; i < length; i++)
            {
                _buffer[_position++] = (byte)text[i];
            }

            return true;
        }

        private static int CheckCount(int count)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            return count;
        }

        private static bool IsAscii(string text)
        {
            for (int i = 0; i < text.Length; i++)
            {
                if (text[i] >= 0x80)
                {
                    return false;
                }
            }

            return true;
        }

        private bool WriteHead(int major, ulong argument)
        {
            int size = argument < 24 ? 1 : (argument <= 0xFF ? 2 : (argument <= 0xFFFF ? 3 : (argument <= 0xFFFFFFFF ? 5 : 9)));
            if (_end - _position < size)
            {
                return false;
            }

            int prefix = major << 5;
            switch (size)
            {
                case 1:
                    _buffer[_position++] = (byte)(prefix | (int)argument);
                    break;
                case 2:
                    _buffer[_position++] = (byte)(prefix | 24);
                    _buffer[_position++] = (byte)argument;
                    break;
                case 3:
                    _buffer[_position++] = (byte)(prefix | 25);
                    WriteBigEndian(argument, 2);
                    break;
                case 5:
                    _buffer[_position++] = (byte)(prefix | 26);
                    WriteBigEndian(argument, 4);
                    break;
                default:
                    _buffer[_position++] = (byte)(prefix | 27);
                    WriteBigEndian(argument, 8);
                    break;
            }

            return true;
        }

        private void WriteBigEndian(ulong value, int bytes)
        {
            for (int i = bytes - 1; i >= 0; i--)
            {
                _buffer[_position++] = (byte)(value >> (8 * i));
            }
        }
    }
}
