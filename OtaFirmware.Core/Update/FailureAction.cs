// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>How the download policy answers a failed step (the table in <see cref="DownloadDriver"/>). Values are pinned.</summary>
    public enum FailureAction
    {
        /// <summary>Fail the job with the step's reason.</summary>
        Fail = 0,

        /// <summary>Wait a jittered, growing delay and continue where the download stopped (bounded by the network retry budget).</summary>
        Backoff = 1,

        /// <summary>Download again from byte 0 after a delay (bounded by the verification retry budget).</summary>
        Restart = 2,

        /// <summary>Ask the cloud for a fresh URL and continue with it.</summary>
        FreshUrl = 3,
    }
}
