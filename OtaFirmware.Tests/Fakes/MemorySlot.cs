// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>An inactive slot that is a plain byte array: reads only (for checks that read an image back), with an optional read failure.</summary>
    public sealed class MemorySlot : IFirmwareSlot
    {
        private readonly byte[] _bytes;

        /// <summary>A slot holding <paramref name="bytes"/> at offset 0.</summary>
        public MemorySlot(byte[] bytes)
        {
            _bytes = bytes;
            FailReadsFrom = -1;
        }

        /// <summary>Reads reaching this offset or beyond fail with FlashError; -1 never.</summary>
        public int FailReadsFrom { get; set; }

        /// <inheritdoc />
        public int Capacity
        {
            get { return _bytes.Length; }
        }

        /// <inheritdoc />
        public int EraseBlockSize
        {
            get { return 4096; }
        }

        /// <inheritdoc />
        public int WriteAlignment
        {
            get { return 16; }
        }

        /// <inheritdoc />
        public ImageState RunningState
        {
            get { return ImageState.Valid; }
        }

        /// <inheritdoc />
        public string RunningVersion
        {
            get { return "1.0.0"; }
        }

        /// <inheritdoc />
        public int RunningSlot
        {
            get { return 0; }
        }

        /// <inheritdoc />
        public FlashResult Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            if (offset < 0 || count < 0 || offset > _bytes.Length - count)
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            if (FailReadsFrom >= 0 && offset + count > FailReadsFrom)
            {
                return FlashResult.Fail(FlashStatus.FlashError, EspErrorMap.FlashOpFail);
            }

            Array.Copy(_bytes, offset, buffer, bufferOffset, count);
            return FlashResult.Ok;
        }

        /// <inheritdoc />
        public FlashResult EraseBlock(int offset)
        {
            throw new NotSupportedException();
        }

        /// <inheritdoc />
        public FlashResult Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            throw new NotSupportedException();
        }

        /// <inheritdoc />
        public FlashResult Activate(int imageSize)
        {
            throw new NotSupportedException();
        }

        /// <inheritdoc />
        public FlashResult MarkRunningValid()
        {
            throw new NotSupportedException();
        }

        /// <inheritdoc />
        public FlashResult MarkRunningInvalid()
        {
            throw new NotSupportedException();
        }

        /// <inheritdoc />
        public void Reboot()
        {
            throw new NotSupportedException();
        }
    }
}
