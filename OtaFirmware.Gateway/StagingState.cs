// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Gateway
{
    /// <summary>States of one staged image in the gateway agent (its staging table). Values are pinned.</summary>
    internal enum StagingState
    {
        /// <summary>The staging record holds no image of a pending job.</summary>
        Free = 0,

        /// <summary>Reserved for pending jobs; waits for its turn to download (one download at a time).</summary>
        Waiting = 1,

        /// <summary>Moving chunks from the server into the staging area.</summary>
        Downloading = 2,

        /// <summary>Waiting before retrying after a network failure or a digest mismatch.</summary>
        Backoff = 3,

        /// <summary>The URL was refused; waiting for the cloud to send the job again with a fresh one.</summary>
        AwaitingUrl = 4,

        /// <summary>Staged and verified: the holders are flashed from it.</summary>
        Ready = 5,
    }
}
