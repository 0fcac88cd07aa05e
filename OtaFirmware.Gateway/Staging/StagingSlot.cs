// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Flash;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Update;

namespace OtaFirmware.Gateway.Staging
{
    /// <summary>
    /// Lets the ordinary <see cref="UpdatePipeline"/> download into a <see cref="StagedImage"/>: the "inactive slot"
    /// is the image's extent of the staging area. Erases happen in <see cref="StagedImage.Write(int, byte[], int, int)"/> when the write
    /// reaches a block; an erase request at an earlier offset (a restart from byte 0) rewinds the image. Nothing is
    /// ever activated or booted here: the sub-devices get the image over their links.
    /// </summary>
    internal sealed class StagingSlot : IFirmwareSlot
    {
        private readonly StagedImage _image;
        private readonly int _eraseBlockSize;
        private readonly int _writeAlignment;

        internal StagingSlot(StagedImage image, int eraseBlockSize, int writeAlignment)
        {
            _image = image;
            _eraseBlockSize = eraseBlockSize;
            _writeAlignment = writeAlignment;
        }

        public int Capacity
        {
            get { return _image.Capacity; }
        }

        public int EraseBlockSize
        {
            get { return _eraseBlockSize; }
        }

        public int WriteAlignment
        {
            get { return _writeAlignment; }
        }

        public ImageState RunningState
        {
            get { return ImageState.Valid; }
        }

        public string RunningVersion
        {
            get { return string.Empty; }
        }

        public int RunningSlot
        {
            get { return 0; }
        }

        public FlashResult EraseBlock(int offset)
        {
            if (offset == _image.WrittenLength)
            {
                return FlashResult.Ok; // erased by the write that reaches it
            }

            return _image.RewindTo(offset) == StagingStatus.Ok ? FlashResult.Ok : FlashResult.Fail(FlashStatus.OutOfRange);
        }

        public FlashResult Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            FlashResult flash;
            StagingStatus status = _image.Write(offset, buffer, bufferOffset, count, out flash);
            if (status == StagingStatus.Ok)
            {
                return FlashResult.Ok;
            }

            return status == StagingStatus.FlashError ? flash : FlashResult.Fail(FlashStatus.OutOfRange);
        }

        public FlashResult Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            return _image.Read(offset, buffer, bufferOffset, count) ? FlashResult.Ok : FlashResult.Fail(FlashStatus.OutOfRange);
        }

        public FlashResult Activate(int imageSize)
        {
            return FlashResult.Fail(FlashStatus.InvalidImage);
        }

        public FlashResult MarkRunningValid()
        {
            return FlashResult.Ok;
        }

        public FlashResult MarkRunningInvalid()
        {
            return FlashResult.Fail(FlashStatus.NoRollbackTarget);
        }

        public void Reboot()
        {
        }
    }
}
