// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Update;

namespace OtaFirmware.Agent
{
    /// <summary>Tunables of the agent. The defaults suit an ESP32 without PSRAM.</summary>
    public sealed class AgentOptions
    {
        /// <summary>Creates the defaults.</summary>
        public AgentOptions()
        {
            ChunkSize = 4096;
            RequestWindow = 64 * 1024;
            ProgressStepPercent = 5;
            ProgressIntervalMilliseconds = 1000;
            RetryBaseMilliseconds = 1000;
            RetryMaxMilliseconds = 60000;
            MaxNetworkRetries = DownloadDriver.DefaultMaxNetworkRetries;
            MaxVerificationRetries = DownloadDriver.DefaultMaxVerificationRetries;
            StallMilliseconds = DownloadDriver.DefaultStallMilliseconds;
            MinimumBytesPerSecond = DownloadDriver.DefaultMinimumBytesPerSecond;
            RateWindowMilliseconds = DownloadDriver.DefaultRateWindowMilliseconds;
            ChipId = 0x0000;
            RebootDelayMilliseconds = 1000;
        }

        /// <summary>Size of the one chunk buffer the download streams through (also the RAM a download needs).</summary>
        public int ChunkSize { get; set; }

        /// <summary>Bytes asked per HTTP Range request (0: one open-ended request).</summary>
        public int RequestWindow { get; set; }

        /// <summary>Progress is reported on a change of at least this many percent ...</summary>
        public int ProgressStepPercent { get; set; }

        /// <summary>... and no more often than this (whichever comes later); state changes are always reported.</summary>
        public int ProgressIntervalMilliseconds { get; set; }

        /// <summary>First retry delay after a network failure; doubles per attempt, with jitter.</summary>
        public int RetryBaseMilliseconds { get; set; }

        /// <summary>Cap of the retry delay.</summary>
        public int RetryMaxMilliseconds { get; set; }

        /// <summary>Network failures in a row before the job fails for good.</summary>
        public int MaxNetworkRetries { get; set; }

        /// <summary>Times a package that failed verification is downloaded again from scratch before the job fails
        /// (once by default, <see cref="DownloadDriver.DefaultMaxVerificationRetries"/> says why).</summary>
        public int MaxVerificationRetries { get; set; }

        /// <summary>An attempt that receives no byte for this long fails as a network failure and backs off (0: no limit).</summary>
        public int StallMilliseconds { get; set; }

        /// <summary>An attempt slower than this over <see cref="RateWindowMilliseconds"/> fails as a network failure (0: no limit).</summary>
        public int MinimumBytesPerSecond { get; set; }

        /// <summary>The window <see cref="MinimumBytesPerSecond"/> is measured over.</summary>
        public int RateWindowMilliseconds { get; set; }

        /// <summary>
        /// The longest wait between activating a new image and rebooting into it: the agent reboots as soon as the broker
        /// acknowledged every QoS 1 report (the "burning" one), or after this long when it does not.
        /// </summary>
        public int RebootDelayMilliseconds { get; set; }

        /// <summary>esp_image_header_t.chip_id the images must carry (ESP32 0x0000, ESP32-S3 0x0009).</summary>
        public int ChipId { get; set; }
    }
}
