// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>What the newest journal record says the device is in the middle of. Values are stored in flash: pinned.</summary>
    public enum JournalKind
    {
        /// <summary>Nothing pending.</summary>
        Idle = 0,

        /// <summary>A download is in progress: job identity, committed offset and hash mid-states.</summary>
        Downloading = 1,

        /// <summary>The new image was activated; the next boot must confirm it or roll back.</summary>
        AwaitingConfirm = 2,

        /// <summary>The update ended (confirmed, rolled back or failed); the outcome waits to be reported to the cloud.</summary>
        Outcome = 3,

        /// <summary>A gateway stages an image for its sub-devices: job identity, the image's address in the staging
        /// area, committed offset and hash mid-states.</summary>
        Staging = 4,
    }
}
