// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Update;

namespace OtaFirmware.Configuration
{
    /// <summary>
    /// Start-up decisions the device makes before the agent runs.
    /// </summary>
    public static class StartupPolicy
    {
        /// <summary>
        /// Decides what to do when the configuration cannot be loaded. The configuration lives on I:\, outside both
        /// images, and the previous image demonstrably had a usable one: it received this update over MQTT. So a
        /// fresh image (not yet confirmed) that cannot load it is the one at fault and is rolled back at once, instead
        /// of being left to the bootloader's next-reset rollback or, worse, confirmed and stuck without a cloud. A
        /// confirmed image keeps running and waits: rolling back would not make the file appear, and the previous
        /// image would face the same file.
        /// </summary>
        /// <param name="runningState">State of the running image.</param>
        /// <returns><see cref="MissingConfigurationAction.RollBack"/> for <see cref="ImageState.PendingVerify"/> and
        /// <see cref="ImageState.New"/>; <see cref="MissingConfigurationAction.Idle"/> otherwise (valid, undefined
        /// (no rollback support), or already invalid/aborted).</returns>
        public static MissingConfigurationAction WithoutConfiguration(ImageState runningState)
        {
            return runningState == ImageState.PendingVerify || runningState == ImageState.New
                ? MissingConfigurationAction.RollBack
                : MissingConfigurationAction.Idle;
        }
    }
}
