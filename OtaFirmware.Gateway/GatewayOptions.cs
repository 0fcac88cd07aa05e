// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Integrity;
using OtaFirmware.Update;

namespace OtaFirmware.Gateway
{
    /// <summary>Tuning of the <see cref="GatewayAgent"/>; the defaults suit the device.</summary>
    public sealed class GatewayOptions
    {
        /// <summary>Creates the defaults.</summary>
        public GatewayOptions()
        {
            ChunkSize = 4096;
            RequestWindow = 64 * 1024;
            MaxStagedImages = 4;
            MaxNetworkRetries = DownloadDriver.DefaultMaxNetworkRetries;
            MaxVerificationRetries = DownloadDriver.DefaultMaxVerificationRetries;
            StallMilliseconds = DownloadDriver.DefaultStallMilliseconds;
            MinimumBytesPerSecond = DownloadDriver.DefaultMinimumBytesPerSecond;
            RateWindowMilliseconds = DownloadDriver.DefaultRateWindowMilliseconds;
            RetryDelayMilliseconds = 1000;
            RetryMaxMilliseconds = 60000;
            FlashAttempts = 3;
            LinkStalls = 5;
        }

        /// <summary>Bytes per download step (the one buffer's size).</summary>
        public int ChunkSize { get; set; }

        /// <summary>Bytes asked per HTTPS Range request.</summary>
        public int RequestWindow { get; set; }

        /// <summary>Images staged at once; each has its own resume journal of two erase blocks at the start of the staging area.</summary>
        public int MaxStagedImages { get; set; }

        /// <summary>Network failures in a row before a staged image's jobs fail (the board agent's policy, <see cref="DownloadDriver"/>).</summary>
        public int MaxNetworkRetries { get; set; }

        /// <summary>Times an image that failed verification is downloaded again from scratch before its jobs fail
        /// (once by default, as on the board: <see cref="DownloadDriver.DefaultMaxVerificationRetries"/> says why).</summary>
        public int MaxVerificationRetries { get; set; }

        /// <summary>A staging attempt that receives no byte for this long fails as a network failure and backs off (0: no limit; the board's key and default).</summary>
        public int StallMilliseconds { get; set; }

        /// <summary>A staging attempt slower than this over <see cref="RateWindowMilliseconds"/> fails as a network failure (0: no limit; the board's key and default).</summary>
        public int MinimumBytesPerSecond { get; set; }

        /// <summary>The window <see cref="MinimumBytesPerSecond"/> is measured over.</summary>
        public int RateWindowMilliseconds { get; set; }

        /// <summary>First wait before a failed download is tried again; doubles per attempt, with jitter.</summary>
        public int RetryDelayMilliseconds { get; set; }

        /// <summary>Cap of the retry wait.</summary>
        public int RetryMaxMilliseconds { get; set; }

        /// <summary>Uploads per sub-device job when the link stops answering; each continues where the device's session is.</summary>
        public int FlashAttempts { get; set; }

        /// <summary>SHA-256 the sub-device images are checked with before upload (their MCUboot SHA-256 TLV): the
        /// platform's own, as a separate instance from the one downloads use (a check resets it). Null: the portable
        /// managed <see cref="OtaFirmware.Integrity.Sha256"/>.</summary>
        public IStreamingHash ImageCheckHash { get; set; }

        /// <summary>Requests in a row without progress before one upload gives up (<see cref="SubDeviceUpdater"/>'s maxStalls).</summary>
        public int LinkStalls { get; set; }

        /// <summary>True to flash a sub-device with an image older than the one it runs (the board's
        /// <c>allow_downgrade</c>). False (the default): before anything is uploaded, the staged image's MCUboot header
        /// version is compared with the version the sub-device reports running, and an older image is refused with
        /// <see cref="UpdateError.DowngradeRefused"/>.</summary>
        /// <remarks>Why an option and never a field of the command: a forged or replayed command cannot relax it.</remarks>
        public bool AllowDowngrade { get; set; }
    }
}
