// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Gateway
{
    /// <summary>Events of the gateway agent's staging table. Values are pinned.</summary>
    internal enum StagingEvent
    {
        /// <summary>No download is running and this image waits first.</summary>
        Turn = 0,

        /// <summary>Time to move the next chunk.</summary>
        StepDue = 1,

        /// <summary>The backoff or the wait for a fresh URL ended.</summary>
        TimerExpired = 2,

        /// <summary>The cloud sent the same image again with a new URL.</summary>
        FreshUrl = 3,
    }
}
