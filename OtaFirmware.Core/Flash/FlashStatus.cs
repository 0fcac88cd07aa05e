// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Flash
{
    /// <summary>
    /// Outcome of one flash or slot operation (<see cref="IFlashRegion"/>, <see cref="OtaFirmware.Update.IFirmwareSlot"/>),
    /// carried in a <see cref="FlashResult"/> beside the platform's own code. Values are pinned: they appear in logs
    /// and reports.
    /// </summary>
    public enum FlashStatus
    {
        /// <summary>The operation completed.</summary>
        Ok = 0,

        /// <summary>The address range leaves the region or slot (ESP_ERR_INVALID_ARG).</summary>
        OutOfRange = 1,

        /// <summary>Address or length is not aligned to the write alignment or erase block (ESP_ERR_INVALID_SIZE).</summary>
        Unaligned = 2,

        /// <summary>A write would have to turn a 0 bit into a 1 without an erase.</summary>
        NotErased = 3,

        /// <summary>The flash driver failed; the esp_err_t travels beside it in the result.</summary>
        FlashError = 4,

        /// <summary>The staged image failed the platform's image check (esp_ota_end, esp_ota_set_boot_partition:
        /// ESP_ERR_OTA_VALIDATE_FAILED).</summary>
        InvalidImage = 5,

        /// <summary>No other valid slot to roll back to (ESP_ERR_OTA_ROLLBACK_FAILED).</summary>
        NoRollbackTarget = 6,
    }
}
