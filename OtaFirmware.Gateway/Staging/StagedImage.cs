// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Flash;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Update;

namespace OtaFirmware.Gateway.Staging
{
    /// <summary>
    /// One firmware image staged on the gateway for one or more sub-devices, at a fixed, erase-block-aligned extent of
    /// the staging region. It is written once, sequentially (erasing each block as the write reaches it), verified,
    /// then read by every sub-device upload that needs it. One saved record per staged image (the gateway agent's
    /// <see cref="UpdateRecord"/> of the Staging kind, holding its address, <see cref="CommittedLength"/> and the hash
    /// mid-states), however many sub-devices wait for it.
    /// Created by <see cref="StagedImageStore.Reserve"/>.
    /// </summary>
    public sealed class StagedImage : ISubDeviceImage
    {
        private readonly IFlashRegion _region;
        private readonly ArrayList _holders = new ArrayList();
        private int _writtenLength;
        private int _erasedEnd;

        internal StagedImage(IFlashRegion region, UpdateJob descriptor, int address, int capacity)
        {
            _region = region;
            Descriptor = descriptor;
            Address = address;
            Capacity = capacity;
        }

        /// <summary>The image identity (version, digests, size) it was staged for; its URL is the last one used.</summary>
        public UpdateJob Descriptor { get; private set; }

        /// <summary>Start of the extent in the staging region (a multiple of the erase block size).</summary>
        public int Address { get; private set; }

        /// <summary>Length of the extent: the image size rounded up to whole erase blocks.</summary>
        public int Capacity { get; private set; }

        /// <summary>Bytes durably staged: a download resumes here (a multiple of the erase block size, or the size).</summary>
        public int CommittedLength { get; private set; }

        /// <summary>Bytes written since the image was reserved or resumed.</summary>
        public int WrittenLength
        {
            get { return _writtenLength; }
        }

        /// <summary>True when all bytes are staged and <see cref="MarkVerified"/> was called.</summary>
        public bool IsReady { get; private set; }

        /// <summary>False once the store freed the image (no pending job needed it any more).</summary>
        public bool IsLive { get; internal set; }

        /// <summary>Number of pending jobs sharing this image.</summary>
        public int HolderCount
        {
            get { return _holders.Count; }
        }

        /// <summary>Image size in bytes.</summary>
        public int Length
        {
            get { return Descriptor.Size; }
        }

        /// <summary>SHA-256 of the staged bytes as given to <see cref="MarkVerified"/> (or the job's), for the sub-device upload.</summary>
        public byte[] Sha256 { get; private set; }

        /// <summary>Appends bytes at <paramref name="offset"/>, which must be <see cref="WrittenLength"/>; erases each
        /// erase block when the write first reaches it. The last write may run past the size by the padding to the
        /// flash's write alignment, no further.</summary>
        /// <returns>Ok, OutOfRange (not sequential, or beyond the size), NotReady (already verified or freed) or FlashError.</returns>
        public StagingStatus Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            FlashResult flash;
            return Write(offset, buffer, bufferOffset, count, out flash);
        }

        /// <summary>As <see cref="Write(int, byte[], int, int)"/>, and hands out the flash's own result (with its
        /// esp_err_t) when the status is FlashError, so the pipeline can report what the chip said.</summary>
        /// <returns>Ok, OutOfRange, NotReady or FlashError (then <paramref name="flash"/> is the failed erase or write).</returns>
        public StagingStatus Write(int offset, byte[] buffer, int bufferOffset, int count, out FlashResult flash)
        {
            flash = FlashResult.Ok;
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (!IsLive || IsReady)
            {
                return StagingStatus.NotReady;
            }

            int alignment = _region.WriteAlignment;
            int paddedEnd = ((Descriptor.Size + alignment - 1) / alignment) * alignment;
            if (offset != _writtenLength || count < 0 || offset + count > paddedEnd || (count > 0 && offset >= Descriptor.Size))
            {
                return StagingStatus.OutOfRange;
            }

            int end = offset + count;
            while (_erasedEnd < end)
            {
                flash = _region.Erase(Address + _erasedEnd, _region.EraseBlockSize);
                if (!flash.IsOk)
                {
                    return StagingStatus.FlashError;
                }

                _erasedEnd += _region.EraseBlockSize;
            }

            if (count > 0)
            {
                flash = _region.Write(Address + offset, buffer, bufferOffset, count);
                if (!flash.IsOk)
                {
                    return StagingStatus.FlashError;
                }
            }

            _writtenLength = end > Descriptor.Size ? Descriptor.Size : end; // padding to the write alignment is not image
            return StagingStatus.Ok;
        }

