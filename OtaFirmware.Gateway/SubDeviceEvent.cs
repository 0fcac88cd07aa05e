// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Gateway
{
    /// <summary>Events of the gateway agent's sub-device table. Values are pinned.</summary>
    internal enum SubDeviceEvent
    {
        /// <summary>The cloud ordered an update (the job travels beside the event).</summary>
        Ordered = 0,

        /// <summary>The agent checks again whether the staging area has room.</summary>
        RetryReserve = 1,

        /// <summary>The held image is staged and verified.</summary>
        ImageReady = 2,

        /// <summary>The held image could not be staged (the reason travels beside the event).</summary>
        ImageFailed = 3,
    }
}
