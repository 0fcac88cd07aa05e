// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>ESP-IDF esp_ota_img_states_t, with its numeric values (they are stored in otadata).</summary>
    public enum ImageState
    {
        /// <summary>ESP_OTA_IMG_NEW: set as boot partition, not booted yet.</summary>
        New = 0x0,

        /// <summary>ESP_OTA_IMG_PENDING_VERIFY: booted once, not yet confirmed.</summary>
        PendingVerify = 0x1,

        /// <summary>ESP_OTA_IMG_VALID: confirmed by the application.</summary>
        Valid = 0x2,

        /// <summary>ESP_OTA_IMG_INVALID: rejected by the application.</summary>
        Invalid = 0x3,

        /// <summary>ESP_OTA_IMG_ABORTED: was still PENDING_VERIFY at the next boot.</summary>
        Aborted = 0x4,

        /// <summary>ESP_OTA_IMG_UNDEFINED: rollback disabled, or no otadata entry (factory/first flash).</summary>
        Undefined = -1,
    }
}
