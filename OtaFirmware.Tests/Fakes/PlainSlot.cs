// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>
    /// Passes every <see cref="IFirmwareSlot"/> call to another slot and nothing else: it hides an
    /// <see cref="IHashingFirmwareSlot"/>'s combined write-and-hash, so a pipeline over it takes the separate path
    /// (write, then one append per hash), as on a device whose hashes are the managed fallback.
    /// </summary>
    public sealed class PlainSlot : IFirmwareSlot
    {
        private readonly IFirmwareSlot _inner;

        /// <summary>A plain view of <paramref name="inner"/>.</summary>
        public PlainSlot(IFirmwareSlot inner)
        {
            _inner = inner;
        }

        /// <inheritdoc />
        public int Capacity
        {
            get { return _inner.Capacity; }
        }

        /// <inheritdoc />
        public int EraseBlockSize
        {
            get { return _inner.EraseBlockSize; }
        }

        /// <inheritdoc />
        public int WriteAlignment
        {
            get { return _inner.WriteAlignment; }
        }

        /// <inheritdoc />
        public ImageState RunningState
        {
            get { return _inner.RunningState; }
        }

        /// <inheritdoc />
        public string RunningVersion
        {
            get { return _inner.RunningVersion; }
        }

        /// <inheritdoc />
        public int RunningSlot
        {
            get { return _inner.RunningSlot; }
        }

        /// <inheritdoc />
        public FlashResult EraseBlock(int offset)
        {
            return _inner.EraseBlock(offset);
        }

        /// <inheritdoc />
        public FlashResult Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            return _inner.Write(offset, buffer, bufferOffset, count);
        }

        /// <inheritdoc />
        public FlashResult Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            return _inner.Read(offset, buffer, bufferOffset, count);
        }

        /// <inheritdoc />
        public FlashResult Activate(int imageSize)
        {
            return _inner.Activate(imageSize);
        }

        /// <inheritdoc />
        public FlashResult MarkRunningValid()
        {
            return _inner.MarkRunningValid();
        }

        /// <inheritdoc />
        public FlashResult MarkRunningInvalid()
        {
            return _inner.MarkRunningInvalid();
        }

        /// <inheritdoc />
        public void Reboot()
        {
            _inner.Reboot();
        }
    }
}
