// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Gateway
{
    /// <summary>States of one sub-device's job in the gateway agent (its sub-device table). Values are pinned.</summary>
    internal enum SubDeviceJobState
    {
        /// <summary>No job.</summary>
        Idle = 0,

        /// <summary>A job waits for room in the staging area.</summary>
        WaitingForSpace = 1,

        /// <summary>The job holds a staged image (shared with other sub-devices ordering the same image).</summary>
        Holding = 2,
    }
}
