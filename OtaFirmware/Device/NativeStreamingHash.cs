// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Esp32Ota;
using OtaFirmware.Integrity;

namespace OtaFirmware.Device
{
    /// <summary>
    /// <see cref="IStreamingHash"/> for MD5 or SHA-256 computed in native code by the OtaFirmware.Esp32Ota interop
    /// (<c>native/ota_hash.c</c>): one interop call per <see cref="Append"/>, so the interpreter never runs a per-byte
    /// loop. Same contract as the managed <see cref="BlockHash"/> (<see cref="Md5"/>, <see cref="Sha256"/>): the same
    /// digests, the same exceptions for caller bugs and the same exported mid-state bytes, so a resume journal written
    /// with one implementation resumes with the other.
    /// </summary>
    /// <remarks>
    /// The whole hash state is one managed byte array in exactly the exported layout (chaining words and byte count
    /// little-endian, then the 64-byte pending block), which the native code updates in place. Why: export and import
    /// become <see cref="Array.Copy(Array, int, Array, int, int)"/> (native, no per-byte managed loop), nothing native is
    /// allocated or must be freed, and nanoCLR may move the array between calls because no pointer is kept.
    /// Create it through <see cref="DeviceHashes"/>, which falls back to the managed hashes on a firmware without the
    /// interop (nanoCLR throws <see cref="NotSupportedException"/> for a missing InternalCall).
    /// </remarks>
    public sealed class NativeStreamingHash : IStreamingHash
    {
        private const int BlockLength = 64;

        /// <summary>Byte counts at or above this overflow the 64-bit bit count of the padding (as in BlockHash).</summary>
        private const long LengthLimit = 0x2000000000000000L;

        private const int Md5DigestSize = 16;
        private const int Sha256DigestSize = 32;

        private readonly int _algorithm;
        private readonly int _digestSize;
        private readonly byte[] _state;
        private bool _finished;

        private NativeStreamingHash(int algorithm, int digestSize)
        {
            _algorithm = algorithm;
            _digestSize = digestSize;
            _state = new byte[digestSize + 8 + BlockLength];
            Reset();
        }

        /// <summary>Digest length in bytes: 16 for MD5, 32 for SHA-256.</summary>
        public int DigestSize
        {
            get { return _digestSize; }
        }

        /// <summary>Block length in bytes: 64.</summary>
        public int BlockSize
        {
            get { return BlockLength; }
        }

        /// <summary>Exported state length in bytes: 88 for MD5, 104 for SHA-256.</summary>
        public int StateSize
        {
            get { return _state.Length; }
        }

        /// <summary>Bytes appended since the last <see cref="Reset"/>.</summary>
        public long Length
        {
            get { return ReadCount(_state, _digestSize); }
        }

        /// <summary>The algorithm selector of the interop (<see cref="NativeOta.HashMd5"/> or <see cref="NativeOta.HashSha256"/>).</summary>
        internal int Algorithm
        {
            get { return _algorithm; }
        }

        /// <summary>
        /// The live state array, for <see cref="NativeOta.WriteAndHash"/> (which appends to it in the same call that
        /// programs the flash; <see cref="Esp32FirmwareSlot.WriteAndHash"/>). Only native code may change it.
        /// </summary>
        /// <exception cref="InvalidOperationException"><see cref="Finish"/> was called without <see cref="Reset"/>
        /// (the same caller bug <see cref="Append"/> refuses).</exception>
        internal byte[] StateToAppend()
        {
            CheckNotFinished();
            return _state;
        }

        /// <summary>Creates a native MD5.</summary>
        /// <exception cref="NotSupportedException">The firmware has no OtaFirmware.Esp32Ota interop (or an older one
        /// without the hashes).</exception>
        public static NativeStreamingHash CreateMd5()
        {
            return new NativeStreamingHash(NativeOta.HashMd5, Md5DigestSize);
        }

