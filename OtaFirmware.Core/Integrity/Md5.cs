// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Integrity
{
    /// <summary>
    /// MD5 (RFC 1321) fed in pieces. Every buffer is allocated in the constructor: <see cref="Append"/>,
    /// <see cref="Finish"/>, <see cref="ExportState"/> and <see cref="ImportState"/> allocate nothing.
    /// Exported state (88 bytes): the four chaining words A..D little-endian, the byte count (u64 LE), then the
    /// 64-byte pending block (bytes past the pending count are zero).
    /// </summary>
    public sealed class Md5 : IStreamingHash
    {
        private const int BlockLength = 64;
        private const int StateLength = 16 + 8 + BlockLength;

        private static readonly uint[] RoundConstants = new uint[]
        {
            0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
            0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
            0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
            0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
            0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
            0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
            0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
            0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
        };

        private static readonly int[] Shifts = new int[]
        {
            7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
            5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
            4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
            6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
        };

        private readonly byte[] _pending = new byte[BlockLength];
        private readonly uint[] _words = new uint[16];
        private uint _a;
        private uint _b;
        private uint _c;
        private uint _d;
        private long _length;
        private bool _finished;

        /// <summary>Creates a hash ready for <see cref="Append"/>.</summary>
        public Md5()
        {
            Reset();
        }

        /// <summary>Digest length in bytes: 16.</summary>
        public int DigestSize
        {
            get { return 16; }
        }

        /// <summary>Block length in bytes: 64.</summary>
        public int BlockSize
        {
            get { return BlockLength; }
        }

        /// <summary>Exported state length in bytes: 88.</summary>
        public int StateSize
        {
            get { return StateLength; }
        }

        /// <summary>Bytes appended since the last <see cref="Reset"/>.</summary>
        public long Length
        {
            get { return _length; }
        }

        /// <summary>Starts a new hash.</summary>
        public void Reset()
        {
            _a = 0x67452301;
            _b = 0xefcdab89;
            _c = 0x98badcfe;
            _d = 0x10325476;
            _length = 0;
            _finished = false;
            Array.Clear(_pending, 0, BlockLength);
        }

        /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public void Append(byte[] buffer, int offset, int count)
        {
            HashBlocks.CheckRange(buffer, offset, count);
            CheckNotFinished();
            int used = (int)(_length & (BlockLength - 1));
            _length += count;

            if (used > 0)
            {
                int take = BlockLength - used;
                if (take > count)
                {
                    take = count;
                }

                Array.Copy(buffer, offset, _pending, used, take);
                offset += take;
                count -= take;
                used += take;
                if (used < BlockLength)
                {
                    return;
                }

                Compress(_pending, 0);
            }

            while (count >= BlockLength)
            {
                Compress(buffer, offset);
                offset += BlockLength;
                count -= BlockLength;
            }

            if (count > 0)
            {
                Array.Copy(buffer, offset, _pending, 0, count);
            }
        }

        /// <summary>Writes the 16-byte digest at <paramref name="offset"/> of <paramref name="digest"/>; call <see cref="Reset"/> before reusing.</summary>
        public void Finish(byte[] digest, int offset)
        {
            HashBlocks.CheckRange(digest, offset, 16);
            CheckNotFinished();
            int used = (int)(_length & (BlockLength - 1));
            _pending[used] = 0x80;
            Array.Clear(_pending, used + 1, BlockLength - used - 1);
            if (used >= 56)
            {
                Compress(_pending, 0);
                Array.Clear(_pending, 0, BlockLength);
            }

            long bits = _length << 3;
            HashBlocks.WriteUInt32LittleEndian(_pending, 56, (uint)bits);
            HashBlocks.WriteUInt32LittleEndian(_pending, 60, (uint)(bits >> 32));
            Compress(_pending, 0);

            HashBlocks.WriteUInt32LittleEndian(digest, offset, _a);
            HashBlocks.WriteUInt32LittleEndian(digest, offset + 4, _b);
            HashBlocks.WriteUInt32LittleEndian(digest, offset + 8, _c);
            HashBlocks.WriteUInt32LittleEndian(digest, offset + 12, _d);
            _finished = true;
        }

        /// <summary>Writes the 88-byte mid-state at <paramref name="offset"/> of <paramref name="destination"/>.</summary>
        public void ExportState(byte[] destination, int offset)
        {
            HashBlocks.CheckRange(destination, offset, StateLength);
            CheckNotFinished();
            HashBlocks.WriteUInt32LittleEndian(destination, offset, _a);
            HashBlocks.WriteUInt32LittleEndian(destination, offset + 4, _b);
            HashBlocks.WriteUInt32LittleEndian(destination, offset + 8, _c);
            HashBlocks.WriteUInt32LittleEndian(destination, offset + 12, _d);
            HashBlocks.ExportLengthAndBlock(_length, _pending, destination, offset + 16);
        }

        /// <summary>Restores a mid-state written by <see cref="ExportState"/>.</summary>
        /// <returns>True when restored; false (and the hash unchanged) when the byte count is negative or too large,
        /// or bytes past the pending count of the block are not zero.</returns>
        public bool ImportState(byte[] source, int offset)
        {
            HashBlocks.CheckRange(source, offset, StateLength);
            long length = HashBlocks.ReadValidLengthAndBlock(source, offset + 16);
            if (length < 0)
            {
                return false;
            }

            _a = HashBlocks.ReadUInt32LittleEndian(source, offset);
            _b = HashBlocks.ReadUInt32LittleEndian(source, offset + 4);
            _c = HashBlocks.ReadUInt32LittleEndian(source, offset + 8);
            _d = HashBlocks.ReadUInt32LittleEndian(source, offset + 12);
            _length = length;
            _finished = false;
            Array.Copy(source, offset + 24, _pending, 0, BlockLength);
            return true;
        }

        private void CheckNotFinished()
        {
            if (_finished)
            {
                throw new InvalidOperationException("Finish was called: Reset first");
            }
        }

        private void Compress(byte[] block, int offset)
        {
            uint[] x = _words;
            for (int i = 0; i < 16; i++)
            {
                x[i] = HashBlocks.ReadUInt32LittleEndian(block, offset + (i * 4));
            }

            uint a = _a;
            uint b = _b;
            uint c = _c;
            uint d = _d;
            for (int i = 0; i < 64; i++)
            {
                uint f;
                int g;
                if (i < 16)
                {
                    f = (b & c) | (~b & d);
                    g = i;
                }
                else if (i < 32)
                {
                    f = (d & b) | (~d & c);
                    g = ((5 * i) + 1) & 15;
                }
                else if (i < 48)
                {
                    f = b ^ c ^ d;
                    g = ((3 * i) + 5) & 15;
                }
                else
                {
                    f = c ^ (b | ~d);
                    g = (7 * i) & 15;
                }

                f = f + a + RoundConstants[i] + x[g];
                a = d;
                d = c;
                c = b;
                int s = Shifts[i];
                b = b + ((f << s) | (f >> (32 - s)));
            }

            _a += a;
            _b += b;
            _c += c;
            _d += d;
        }
    }
}
