// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Integrity
{
    /// <summary>
    /// SHA-1 (FIPS 180-4) fed in pieces, without allocation per call. Used only for HMAC-SHA1 in MQTT sign-in
    /// (Tencent "hmacsha1", Aliyun "hmacsha1"), never for image integrity.
    /// </summary>
    /// <remarks>
    /// Exported state (<see cref="StateSize"/> = 92 bytes): the five chaining words (big-endian, 20 bytes), the byte
    /// count (big-endian, 8 bytes), then the 64-byte block buffer whose first <c>count % 64</c> bytes are pending and
    /// the rest are zero.
    /// </remarks>
    public sealed class Sha1 : IStreamingHash
    {
        private const int StateBytes = 92;

        private readonly uint[] _h = new uint[5];
        private readonly uint[] _w = new uint[80];
        private readonly byte[] _block = new byte[64];
        private long _length;

        /// <summary>Creates a hash ready for input.</summary>
        public Sha1()
        {
            Reset();
        }

        /// <inheritdoc />
        public int DigestSize
        {
            get { return 20; }
        }

        /// <inheritdoc />
        public int BlockSize
        {
            get { return 64; }
        }

        /// <inheritdoc />
        public int StateSize
        {
            get { return StateBytes; }
        }

        /// <inheritdoc />
        public long Length
        {
            get { return _length; }
        }

        /// <inheritdoc />
        public void Reset()
        {
            _h[0] = 0x67452301;
            _h[1] = 0xEFCDAB89;
            _h[2] = 0x98BADCFE;
            _h[3] = 0x10325476;
            _h[4] = 0xC3D2E1F0;
            _length = 0;
            Array.Clear(_block, 0, 64);
        }

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range is outside <paramref name="buffer"/>.</exception>
        public void Append(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            int pending = (int)(_length & 63);
            _length += count;
            if (pending > 0)
            {
                int take = 64 - pending;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(buffer, offset, _block, pending, take);
                offset += take;
                count -= take;
                if (pending + take < 64)
                {
                    return;
                }

                Compress(_block, 0);
            }

            while (count >= 64)
            {
                Compress(buffer, offset);
                offset += 64;
                count -= 64;
            }

            if (count > 0)
            {
                Array.Copy(buffer, offset, _block, 0, count);
            }
        }

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="digest"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than 20 bytes fit at <paramref name="offset"/>.</exception>
        public void Finish(byte[] digest, int offset)
        {
            if (digest == null)
            {
                throw new ArgumentNullException("digest");
            }

            if (offset < 0 || offset > digest.Length - 20)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            long bits = _length * 8;
            int pending = (int)(_length & 63);
            _block[pending] = 0x80;
            Array.Clear(_block, pending + 1, 63 - pending);
            if (pending >= 56)
            {
                Compress(_block, 0);
                Array.Clear(_block, 0, 64);
            }

            for (int i = 0; i < 8; i++)
            {
                _block[63 - i] = (byte)(bits >> (8 * i));
            }

            Compress(_block, 0);
            for (int i = 0; i < 5; i++)
            {
                WriteBigEndian(_h[i], digest, offset + (4 * i));
            }
        }

        /// <inheritdoc />
        /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than 92 bytes fit at <paramref name="offset"/>.</exception>
        public void ExportState(byte[] destination, int offset)
        {
            if (destination == null)
            {
                throw new ArgumentNullException("destination");
            }

            if (offset < 0 || offset > destination.Length - StateBytes)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            for (int i = 0; i < 5; i++)
            {
                WriteBigEndian(_h[i], destination, offset + (4 * i));
            }

            WriteBigEndian((uint)(_length >> 32), destination, offset + 20);
            WriteBigEndian((uint)_length, destination, offset + 24);
            int pending = (int)(_length & 63);
            Array.Copy(_block, 0, destination, offset + 28, pending);
            Array.Clear(destination, offset + 28 + pending, 64 - pending);
        }

        /// <inheritdoc />
        /// <returns>True when restored; false (hash unchanged) when the length is negative or the unused buffer bytes are not zero.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than 92 bytes are available at <paramref name="offset"/>.</exception>
        public bool ImportState(byte[] source, int offset)
        {
            if (source == null)
            {
                throw new ArgumentNullException("source");
            }

            if (offset < 0 || offset > source.Length - StateBytes)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            long length = ((long)ReadBigEndian(source, offset + 20) << 32) | ReadBigEndian(source, offset + 24);
            if (length < 0 || length > long.MaxValue / 8)
            {
                return false;
            }

            int pending = (int)(length & 63);
            for (int i = pending; i < 64; i++)
            {
                if (source[offset + 28 + i] != 0)
                {
                    return false;
                }
            }

            for (int i = 0; i < 5; i++)
            {
                _h[i] = ReadBigEndian(source, offset + (4 * i));
            }

            _length = length;
            Array.Copy(source, offset + 28, _block, 0, 64);
            return true;
        }

        private void Compress(byte[] data, int offset)
        {
            uint[] w = _w;
            for (int i = 0; i < 16; i++)
            {
                w[i] = ReadBigEndian(data, offset + (4 * i));
            }

            for (int i = 16; i < 80; i++)
            {
                uint x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
                w[i] = (x << 1) | (x >> 31);
            }

            uint a = _h[0];
            uint b = _h[1];
            uint c = _h[2];
            uint d = _h[3];
            uint e = _h[4];
            for (int i = 0; i < 80; i++)
            {
                uint f;
                uint k;
                if (i < 20)
                {
                    f = (b & c) | (~b & d);
                    k = 0x5A827999;
                }
                else if (i < 40)
                {
                    f = b ^ c ^ d;
                    k = 0x6ED9EBA1;
                }
                else if (i < 60)
                {
                    f = (b & c) | (b & d) | (c & d);
                    k = 0x8F1BBCDC;
                }
                else
                {
                    f = b ^ c ^ d;
                    k = 0xCA62C1D6;
                }

                uint t = ((a << 5) | (a >> 27)) + f + e + k + w[i];
                e = d;
                d = c;
                c = (b << 30) | (b >> 2);
                b = a;
                a = t;
            }

            _h[0] += a;
            _h[1] += b;
            _h[2] += c;
            _h[3] += d;
            _h[4] += e;
        }

        private static uint ReadBigEndian(byte[] data, int offset)
        {
            return ((uint)data[offset] << 24) | ((uint)data[offset + 1] << 16) | ((uint)data[offset + 2] << 8) | data[offset + 3];
        }

        private static void WriteBigEndian(uint value, byte[] data, int offset)
        {
            data[offset] = (byte)(value >> 24);
            data[offset + 1] = (byte)(value >> 16);
            data[offset + 2] = (byte)(value >> 8);
            data[offset + 3] = (byte)value;
        }
    }
}