        /// <summary>Creates a native SHA-256.</summary>
        /// <exception cref="NotSupportedException">The firmware has no OtaFirmware.Esp32Ota interop (or an older one
        /// without the hashes).</exception>
        public static NativeStreamingHash CreateSha256()
        {
            return new NativeStreamingHash(NativeOta.HashSha256, Sha256DigestSize);
        }

        /// <summary>Starts a new hash.</summary>
        public void Reset()
        {
            Check(NativeOta.HashReset(_algorithm, _state));
            _finished = false;
        }

        /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="buffer"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range is outside <paramref name="buffer"/>.</exception>
        /// <exception cref="InvalidOperationException"><see cref="Finish"/> was called without <see cref="Reset"/>.</exception>
        public void Append(byte[] buffer, int offset, int count)
        {
            CheckRange(buffer, offset, count);
            CheckNotFinished();
            if (count > 0)
            {
                Check(NativeOta.HashAppend(_algorithm, _state, buffer, offset, count));
            }
        }

        /// <summary>Writes the digest (<see cref="DigestSize"/> bytes) at <paramref name="offset"/> of
        /// <paramref name="digest"/>; call <see cref="Reset"/> before reusing.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="digest"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The digest does not fit at <paramref name="offset"/>.</exception>
        /// <exception cref="InvalidOperationException"><see cref="Finish"/> was called without <see cref="Reset"/>.</exception>
        public void Finish(byte[] digest, int offset)
        {
            CheckRange(digest, offset, _digestSize);
            CheckNotFinished();
            Check(NativeOta.HashFinish(_algorithm, _state, digest, offset));
            _finished = true;
        }

        /// <summary>Writes the mid-state (<see cref="StateSize"/> bytes) at <paramref name="offset"/> of <paramref name="destination"/>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="destination"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The state does not fit at <paramref name="offset"/>.</exception>
        /// <exception cref="InvalidOperationException"><see cref="Finish"/> was called without <see cref="Reset"/>.</exception>
        public void ExportState(byte[] destination, int offset)
        {
            CheckRange(destination, offset, _state.Length);
            CheckNotFinished();
            Array.Copy(_state, 0, destination, offset, _state.Length);
        }

        /// <summary>Restores a mid-state written by <see cref="ExportState"/> of this class or of the managed hash.</summary>
        /// <returns>True when restored; false (and the hash unchanged) when the byte count is negative or too large,
        /// or bytes past the pending count of the block are not zero.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="source"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">Fewer than <see cref="StateSize"/> bytes are available at <paramref name="offset"/>.</exception>
        public bool ImportState(byte[] source, int offset)
        {
            CheckRange(source, offset, _state.Length);
            long length = ReadCount(source, offset + _digestSize);
            if (length < 0 || length >= LengthLimit)
            {
                return false;
            }

            int blockOffset = offset + _digestSize + 8;
            for (int i = blockOffset + (int)(length & (BlockLength - 1)); i < blockOffset + BlockLength; i++)
            {
                if (source[i] != 0)
                {
                    return false;
                }
            }

            Array.Copy(source, offset, _state, 0, _state.Length);
            _finished = false;
            return true;
        }

        private static long ReadCount(byte[] buffer, int offset)
        {
            uint low = buffer[offset] | ((uint)buffer[offset + 1] << 8) | ((uint)buffer[offset + 2] << 16) | ((uint)buffer[offset + 3] << 24);
            uint high = buffer[offset + 4] | ((uint)buffer[offset + 5] << 8) | ((uint)buffer[offset + 6] << 16) | ((uint)buffer[offset + 7] << 24);
            return (long)(((ulong)high << 32) | low);
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

        private static void Check(int err)
        {
            // the arguments were checked above and the state is only ever a valid one, so this is a firmware bug
            if (err != 0)
            {
                throw new InvalidOperationException("native hash failed: esp_err_t 0x" + err.ToString("X"));
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
