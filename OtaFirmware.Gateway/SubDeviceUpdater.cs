// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway
{
    /// <summary>
    /// Drives one sub-device update over an <see cref="ISubDeviceLink"/>: <see cref="Upload"/> sends the image chunk by
    /// chunk, always continuing from the offset the device reports (so a lost response, a link drop or a device reboot
    /// costs at most the chunks the device lost); <see cref="Activate"/> marks the uploaded image for a test boot,
    /// resets the device, waits for it and checks that the new image runs; <see cref="ISubDeviceLink.ConfirmRunning"/>
    /// (after the gateway's own health check) makes it permanent. Before anything is sent the staged image is checked as
    /// MCUboot would check it (<see cref="McubootImageCheck"/>: TLV area, SHA-256 TLV, and the signature TLV when a key
    /// is configured), and before the test is marked the hash the device lists for the uploaded slot must equal that
    /// SHA-256 TLV.
    /// </summary>
    public sealed class SubDeviceUpdater
    {
        private readonly ISubDeviceLink _link;
        private readonly int _maxStalls;
        private readonly McubootImageCheck _check;
        private ISubDeviceImage _checkedImage;
        private byte[] _checkedHash;
        private byte[] _uploadedHash;

        /// <summary>Creates an updater.</summary>
        /// <param name="link">The link to the device.</param>
        /// <param name="maxStalls">How many requests in a row may end without progress (no answer, or an offset that
        /// does not move forward) before the upload gives up; also how many pings wait for a rebooting device.</param>
        /// <param name="check">The image check (with the sub-device's trusted key when images must be signed).</param>
        public SubDeviceUpdater(ISubDeviceLink link, int maxStalls, McubootImageCheck check)
        {
            if (link == null || check == null)
            {
                throw new ArgumentNullException(link == null ? "link" : "check");
            }

            if (maxStalls < 0)
            {
                throw new ArgumentOutOfRangeException("maxStalls");
            }

            _link = link;
            _maxStalls = maxStalls;
            _check = check;
        }

        /// <summary>Upload requests sent by the last <see cref="Upload"/> (including repeated ones).</summary>
        public int ChunksSent { get; private set; }

        /// <summary>Times the device asked the last <see cref="Upload"/> to continue somewhere other than right after
        /// the chunk just sent (a resumed session, a lost response, a device reboot).</summary>
        public int Repositions { get; private set; }

        /// <summary>Asks the device which version it runs (for the cloud's report_version).</summary>
        /// <returns>Ok (with <paramref name="version"/>), ImageNotFound (no active image listed), or the failing
        /// <see cref="ISubDeviceLink.ReadImages"/> result.</returns>
        public SubDeviceLinkResult ReadRunningVersion(out string version)
        {
            SubDeviceImageInfo active;
            SubDeviceLinkResult result = ReadRunning(out active);
            version = active != null ? active.Version : null;
            return result;
        }

        /// <summary>Asks the device which image it runs (its version and whether it is confirmed).</summary>
        /// <returns>Ok (with <paramref name="active"/>), ImageNotFound (no active image listed), or the failing
        /// <see cref="ISubDeviceLink.ReadImages"/> result.</returns>
        public SubDeviceLinkResult ReadRunning(out SubDeviceImageInfo active)
        {
            active = null;
            SubDeviceImageInfo[] images;
            SubDeviceLinkResult result = _link.ReadImages(out images);
            if (!result.IsOk)
            {
                return result;
            }

            active = SubDeviceImageInfo.FindActive(images);
            return active != null ? SubDeviceLinkResult.Success : new SubDeviceLinkResult(SubDeviceLinkStatus.ImageNotFound, 0, "no active image listed");
        }

        /// <summary>The version in <paramref name="image"/>'s MCUboot header as Zephyr prints it, read without hashing
        /// (<see cref="McubootImageCheck.ReadInfo"/>), or null when the header or TLV area is unusable (then
        /// <see cref="Upload"/> refuses the image and says why).</summary>
        public string ReadImageVersion(ISubDeviceImage image)
        {
            McubootCheckResult info = _check.ReadInfo(image);
            return info.IsOk ? info.Version : null;
        }

        /// <summary>Checks the image as MCUboot will (header, TLVs, SHA-256 and, where a key is configured, its
        /// signature) without sending anything; <see cref="Upload"/> of the same image right after does not check it
        /// again.</summary>
        /// <remarks>Run before the cloud is told the image is being flashed, so a refused image is never reported as
        /// burning (the board's rule).</remarks>
        /// <returns>Ok, or ImageRejected with the check's status as the code and its reason as the detail.</returns>
        public SubDeviceLinkResult CheckImage(ISubDeviceImage image)
        {
            if (image == null)
            {
                throw new ArgumentNullException("image");
            }

            _checkedImage = null;
            McubootCheckResult check = _check.Check(image);
            if (!check.IsOk)
            {
                return new SubDeviceLinkResult(SubDeviceLinkStatus.ImageRejected, (int)check.Status,
                    McubootImageCheck.StatusName(check.Status) + ": " + check.Detail);
            }

            _checkedImage = image;
            _checkedHash = check.Hash;
            return SubDeviceLinkResult.Success;
        }

        /// <summary>Uploads <paramref name="image"/> into the device's secondary slot, resuming whatever session the
        /// device still holds for the same SHA-256.</summary>
        /// <returns>Ok when the device holds all bytes (and, when it checks, they match the SHA-256); ImageRejected (the
        /// image fails the MCUboot check: nothing is sent; the detail says why); otherwise the failing
        /// <see cref="ISubDeviceLink.SendChunk"/> result (NoResponse after too many stalls).</returns>
        public SubDeviceLinkResult Upload(ISubDeviceImage image)
        {
            if (image == null)
            {
                throw new ArgumentNullException("image");
            }

            ChunksSent = 0;
            Repositions = 0;
            _uploadedHash = null;
            if (image != _checkedImage)
            {
                SubDeviceLinkResult refused = CheckImage(image);
                if (!refused.IsOk)
                {
                    return refused;
                }
            }

            byte[] hash = _checkedHash;
            _checkedImage = null;

            int offset = 0;
            int stalls = 0;
            while (true)
            {
                int next;
                SubDeviceLinkResult result = _link.SendChunk(image, offset, out next);
                ChunksSent++;
                if (result.Status == SubDeviceLinkStatus.NoResponse)
                {
                    if (++stalls > _maxStalls)
                    {
                        return result;
                    }

                    continue;
                }

                if (!result.IsOk)
                {
                    return result;
                }

                if (next == image.Length)
                {
                    _uploadedHash = hash;
                    return SubDeviceLinkResult.Success;
                }

                // A request carries at most ChunkSize bytes (fewer when the device's buffer is smaller).
                if (next <= offset || next > offset + _link.ChunkSize)
                {
                    Repositions++;
                }

                if (next > offset)
                {
                    stalls = 0;
                }
                else if (++stalls > _maxStalls)
                {
                    return new SubDeviceLinkResult(SubDeviceLinkStatus.NoResponse, 0, "no upload progress at offset " + next.ToString());
                }

                offset = next;
            }
        }

        /// <summary>
        /// Marks the image the last successful <see cref="Upload"/> sent (secondary slot) for a test boot, resets the device, waits until it answers again
        /// and checks that the image now running is the uploaded one. The bootloader reverts on the next reset unless
        /// <see cref="ISubDeviceLink.ConfirmRunning"/> follows.
        /// </summary>
        /// <param name="runningVersion">Version the device runs afterwards, or null when it did not answer.</param>
        /// <returns>Ok; ImageNotFound (no uploaded image in the secondary slot, or no successful <see cref="Upload"/>
        /// before); ImageRejected (the device lists another hash for the slot than the uploaded image's SHA-256 TLV:
        /// nothing is marked); WrongImageRunning (the device came
        /// back with another image, for example after the bootloader refused the new one); or the failing request's result.</returns>
        public SubDeviceLinkResult Activate(out string runningVersion)
        {
            runningVersion = null;
            SubDeviceImageInfo[] images;
            SubDeviceLinkResult result = _link.ReadImages(out images);
            if (!result.IsOk)
            {
                return result;
            }

            SubDeviceImageInfo candidate = SubDeviceImageInfo.FindSlot(images, 1);
            if (candidate == null || candidate.Hash == null || _uploadedHash == null)
            {
                return new SubDeviceLinkResult(SubDeviceLinkStatus.ImageNotFound, 0, _uploadedHash == null ? "no image uploaded" : "no image in the secondary slot");
            }

            if (!SameBytes(candidate.Hash, _uploadedHash))
            {
                return new SubDeviceLinkResult(SubDeviceLinkStatus.ImageRejected, 0, "the device lists another hash for the secondary slot than the uploaded image's SHA-256 TLV");
            }

            result = _link.MarkForTest(candidate.Hash);
            if (!result.IsOk)
            {
                return result;
            }

            // A reset is never repeated blindly: only when the images show it did not happen (still pending).
            for (int resets = 0; ; resets++)
            {
                result = _link.Reset();
                if (!result.IsOk && result.Status != SubDeviceLinkStatus.NoResponse)
                {
                    return result;
                }

                result = WaitForDevice();
                if (result.IsOk)
                {
                    result = _link.ReadImages(out images);
                }

                if (!result.IsOk)
                {
                    return result;
                }

                SubDeviceImageInfo active = SubDeviceImageInfo.FindActive(images);
                SubDeviceImageInfo pending = SubDeviceImageInfo.FindSlot(images, 1);
                runningVersion = active != null ? active.Version : null;
                if (active != null && SameBytes(active.Hash, candidate.Hash))
                {
                    return SubDeviceLinkResult.Success;
                }

                bool resetLost = pending != null && pending.Pending && SameBytes(pending.Hash, candidate.Hash);
                if (!resetLost || resets >= _maxStalls)
                {
                    return new SubDeviceLinkResult(SubDeviceLinkStatus.WrongImageRunning, 0, "running " + (runningVersion ?? "unknown") + " instead of " + candidate.Version);
                }
            }
        }

        private SubDeviceLinkResult WaitForDevice()
        {
            SubDeviceLinkResult result = SubDeviceLinkResult.Success;
            for (int i = 0; i <= _maxStalls; i++)
            {
                result = _link.Ping();
                if (result.Status != SubDeviceLinkStatus.NoResponse)
                {
                    return result;
                }
            }

            return result;
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            if (a == null || b == null || a.Length != b.Length)
            {
                return false;
            }

            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
