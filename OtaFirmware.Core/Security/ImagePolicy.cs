// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.Update;

namespace OtaFirmware.Security
{
    /// <summary>
    /// What a device accepts, checked at two points of an update: a job's version against the running one when the
    /// job starts (<see cref="CheckJob"/>), and the downloaded image in the inactive slot just before it is activated
    /// (<see cref="CheckImage"/>): its Secure Boot v2 signature against the trusted key digests, then its
    /// <c>esp_app_desc_t.secure_version</c> against the device's anti-rollback counter.
    /// </summary>
    /// <remarks>
    /// Why a policy object beside the pipeline instead of fields of the command: every rule here comes from the device
    /// (its configuration and eFuse), never from the cloud message, so a forged command cannot relax it. The anti-rollback
    /// rule follows ESP-IDF's <c>esp_efuse_check_secure_version</c> (bootloader_support, CONFIG_BOOTLOADER_APP_ANTI_ROLLBACK):
    /// an image is accepted when its secure_version is at least the eFuse counter. The policy holds no per-job state.
    /// </remarks>
    public sealed class ImagePolicy
    {
        private readonly ImageSignatureCheck _signature;
        private readonly bool _allowDowngrade;

        /// <summary>Creates a policy.</summary>
        /// <param name="signature">The signature check, or null when the device explicitly accepts unsigned images
        /// (the development setting <c>allow_unsigned_images</c>).</param>
        /// <param name="allowDowngrade">True to accept jobs older than (or not ordered with) the running version.</param>
        /// <param name="minimumSecureVersion">The device's anti-rollback counter (eFuse); 0 accepts every secure_version.</param>
        public ImagePolicy(ImageSignatureCheck signature, bool allowDowngrade, uint minimumSecureVersion)
        {
            _signature = signature;
            _allowDowngrade = allowDowngrade;
            MinimumSecureVersion = minimumSecureVersion;
        }

        /// <summary>True when images must carry a signature that verifies.</summary>
        public bool RequiresSignature
        {
            get { return _signature != null; }
        }

        /// <summary>The anti-rollback counter images are checked against; the owner raises it when a new image is confirmed.</summary>
        public uint MinimumSecureVersion { get; set; }

        /// <summary>Refuses a job whose version is older than the running one, or not ordered with it, unless allowed.</summary>
        /// <returns>Null when the job may start; otherwise <see cref="UpdateError.DowngradeRefused"/> with the reason.</returns>
        public UpdateResult CheckJob(UpdateJob job, string runningVersion)
        {
            if (job == null)
            {
                throw new ArgumentNullException("job");
            }

            if (_allowDowngrade || runningVersion == null || runningVersion.Length == 0)
            {
                return null;
            }

            bool ordered;
            int order = FirmwareVersion.Compare(job.Version, runningVersion, out ordered);
            if (!ordered)
            {
                return UpdateResult.Fail(UpdateError.DowngradeRefused, 0, "version '" + job.Version + "' cannot be ordered against the running '" + runningVersion + "'; downgrades are not allowed on this device");
            }

            if (order < 0)
            {
                return UpdateResult.Fail(UpdateError.DowngradeRefused, 0, "version " + job.Version + " is older than the running " + runningVersion + "; downgrades are not allowed on this device");
            }

            return null;
        }

        /// <summary>
        /// Checks the image of <paramref name="size"/> bytes at the start of the inactive slot before activation.
        /// </summary>
        /// <param name="slot">The slots; the inactive one holds the image.</param>
        /// <param name="size">The image file's length (with its signature sector).</param>
        /// <param name="buffer">A scratch buffer of at least <see cref="SignatureBlock.BlockSize"/> bytes.</param>
        /// <param name="esp32Image">True for an ESP32 application image (its app descriptor's secure_version is checked).</param>
        /// <returns>Null when the image may be activated; otherwise <see cref="UpdateError.SignatureInvalid"/>,
        /// <see cref="UpdateError.DowngradeRefused"/> or <see cref="UpdateError.FlashError"/> (reading back failed).</returns>
        public UpdateResult CheckImage(IFirmwareSlot slot, int size, byte[] buffer, bool esp32Image)
        {
            if (slot == null || buffer == null)
            {
                throw new ArgumentNullException();
            }

            if (_signature != null)
            {
                SignatureResult signed = _signature.Check(slot, size, buffer);
                if (signed.Status == SignatureStatus.ReadFailed)
                {
                    return UpdateResult.Fail(UpdateError.FlashError, signed.PlatformCode, signed.Detail);
                }

                if (!signed.IsOk)
                {
                    return UpdateResult.Fail(UpdateError.SignatureInvalid, (int)signed.Status, "signature check failed: " + signed.Detail);
                }
            }

            if (!esp32Image || MinimumSecureVersion == 0)
            {
                return null;
            }

            FlashResult read = slot.Read(0, buffer, 0, Esp32ImageHeader.MinimumLength);
            if (!read.IsOk)
            {
                return UpdateResult.FromFlash(UpdateError.FlashError, read, "reading the image header back from the slot failed");
            }

            Esp32ImageHeader header = Esp32ImageHeader.Parse(buffer, 0, Esp32ImageHeader.MinimumLength);
            if (!header.IsOk)
            {
                return UpdateResult.Fail(UpdateError.DowngradeRefused, (int)header.Status, "the image's secure_version cannot be read: " + header.Detail);
            }

            if (header.SecureVersion < MinimumSecureVersion)
            {
                return UpdateResult.Fail(UpdateError.DowngradeRefused, (int)header.SecureVersion, "the image's secure_version " + header.SecureVersion.ToString() + " is below the device's anti-rollback counter " + MinimumSecureVersion.ToString());
            }

            return null;
        }
    }
}
