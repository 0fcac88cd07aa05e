// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Update;

namespace OtaFirmware.Gateway.Staging
{
    /// <summary>
    /// Lets the ordinary <see cref="UpdatePipeline"/> download into a <see cref="StagedImage"/>: the "inactive slot"
    /// is the image's extent of the staging area. Erases happen in <see cref="StagedImage.Write"/> when the write
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

        public SlotStatus EraseBlock(int offset)
        {
            if (offset == _image.WrittenLength)
            {
                return SlotStatus.Ok; // erased by the write that reaches it
            }

            return _image.RewindTo(offset) == StagingStatus.Ok ? SlotStatus.Ok : SlotStatus.OutOfRange;
        }

        public SlotStatus Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            StagingStatus status = _image.Write(offset, buffer, bufferOffset, count);
            if (status == StagingStatus.Ok)
            {
                return SlotStatus.Ok;
            }

            return status == StagingStatus.FlashError ? SlotStatus.FlashError : SlotStatus.OutOfRange;
        }

        public SlotStatus Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            return _image.Read(offset, buffer, bufferOffset, count) ? SlotStatus.Ok : SlotStatus.OutOfRange;
        }

        public SlotStatus Activate(int imageSize)
        {
            return SlotStatus.InvalidImage;
        }

        public SlotStatus MarkRunningValid()
        {
            return SlotStatus.Ok;
        }

        public SlotStatus MarkRunningInvalid()
        {
            return SlotStatus.NoRollbackTarget;
        }

        public void Reboot()
        {
        }
    }
}
