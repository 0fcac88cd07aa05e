// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Tests.Gateway
{
    /// <summary>An <see cref="ISubDeviceImage"/> over an array, optionally failing reads from an offset on.</summary>
    public sealed class ByteArrayImage : ISubDeviceImage
    {
        private readonly byte[] _bytes;

        /// <summary>Wraps <paramref name="bytes"/> with the given digest (may be null).</summary>
        public ByteArrayImage(byte[] bytes, byte[] sha256)
        {
            _bytes = bytes;
            Sha256 = sha256;
            FailReadsFrom = -1;
        }

        /// <summary>Reads at or beyond this offset fail (-1: never).</summary>
        public int FailReadsFrom { get; set; }

        /// <summary>Length.</summary>
        public int Length
        {
            get { return _bytes.Length; }
        }

        /// <summary>Digest given at construction.</summary>
        public byte[] Sha256 { get; private set; }

        /// <summary>Copies bytes.</summary>
        public bool Read(int imageOffset, byte[] buffer, int offset, int count)
        {
            if (FailReadsFrom >= 0 && imageOffset + count > FailReadsFrom)
            {
                return false;
            }

            Array.Copy(_bytes, imageOffset, buffer, offset, count);
            return true;
        }
    }
}
