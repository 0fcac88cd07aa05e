// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Integrity
{
    /// <summary>
    /// The streaming part of the Merkle–Damgård hashes with 64-byte blocks and 32-bit chaining words (MD5, SHA-1,
    /// SHA-256): pending block, byte count, padding, digest and mid-state export. A derived algorithm supplies only its
    /// initial chaining words and its compression function, called once per whole block. Every buffer is allocated in
    /// the constructor: <see cref="Append"/>, <see cref="Finish"/>, <see cref="ExportState"/> and
    /// <see cref="ImportState"/> allocate nothing.
    /// </summary>
    /// <remarks>
    /// Exported state (<see cref="StateSize"/> = 4 × words + 72 bytes): the chaining words, the byte count (u64), then
    /// the 64-byte block buffer whose first <c>count % 64</c> bytes are pending and the rest are zero. The words and
    /// the count are little-endian for MD5 and SHA-256 and big-endian for SHA-1 (the resume journal stores them).
    /// </remarks>
    public abstract class BlockHash : IStreamingHash
    {
        private const int BlockLength = 64;

        /// <summary>Byte counts at or above this overflow the 64-bit bit count of the padding.</summary>
        private const long LengthLimit = 0x2000000000000000L;

        private readonly uint[] _initialChain;
        private readonly uint[] _chain;
        private readonly byte[] _pending = new byte[BlockLength];
        private readonly bool _bigEndianWords;
        private readonly bool _bigEndianState;
        private long _length;
        private bool _finished;

        /// <summary>Creates a hash that starts from <paramref name="initialChain"/> (kept, not copied).</summary>
        /// <param name="initialChain">The initial chaining words; the digest is all of them.</param>
        /// <param name="bigEndianWords">True when the algorithm reads block words, writes the padding bit count and
        /// the digest big-endian (SHA); false for little-endian (MD5).</param>
        /// <param name="bigEndianState">True when the exported words and byte count are big-endian.</param>
        internal BlockHash(uint[] initialChain, bool bigEndianWords, bool bigEndianState)
        {
            _initialChain = initialChain;
            _chain = new uint[initialChain.Length];
            _bigEndianWords = bigEndianWords;
            _bigEndianState = bigEndianState;
            Reset();
        }

        /// <summary>Digest length in bytes: 16 for MD5, 20 for SHA-1, 32 for SHA-256.</summary>
        public int DigestSize
        {
            get { return _chain.Length * 4; }
        }

        /// <summary>Block length in bytes: 64.</summary>
        public int BlockSize
        {
            get { return BlockLength; }
        }

        /// <summary>Exported state length in bytes: 88 for MD5, 92 for SHA-1, 104 for SHA-256.</summary>
        public int StateSize
        {
            get { return (_chain.Length * 4) + 8 + BlockLength; }
        }

        /// <summary>Bytes appended since the last <see cref="Reset"/>.</summary>
        public long Length
        {
            get { return _length; }
        }

        /// <summary>Starts a new hash.</summary>
        public void Reset()
        {
            Array.Copy(_initialChain, 0, _chain, 0, _chain.Length);
            _length = 0;
            _finished = false;
            Array.Clear(_pending, 0, BlockLength);
        }

        /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range is outside <paramref name="buffer"/>.</exception>
        /// <exception cref="InvalidOperationException"><see cref="Finish"/> was called without <see cref="Reset"/>.</exception>
        public void Append(byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
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

                ProcessBlock(_chain, _pending, 0);
            }

            while (count >= BlockLength)
            {
                ProcessBlock(_chain, buffer, offset);
                offset += BlockLength;
                count -= BlockLength;
            }

            if (count > 0)
            {
                Array.Copy(buffer, offset, _pending, 0, count);
            }
        }

        /// <summary>Writes the digest (<see cref="DigestSize"/> bytes) at <paramref name="offset"/> of
        /// <paramref name="digest"/>; call <see cref="Reset"/> before reusing.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="digest"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The digest does not fit at <paramref name="offset"/>.</exception>
        /// <exception cref="InvalidOperationException"><see cref="Finish"/> was called without <see cref="Reset"/>.</exception>
        public void Finish(byte[] digest, int offset)
        {
            CheckRange(digest, offset, DigestSize);
            CheckNotFinished();
            int used = (int)(_length & (BlockLength - 1));
            _pending[used] = 0x80;
            Array.Clear(_pending, used + 1, BlockLength - used - 1);
            if (used >= 56)
            {
                ProcessBlock(_chain, _pending, 0);
                Array.Clear(_pending, 0, BlockLength);
            }

            WriteCount(_length << 3, _pending, 56, _bigEndianWords);
            ProcessBlock(_chain, _pending, 0);
            WriteWords(_chain, digest, offset, _bigEndianWords);
            _finished = true;
        }

        /// <summary>Writes the mid-state (<see cref="StateSize"/> bytes) at <paramref name="offset"/> of <paramref name="destination"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The state does not fit at <paramref name="offset"/>.</exception>
        /// <exception cref="InvalidOperationException"><see cref="Finish"/> was called without <see cref="Reset"/>.</exception>
        public void ExportState(byte[] destination, int offset)
        {
            CheckRange(destination, offset, StateSize);
            CheckNotFinished();
            WriteWords(_chain, destination, offset, _bigEndianState);
            int countOffset = offset + (_chain.Length * 4);
            WriteCount(_length, destination, countOffset, _bigEndianState);
            int used = (int)(_length & (BlockLength - 1));
            Array.Copy(_pending, 0, destination, countOffset + 8, used);
            Array.Clear(destination, countOffset + 8 + used, BlockLength - used);
        }

        /// <summary>Restores a mid-state written by <see cref="ExportState"/>.</summary>
        /// <returns>True when restored; false (and the hash unchanged) when the byte count is negative or too large,
        /// or bytes past the pending count of the block are not zero.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than <see cref="StateSize"/> bytes are available at <paramref name="offset"/>.</exception>
        public bool ImportState(byte[] source, int offset)
        {
            CheckRange(source, offset, StateSize);
            int countOffset = offset + (_chain.Length * 4);
            long length = _bigEndianState
                ? ((long)ReadUInt32BigEndian(source, countOffset) << 32) | ReadUInt32BigEndian(source, countOffset + 4)
                : ReadUInt32LittleEndian(source, countOffset) | ((long)ReadUInt32LittleEndian(source, countOffset + 4) << 32);
            if (length < 0 || length >= LengthLimit)
            {
                return false;
            }

            int blockOffset = countOffset + 8;
            for (int i = blockOffset + (int)(length & (BlockLength - 1)); i < blockOffset + BlockLength; i++)
            {
                if (source[i] != 0)
                {
                    return false;
                }
            }

            for (int i = 0; i < _chain.Length; i++)
            {
                _chain[i] = _bigEndianState
                    ? ReadUInt32BigEndian(source, offset + (i * 4))
                    : ReadUInt32LittleEndian(source, offset + (i * 4));
            }

            _length = length;
            _finished = false;
            Array.Copy(source, blockOffset, _pending, 0, BlockLength);
            return true;
        }

        /// <summary>The compression function: mixes the 64-byte block at <paramref name="offset"/> of
        /// <paramref name="block"/> into <paramref name="chain"/>.</summary>
        internal abstract void ProcessBlock(uint[] chain, byte[] block, int offset);

        /// <summary>Reads the little-endian word at <paramref name="offset"/> of <paramref name="buffer"/>.</summary>
        internal static uint ReadUInt32LittleEndian(byte[] buffer, int offset)
        {
            return buffer[offset] | ((uint)buffer[offset + 1] << 8) | ((uint)buffer[offset + 2] << 16) | ((uint)buffer[offset + 3] << 24);
        }

        /// <summary>Reads the big-endian word at <paramref name="offset"/> of <paramref name="buffer"/>.</summary>
        internal static uint ReadUInt32BigEndian(byte[] buffer, int offset)
        {
            return ((uint)buffer[offset] << 24) | ((uint)buffer[offset + 1] << 16) | ((uint)buffer[offset + 2] << 8) | buffer[offset + 3];
        }

        private static void CheckRange(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
        }

        private static void WriteUInt32LittleEndian(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }

        private static void WriteUInt32BigEndian(byte[] buffer, int offset, uint value)
        {
            buffer[offset] = (byte)(value >> 24);
            buffer[offset + 1] = (byte)(value >> 16);
            buffer[offset + 2] = (byte)(value >> 8);
            buffer[offset + 3] = (byte)value;
        }

        private static void WriteWords(uint[] words, byte[] destination, int offset, bool bigEndian)
        {
            for (int i = 0; i < words.Length; i++)
            {
                if (bigEndian)
                {
                    WriteUInt32BigEndian(destination, offset + (i * 4), words[i]);
                }
                else
                {
                    WriteUInt32LittleEndian(destination, offset + (i * 4), words[i]);
                }
            }
        }

        private static void WriteCount(long count, byte[] destination, int offset, bool bigEndian)
        {
            if (bigEndian)
            {
                WriteUInt32BigEndian(destination, offset, (uint)(count >> 32));
                WriteUInt32BigEndian(destination, offset + 4, (uint)count);
            }
            else
            {
                WriteUInt32LittleEndian(destination, offset, (uint)count);
                WriteUInt32LittleEndian(destination, offset + 4, (uint)(count >> 32));
            }
        }

        private void CheckNotFinished()
        {
            if (_finished)
            {
                throw new InvalidOperationException("Finish was called: Reset first");
            }
        }
    }
}
