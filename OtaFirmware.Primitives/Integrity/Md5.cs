// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Integrity
{
    /// <summary>
    /// MD5 (RFC 1321) fed in pieces, without allocation per call.
    /// Exported state (88 bytes): the four chaining words A..D little-endian, the byte count (u64 LE), then the
    /// 64-byte pending block (bytes past the pending count are zero).
    /// </summary>
    public sealed class Md5 : BlockHash
    {
        private static readonly uint[] InitialChain = new uint[] { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476 };

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

        private readonly uint[] _words = new uint[16];

        /// <summary>Creates a hash ready for <see cref="BlockHash.Append"/>.</summary>
        public Md5()
            : base(InitialChain, false, false)
        {
        }

        /// <inheritdoc />
        internal override void ProcessBlock(uint[] chain, byte[] block, int offset)
        {
            uint[] x = _words;
            for (int i = 0; i < 16; i++)
            {
                x[i] = ReadUInt32LittleEndian(block, offset + (i * 4));
            }

            uint a = chain[0];
            uint b = chain[1];
            uint c = chain[2];
            uint d = chain[3];
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

            chain[0] += a;
            chain[1] += b;
            chain[2] += c;
            chain[3] += d;
        }
    }
}
