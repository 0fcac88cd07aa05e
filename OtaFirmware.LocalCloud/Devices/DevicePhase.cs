// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Devices;

/// <summary>Where a device is in its update, as the cloud sees it.</summary>
public enum DevicePhase
{
    /// <summary>No update assigned (or none since the last one finished).</summary>
    Idle = 0,

    /// <summary>An update was assigned; the command was sent, or waits for the device to show up.</summary>
    Pushed = 1,

    /// <summary>The device reports download progress.</summary>
    Downloading = 2,

    /// <summary>The device verified the image and activates it.</summary>
    Burning = 3,

    /// <summary>The device said done; waiting for it to report the new version.</summary>
    Done = 4,

    /// <summary>The device reported the target version: the update succeeded (how all three clouds judge success).</summary>
    Succeeded = 5,

    /// <summary>The device reported a failure, or came back with another version after activating (rolled back).</summary>
    Failed = 6,
}
