// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>What the owner of a <see cref="DownloadDriver"/> does after one step. Values are pinned.</summary>
    public enum DownloadVerdict
    {
        /// <summary>A chunk moved (or a restart was arranged): step again.</summary>
        InProgress = 0,

        /// <summary>Every byte is in flash and the digests match: activate (or hand the image on).</summary>
        Downloaded = 1,

        /// <summary>Step again after <see cref="DownloadDriver.RetryDelayMilliseconds"/> (network failure or a restart after a digest mismatch).</summary>
        RetryLater = 2,

        /// <summary>The URL was refused (403/401): ask the cloud for a fresh one, then step again.</summary>
        NeedFreshUrl = 3,

        /// <summary>The job failed for good; <see cref="DownloadDriver.Failure"/> says why.</summary>
        Failed = 4,
    }
}
