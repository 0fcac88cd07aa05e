// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>Outcome of a firmware slot operation. Values are pinned.</summary>
    public enum SlotStatus
    {
        /// <summary>The operation completed.</summary>
        Ok = 0,

        /// <summary>The range leaves the slot, or is not aligned.</summary>
        OutOfRange = 1,

        /// <summary>The flash driver failed (esp_err_t beside it in the result).</summary>
        FlashError = 2,

        /// <summary>The staged image failed the platform's image check (esp_ota_end: ESP_ERR_OTA_VALIDATE_FAILED).</summary>
        InvalidImage = 3,

        /// <summary>No other valid slot to roll back to.</summary>
        NoRollbackTarget = 4,
    }
}
