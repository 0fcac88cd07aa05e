// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>
    /// Why an update step failed. Values are pinned (they travel in reports and resume records).
    /// docs/ARCHITECTURE.md has the table of typical reactions.
    /// </summary>
    public enum UpdateError
    {
        /// <summary>No error: the operation succeeded.</summary>
        Ok = 0,

        /// <summary>The server could not be reached or the connection broke; retry with backoff.</summary>
        SourceUnavailable = 1,

        /// <summary>HTTP 403 or 401: the URL signature expired or was refused; ask the cloud for a fresh URL.</summary>
        Forbidden = 2,

        /// <summary>HTTP 404 or 410: the file is not there.</summary>
        NotFound = 3,

        // 4 is retired (it named a server that ignores Range, which the pipeline answers with a bounded restart and
        // reports as RangeMismatch when the restarts run out); never reuse it: values travel in resume records.

        /// <summary>Content-Range, total length or body length disagree with what was asked or announced.</summary>
        RangeMismatch = 5,

        /// <summary>The whole image's MD5 or SHA-256 differs from the job's.</summary>
        DigestMismatch = 6,

        /// <summary>The image does not fit the inactive slot.</summary>
        TooLarge = 7,

        /// <summary>The first bytes are not an ESP32 application image for this chip.</summary>
        WrongImage = 8,

        /// <summary>The image's embedded version differs from the job's version.</summary>
        VersionMismatch = 9,

        /// <summary>A flash erase, write or read failed.</summary>
        FlashError = 10,

        /// <summary>The running image is still PENDING_VERIFY: settle it before any new update.</summary>
        RunningImageUnconfirmed = 11,

        /// <summary>The job itself is unusable (size, digest, URL).</summary>
        InvalidJob = 12,

        /// <summary>The platform refused to activate the staged image.</summary>
        ActivationFailed = 13,

        /// <summary>The update was aborted by a newer command or by the operator.</summary>
        Cancelled = 14,

        /// <summary>The server kept failing after every retry; the job gave up.</summary>
        RetriesExhausted = 15,

        /// <summary>The new image booted but failed its health check and was rolled back.</summary>
        HealthCheckFailed = 16,

        /// <summary>The new image was reset before it confirmed itself (power cut or crash while PENDING_VERIFY) in two trial
        /// boots, or once and it no longer verified in the slot, and the bootloader rolled back. Not a failed health check.</summary>
        BootAborted = 17,

        /// <summary>The server answered with an HTTP status the pipeline cannot use.</summary>
        HttpError = 18,

        // 19 is retired (the agent reports an order for the running version as a success); never reuse it.

        /// <summary>The downloaded image's Secure Boot v2 signature is missing or does not verify with a key the device
        /// trusts; it is never activated and never retried.</summary>
        SignatureInvalid = 20,

        /// <summary>The device's anti-rollback policy refuses the image: its version is older than (or not ordered with)
        /// the running one, or its secure_version is below the device's anti-rollback counter.</summary>
        DowngradeRefused = 21,
    }
}
