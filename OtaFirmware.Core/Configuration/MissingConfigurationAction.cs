// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Configuration
{
    /// <summary>What the device does when it cannot load its configuration. Values are pinned.</summary>
    public enum MissingConfigurationAction
    {
        /// <summary>Keep the running (already confirmed) firmware, log the reason and wait for a fixed configuration.</summary>
        Idle = 0,

        /// <summary>Roll back to the previous image and reboot.</summary>
        RollBack = 1,
    }
}
