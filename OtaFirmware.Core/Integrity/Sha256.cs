// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Integrity
{
    /// <summary>
    /// SHA-256 (FIPS 180-4) fed in pieces. Every buffer is allocated in the constructor: <see cref="Append"/>,
    /// <see cref="Finish"/>, <see cref="ExportState"/> and <see cref="ImportState"/> allocate nothing.
    /// Exported state (104 bytes): the eight chaining words H0..H7 little-endian, the byte count (u64 LE), then the
    /// 64-byte pending block (bytes past the pending count are zero).
    /// </summary>
    public sealed class Sha256 : IStreamingHash
    {
        private const int BlockLength = 64;
        private const int StateLength = 32 + 8 + BlockLength;

        private static readonly uint[] RoundConstants = new uint[]
        {
            0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
            0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
            0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
            0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
            0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
            0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
            0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
            0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
        };

        private readonly byte[] _pending = new byte[BlockLength];
        private readonly uint[] _schedule = new uint[64];
        private readonly uint[] _h = new uint[8];
        private long _length;
        private bool _finished;

        /// <summary>Creates a hash ready for <see cref="Append"/>.</summary>
        public Sha256()
        {
            Reset();
        }

        /// <summary>Digest length in bytes: 32.</summary>
        public int DigestSize
        {
            get { return 32; }
        }

        /// <summary>Block length in bytes: 64.</summary>
        public int BlockSize
        {
            get { return BlockLength; }
        }

        /// <summary>Exported state length in bytes: 104.</summary>
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
            _h[0] = 0x6a09e667;
            _h[1] = 0xbb67ae85;
            _h[2] = 0x3c6ef372;
            _h[3] = 0xa54ff53a;
            _h[4] = 0x510e527f;
            _h[5] = 0x9b05688c;
            _h[6] = 0x1f83d9ab;
            _h[7] = 0x5be0cd19;
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

        /// <summary>Writes the 32-byte digest at <paramref name="offset"/> of <paramref name="digest"/>; call <see cref="Reset"/> before reusing.</summary>
        public void Finish(byte[] digest, int offset)
        {
            HashBlocks.CheckRange(digest, offset, 32);
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
            HashBlocks.WriteUInt32BigEndian(_pending, 56, (uint)(bits >> 32));
            HashBlocks.WriteUInt32BigEndian(_pending, 60, (uint)bits);
            Compress(_pending, 0);

            for (int i = 0; i < 8; i++)
            {
                HashBlocks.WriteUInt32BigEndian(digest, offset + (i * 4), _h[i]);
            }

            _finished = true;
        }

        /// <summary>Writes the 104-byte mid-state at <paramref name="offset"/> of <paramref name="destination"/>.</summary>
        public void ExportState(byte[] destination, int offset)
        {
            HashBlocks.CheckRange(destination, offset, StateLength);
            CheckNotFinished();
            for (int i = 0; i < 8; i++)
            {
                HashBlocks.WriteUInt32LittleEndian(destination, offset + (i * 4), _h[i]);
            }

            HashBlocks.ExportLengthAndBlock(_length, _pending, destination, offset + 32);
        }

        /// <summary>Restores a mid-state written by <see cref="ExportState"/>.</summary>
        /// <returns>True when restored; false (and the hash unchanged) when the byte count is negative or too large,
        /// or bytes past the pending count of the block are not zero.</returns>
        public bool ImportState(byte[] source, int offset)
        {
            HashBlocks.CheckRange(source, offset, StateLength);
            long length = HashBlocks.ReadValidLengthAndBlock(source, offset + 32);
            if (length < 0)
            {
                return false;
            }

            for (int i = 0; i < 8; i++)
            {
                _h[i] = HashBlocks.ReadUInt32LittleEndian(source, offset + (i * 4));
            }

            _length = length;
            _finished = false;
            Array.Copy(source, offset + 40, _pending, 0, BlockLength);
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
            uint[] w = _schedule;
            for (int i = 0; i < 16; i++)
            {
                w[i] = HashBlocks.ReadUInt32BigEndian(block, offset + (i * 4));
            }

            for (int i = 16; i < 64; i++)
            {
                uint w15 = w[i - 15];
                uint w2 = w[i - 2];
                uint s0 = RotateRight(w15, 7) ^ RotateRight(w15, 18) ^ (w15 >> 3);
                uint s1 = RotateRight(w2, 17) ^ RotateRight(w2, 19) ^ (w2 >> 10);
                w[i] = w[i - 16] + s0 + w[i - 7] + s1;
            }

            uint a = _h[0];
            uint b = _h[1];
            uint c = _h[2];
            uint d = _h[3];
            uint e = _h[4];
            uint f = _h[5];
            uint g = _h[6];
            uint h = _h[7];
            for (int i = 0; i < 64; i++)
            {
                uint sum1 = RotateRight(e, 6) ^ RotateRight(e, 11) ^ RotateRight(e, 25);
                uint choose = (e & f) ^ (~e & g);
                uint t1 = h + sum1 + choose + RoundConstants[i] + w[i];
                uint sum0 = RotateRight(a, 2) ^ RotateRight(a, 13) ^ RotateRight(a, 22);
                uint majority = (a & b) ^ (a & c) ^ (b & c);
                uint t2 = sum0 + majority;
                h = g;
                g = f;
                f = e;
                e = d + t1;
                d = c;
                c = b;
                b = a;
                a = t1 + t2;
            }

            _h[0] += a;
            _h[1] += b;
            _h[2] += c;
            _h[3] += d;
            _h[4] += e;
            _h[5] += f;
            _h[6] += g;
            _h[7] += h;
        }

        private static uint RotateRight(uint value, int count)
        {
            return (value >> count) | (value << (32 - count));
        }
    }
}
