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
    /// Staging space on the gateway for sub-device firmware, over one <see cref="IFlashRegion"/> (a data partition on
    /// the device, a window of the simulated flash on the host). Jobs are keyed by sub-device ("productId/deviceName"):
    /// each sub-device has at most one pending job. Sub-devices waiting for the same image (same version, MD5,
    /// SHA-256 and size: <see cref="UpdateJob.IsSameImage"/>, never the URL) share one <see cref="StagedImage"/>,
    /// downloaded once, with one resume record. An image no pending job holds is freed at once. Whether a job fits is
    /// decided in <see cref="Reserve"/>, before any byte is fetched.
    /// <para>
    /// The store only places images and counts their holders; the resume state of an image being staged (address,
    /// committed length, hash mid-states) is saved by the gateway agent in an <see cref="UpdateRecord"/> of the
    /// Staging kind, and <see cref="Restore"/> re-creates the image from it after a reboot.
    /// </para>
    /// Not thread-safe: call from the agent's worker thread.
    /// </summary>
    public sealed class StagedImageStore
    {
        private readonly IFlashRegion _region;
        private readonly int _maxImages;
        private readonly ArrayList _images = new ArrayList();

        /// <summary>Creates an empty store over <paramref name="region"/> holding at most <paramref name="maxImages"/> images.</summary>
        public StagedImageStore(IFlashRegion region, int maxImages)
        {
            if (region == null)
            {
                throw new ArgumentNullException("region");
            }

            if (maxImages < 1)
            {
                throw new ArgumentOutOfRangeException("maxImages");
            }

            _region = region;
            _maxImages = maxImages;
        }

        /// <summary>Number of staged images (shared ones count once).</summary>
        public int ImageCount
        {
            get { return _images.Count; }
        }

        /// <summary>Bytes of the region not held by any staged image.</summary>
        public int FreeBytes
        {
            get
            {
                int used = 0;
                for (int i = 0; i < _images.Count; i++)
                {
                    used += ((StagedImage)_images[i]).Capacity;
                }

                return _region.Size - used;
            }
        }

        /// <summary>
        /// Finds or allocates the staged image for <paramref name="image"/> on behalf of the job <paramref name="jobKey"/>.
        /// If the job held another image before (a superseding job), that hold is released first.
        /// </summary>
        /// <param name="staged">The (possibly shared) staged image, or null on failure.</param>
        /// <returns>Ok; TooSmall (larger than the whole region); NoSpace (held by other pending images now); TableFull.</returns>
        public StagingStatus Reserve(string jobKey, UpdateJob image, out StagedImage staged)
        {
            if (jobKey == null)
            {
                throw new ArgumentNullException("jobKey");
            }

            if (image == null)
            {
                throw new ArgumentNullException("image");
            }

            if (image.Size <= 0)
            {
                throw new ArgumentOutOfRangeException("image");
            }

            staged = null;
            StagedImage held = Find(jobKey);
            if (held != null && held.Descriptor.IsSameImage(image))
            {
                staged = held;
                return StagingStatus.Ok;
            }

            if (held != null)
            {
                Release(jobKey);
            }

            for (int i = 0; i < _images.Count; i++)
            {
                StagedImage candidate = (StagedImage)_images[i];
                if (candidate.Descriptor.IsSameImage(image))
                {
                    candidate.AddHolder(jobKey);
                    staged = candidate;
                    return StagingStatus.Ok;
                }
            }

            int block = _region.EraseBlockSize;
            int capacity = ((image.Size + block - 1) / block) * block;
            if (capacity > _region.Size)
            {
                return StagingStatus.TooSmall;
            }

            if (_images.Count >= _maxImages)
            {
                return StagingStatus.TableFull;
            }

            int address = FindGap(capacity);
            if (address < 0)
            {
                return StagingStatus.NoSpace;
            }

            staged = new StagedImage(_region, image, address, capacity);
            staged.IsLive = true;
            staged.AddHolder(jobKey);
            Insert(staged);
            return StagingStatus.Ok;
        }

        /// <summary>
        /// Re-creates, after a gateway reboot, a staged image from its saved record (address and committed length;
        /// the record keeps the hash mid-states) for the job <paramref name="jobKey"/>; a second job with the same image just shares it.
        /// Writing continues at <paramref name="committedLength"/> (its block is erased again).
        /// </summary>
        /// <returns>Ok; OutOfRange (unaligned, outside the region, overlapping another image, or a committed length
        /// that is not a block multiple or the size); TableFull.</returns>
        public StagingStatus Restore(string jobKey, UpdateJob image, int address, int committedLength, out StagedImage staged)
        {
            if (jobKey == null)
            {
                throw new ArgumentNullException("jobKey");
            }

            if (image == null)
            {
                throw new ArgumentNullException("image");
            }

            staged = null;
            for (int i = 0; i < _images.Count; i++)
            {
                StagedImage existing = (StagedImage)_images[i];
                if (existing.Descriptor.IsSameImage(image) && existing.Address == address)
                {
                    existing.AddHolder(jobKey);
                    staged = existing;
                    return StagingStatus.Ok;
                }
            }

            int block = _region.EraseBlockSize;
            int capacity = ((image.Size + block - 1) / block) * block;
            bool committedOk = committedLength >= 0 && committedLength <= image.Size
                && (committedLength % block == 0 || committedLength == image.Size);
            if (image.Size <= 0 || address < 0 || address % block != 0 || capacity > _region.Size - address || !committedOk)
            {
                return StagingStatus.OutOfRange;
            }

            for (int i = 0; i < _images.Count; i++)
            {
                StagedImage existing = (StagedImage)_images[i];
                if (address < existing.Address + existing.Capacity && existing.Address < address + capacity)
                {
                    return StagingStatus.OutOfRange;
                }
            }

            if (_images.Count >= _maxImages)
            {
                return StagingStatus.TableFull;
            }

            staged = new StagedImage(_region, image, address, capacity);
            staged.IsLive = true;
            staged.RestoreCommitted(committedLength);
            staged.AddHolder(jobKey);
            Insert(staged);
            return StagingStatus.Ok;
        }

        /// <summary>The staged image the job <paramref name="jobKey"/> holds, or null.</summary>
        public StagedImage Find(string jobKey)
        {
            for (int i = 0; i < _images.Count; i++)
            {
                StagedImage image = (StagedImage)_images[i];
                if (image.IsHeldBy(jobKey))
                {
                    return image;
                }
            }

            return null;
        }

        /// <summary>Ends the job <paramref name="jobKey"/>'s hold (done, failed or cancelled); frees its image when no
        /// other pending job needs it.</summary>
        /// <returns>True when an image was freed.</returns>
        public bool Release(string jobKey)
        {
            StagedImage image = Find(jobKey);
            if (image == null)
            {
                return false;
            }

            image.RemoveHolder(jobKey);
            if (image.HolderCount > 0)
            {
                return false;
            }

            image.IsLive = false;
            _images.Remove(image);
            return true;
        }

        // First fit over the gaps between images, which are kept sorted by address.
        private int FindGap(int capacity)
        {
            int cursor = 0;
            for (int i = 0; i < _images.Count; i++)
            {
                StagedImage image = (StagedImage)_images[i];
                if (image.Address - cursor >= capacity)
                {
                    return cursor;
                }

                cursor = image.Address + image.Capacity;
            }

            return _region.Size - cursor >= capacity ? cursor : -1;
        }

        private void Insert(StagedImage staged)
        {
            int index = 0;
            while (index < _images.Count && ((StagedImage)_images[index]).Address < staged.Address)
            {
                index++;
            }

            _images.Insert(index, staged);
        }
    }
}
