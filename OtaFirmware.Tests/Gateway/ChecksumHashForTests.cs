// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Integrity;

namespace OtaFirmware.Tests.Gateway
{
    /// <summary>
    /// A 32-byte, NON-cryptographic stand-in for SHA-256 in portable tests (eight FNV-1a lanes over the byte stream,
    /// position-mixed): any changed, missing or reordered byte changes the digest, which is all the sub-device
    /// simulator's checks need. Host tests use the real SHA-256.
    /// </summary>
    public sealed class ChecksumHashForTests : IStreamingHash
    {
        private readonly uint[] _lanes = new uint[8];
        private long _length;

        /// <summary>Creates a reset hash.</summary>
        public ChecksumHashForTests()
        {
            Reset();
        }

        /// <summary>32.</summary>
        public int DigestSize
        {
            get { return 32; }
        }

        /// <summary>1.</summary>
        public int BlockSize
        {
            get { return 1; }
        }

        /// <summary>40.</summary>
        public int StateSize
        {
            get { return 40; }
        }

        /// <summary>Bytes appended.</summary>
        public long Length
        {
            get { return _length; }
        }

        /// <summary>Starts over.</summary>
        public void Reset()
        {
            for (int i = 0; i < 8; i++)
            {
                _lanes[i] = 2166136261u + (uint)i;
            }

            _length = 0;
        }

        /// <summary>Feeds bytes.</summary>
        public void Append(byte[] buffer, int offset, int count)
        {
            for (int i = 0; i < count; i++)
            {
                int lane = (int)(_length & 7);
                _lanes[lane] = (_lanes[lane] ^ buffer[offset + i] ^ (uint)(_length >> 3)) * 16777619u;
                _length++;
            }
        }

        /// <summary>Writes the 32-byte digest.</summary>
        public void Finish(byte[] digest, int offset)
        {
            for (int i = 0; i < 8; i++)
            {
                uint v = _lanes[i] ^ (uint)_length;
                digest[offset + 4 * i] = (byte)(v >> 24);
                digest[offset + 4 * i + 1] = (byte)(v >> 16);
                digest[offset + 4 * i + 2] = (byte)(v >> 8);
                digest[offset + 4 * i + 3] = (byte)v;
            }
        }

        /// <summary>Writes lanes and length.</summary>
        public void ExportState(byte[] destination, int offset)
        {
            for (int i = 0; i < 8; i++)
            {
                for (int b = 0; b < 4; b++)
                {
                    destination[offset + 4 * i + b] = (byte)(_lanes[i] >> (8 * b));
                }
            }

            for (int b = 0; b < 8; b++)
            {
                destination[offset + 32 + b] = (byte)(_length >> (8 * b));
            }
        }

        /// <summary>Reads lanes and length.</summary>
        public bool ImportState(byte[] source, int offset)
        {
            for (int i = 0; i < 8; i++)
            {
                uint v = 0;
                for (int b = 0; b < 4; b++)
                {
                    v |= (uint)source[offset + 4 * i + b] << (8 * b);
                }

                _lanes[i] = v;
            }

            long length = 0;
            for (int b = 0; b < 8; b++)
            {
                length |= (long)source[offset + 32 + b] << (8 * b);
            }

            _length = length;
            return true;
        }

        /// <summary>Digest of a whole array.</summary>
        public static byte[] Of(byte[] data)
        {
            ChecksumHashForTests hash = new ChecksumHashForTests();
            hash.Append(data, 0, data.Length);
            byte[] digest = new byte[32];
            hash.Finish(digest, 0);
            return digest;
        }
    }
}
