// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>What <see cref="BootSettler.Settle"/> found and did. Values are pinned.</summary>
    public enum SettleResult
    {
        /// <summary>No update was waiting for this boot.</summary>
        NothingPending = 0,

        /// <summary>The new image passed its health check and was marked valid.</summary>
        Confirmed = 1,

        /// <summary>The new image failed its health check, was marked invalid and the device is rebooting into the previous one.</summary>
        RolledBack = 2,

        /// <summary>An activated image never confirmed itself: the bootloader went back to the previous one.</summary>
        BootAborted = 3,

        /// <summary>Marking the image valid failed; the bootloader will roll back on the next reset.</summary>
        ConfirmFailed = 4,

        /// <summary>The image failed its health check but there is no other image to go back to; it keeps running unconfirmed.</summary>
        RollbackImpossible = 5,

        /// <summary>An activated image was reset before it confirmed itself; it still verifies in the passive slot and
        /// was activated once more (the device is rebooting into it).</summary>
        TrialRetried = 6,
    }
}
