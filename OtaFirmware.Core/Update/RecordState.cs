// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>Lifecycle states of an <see cref="UpdateRecord"/> (its table lists the moves). Values are pinned.</summary>
    public enum RecordState
    {
        /// <summary>Nothing pending.</summary>
        Idle = 0,

        /// <summary>A job is being downloaded into the inactive slot.</summary>
        Downloading = 1,

        /// <summary>The downloaded image was activated; the next boot confirms it or rolls back.</summary>
        AwaitingConfirm = 2,

        /// <summary>The update ended; its outcome waits to be reported and acknowledged.</summary>
        Outcome = 3,

        /// <summary>A gateway stages an image for its sub-devices at a known address of its staging area.</summary>
        Staging = 4,
    }
}