        /// <summary>
        /// Records that the first <paramref name="length"/> bytes are durably written (the resume point).
        /// <paramref name="length"/> must be a multiple of the erase
        /// block size (or the full size) and not beyond <see cref="WrittenLength"/>, so that a resume re-erases the
        /// block that may hold torn bytes.
        /// </summary>
        public void Commit(int length)
        {
            if (length < CommittedLength || length > _writtenLength
                || (length % _region.EraseBlockSize != 0 && length != Descriptor.Size))
            {
                throw new ArgumentOutOfRangeException("length");
            }

            CommittedLength = length;
        }

        /// <summary>Restarts writing at <see cref="CommittedLength"/> (after a failed or interrupted download):
        /// bytes after it are treated as lost and their blocks are erased again when rewritten.</summary>
        public void RewindToCommitted()
        {
            _writtenLength = CommittedLength;
            _erasedEnd = CommittedLength - (CommittedLength % _region.EraseBlockSize);
        }

        /// <summary>Restarts writing at <paramref name="length"/> (a multiple of the erase block size, at most
        /// <see cref="WrittenLength"/>): a download that starts again from an earlier point (from byte 0 after a digest
        /// mismatch). A committed length beyond that point is dropped. Not allowed once the image is verified.</summary>
        /// <returns>Ok, NotReady (verified or freed) or OutOfRange.</returns>
        public StagingStatus RewindTo(int length)
        {
            if (!IsLive || IsReady)
            {
                return StagingStatus.NotReady;
            }

            if (length < 0 || length > _writtenLength || length % _region.EraseBlockSize != 0)
            {
                return StagingStatus.OutOfRange;
            }

            if (length < CommittedLength)
            {
                CommittedLength = length;
            }

            _writtenLength = length;
            _erasedEnd = length;
            return StagingStatus.Ok;
        }

        /// <summary>Marks the fully written image as checked against the job's digests, ready for sub-devices.</summary>
        /// <param name="sha256">SHA-256 of the staged bytes (computed while staging), or null to use the job's.</param>
        /// <returns>Ok, or NotReady when not all bytes are written and committed.</returns>
        public StagingStatus MarkVerified(byte[] sha256)
        {
            if (!IsLive || CommittedLength != Descriptor.Size)
            {
                return StagingStatus.NotReady;
            }

            Sha256 = sha256 != null ? sha256 : Descriptor.Sha256;
            IsReady = true;
            return StagingStatus.Ok;
        }

        /// <summary>Reads staged bytes for a sub-device upload (only once <see cref="IsReady"/>).</summary>
        /// <returns>True when read; false when not ready, freed, out of range or the flash failed.</returns>
        public bool Read(int imageOffset, byte[] buffer, int offset, int count)
        {
            if (!IsReady || !IsLive || imageOffset < 0 || count < 0 || imageOffset + count > Descriptor.Size)
            {
                return false;
            }

            return _region.Read(Address + imageOffset, buffer, offset, count).IsOk;
        }

        /// <summary>True when the pending job <paramref name="jobKey"/> shares this image.</summary>
        public bool IsHeldBy(string jobKey)
        {
            return _holders.IndexOf(jobKey) >= 0;
        }

        internal void RestoreCommitted(int committedLength)
        {
            CommittedLength = committedLength;
            RewindToCommitted();
        }

        internal void AddHolder(string jobKey)
        {
            if (_holders.IndexOf(jobKey) < 0)
            {
                _holders.Add(jobKey);
            }
        }

        internal void RemoveHolder(string jobKey)
        {
            _holders.Remove(jobKey);
        }
    }
}
