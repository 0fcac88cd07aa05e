// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;

namespace OtaFirmware.Update
{
    /// <summary>
    /// Reads an image back from the inactive slot and compares it with a job's MD5 and SHA-256: the proof that the
    /// bytes in flash are still the bytes that were hashed while they streamed in.
    /// </summary>
    /// <remarks>
    /// Why: the digests of a download are computed as the bytes arrive, and a resume restores their mid-states from
    /// the journal; neither reads the flash. After a power cut between the download and the boot switch, or after an
    /// interrupted trial boot, the slot is about to be activated without a download, so its bytes are hashed again
    /// from flash first (on the device, esp_ota_set_boot_partition's esp_image_verify reads the image back natively as
    /// well, but checks only the image's own checksum, not the job's digests). Streams through the caller's buffer;
    /// no allocation.
    /// </remarks>
    public sealed class SlotImageCheck
    {
        private readonly IFirmwareSlot _slot;
        private readonly byte[] _buffer;
        private readonly IStreamingHash _md5;
        private readonly IStreamingHash _sha256;
        private readonly byte[] _digest = new byte[32];

        /// <summary>Creates the check over <paramref name="slot"/>, reading through <paramref name="buffer"/> (a multiple of 4 bytes).</summary>
        public SlotImageCheck(IFirmwareSlot slot, byte[] buffer, IStreamingHash md5, IStreamingHash sha256)
        {
            if (slot == null || buffer == null || md5 == null || sha256 == null)
            {
                throw new ArgumentNullException();
            }

            _slot = slot;
            _buffer = buffer;
            _md5 = md5;
            _sha256 = sha256;
        }

        /// <summary>Hashes the first <see cref="UpdateJob.Size"/> bytes of the inactive slot and compares them with <paramref name="job"/>'s digests.</summary>
        /// <returns>Ok, <see cref="UpdateError.DigestMismatch"/> (the slot holds other bytes), <see cref="UpdateError.InvalidJob"/>
        /// (no digest or a size the slot cannot hold) or <see cref="UpdateError.FlashError"/> (a read failed).</returns>
        public UpdateResult Check(UpdateJob job)
        {
            if (job == null)
            {
                throw new ArgumentNullException("job");
            }

            if ((job.Md5 == null && job.Sha256 == null) || job.Size <= 0 || job.Size > _slot.Capacity)
            {
                return UpdateResult.Fail(UpdateError.InvalidJob, 0, "nothing to compare the slot with");
            }

            _md5.Reset();
            _sha256.Reset();
            int chunk = _buffer.Length - (_buffer.Length % 4);
            for (int offset = 0; offset < job.Size; offset += chunk)
            {
                int count = job.Size - offset < chunk ? job.Size - offset : chunk;
                int readLength = ((count + 3) / 4) * 4;
                if (offset + readLength > _slot.Capacity)
                {
                    readLength = count;
                }
                FlashResult read = _slot.Read(offset, _buffer, 0, readLength);
                if (!read.IsOk)
                {
                    return UpdateResult.FromFlash(UpdateError.FlashError, read, "reading the slot back failed at byte " + offset.ToString());
                }

                if (job.Md5 != null)
                {
                    _md5.Append(_buffer, 0, count);
                }

                if (job.Sha256 != null)
                {
                    _sha256.Append(_buffer, 0, count);
                }
            }

            if (job.Md5 != null && !Same(_md5, job.Md5, 16))
            {
                return UpdateResult.Fail(UpdateError.DigestMismatch, 0, "MD5 of the image in the slot does not match");
            }

            if (job.Sha256 != null && !Same(_sha256, job.Sha256, 32))
            {
                return UpdateResult.Fail(UpdateError.DigestMismatch, 0, "SHA-256 of the image in the slot does not match");
            }

            return UpdateResult.Ok;
        }

        private bool Same(IStreamingHash hash, byte[] expected, int count)
        {
            hash.Finish(_digest, 0);
            for (int i = 0; i < count; i++)
            {
                if (_digest[i] != expected[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
