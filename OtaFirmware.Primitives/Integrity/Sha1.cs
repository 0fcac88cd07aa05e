// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Integrity
{
    /// <summary>
    /// SHA-1 (FIPS 180-4) fed in pieces, without allocation per call. Used only for HMAC-SHA1 in MQTT sign-in
    /// (Tencent "hmacsha1", Aliyun "hmacsha1"), never for image integrity.
    /// </summary>
    /// <remarks>
    /// Exported state (<see cref="BlockHash.StateSize"/> = 92 bytes): the five chaining words (big-endian, 20 bytes), the byte
    /// count (big-endian, 8 bytes), then the 64-byte block buffer whose first <c>count % 64</c> bytes are pending and
    /// the rest are zero.
    /// </remarks>
    public sealed class Sha1 : BlockHash
    {
        private static readonly uint[] InitialChain = new uint[] { 0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0 };

        private readonly uint[] _w = new uint[80];

        /// <summary>Creates a hash ready for input.</summary>
        public Sha1()
            : base(InitialChain, true, true)
        {
        }

        /// <inheritdoc />
        internal override void ProcessBlock(uint[] chain, byte[] data, int offset)
        {
            uint[] w = _w;
            for (int i = 0; i < 16; i++)
            {
                w[i] = ReadUInt32BigEndian(data, offset + (4 * i));
            }

            for (int i = 16; i < 80; i++)
            {
                uint x = w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16];
                w[i] = (x << 1) | (x >> 31);
            }

            uint a = chain[0];
            uint b = chain[1];
            uint c = chain[2];
            uint d = chain[3];
            uint e = chain[4];
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

            chain[0] += a;
            chain[1] += b;
            chain[2] += c;
            chain[3] += d;
            chain[4] += e;
        }
    }
}
