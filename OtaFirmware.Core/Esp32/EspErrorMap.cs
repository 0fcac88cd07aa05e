// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
using OtaFirmware.Update;

namespace OtaFirmware.Esp32
{
    /// <summary>
    /// Maps ESP-IDF <c>esp_err_t</c> codes returned by the OTA interop (OtaFirmware.Esp32Ota.NativeOta) to the
    /// portable statuses. The raw code travels beside the status in a <see cref="FlashResult"/> and from there into the
    /// platform code of an update result.
    /// </summary>
    public static class EspErrorMap
    {
        /// <summary>ESP_OK.</summary>
        public const int Ok = 0;

        /// <summary>ESP_FAIL.</summary>
        public const int Fail = -1;

        /// <summary>ESP_ERR_INVALID_ARG.</summary>
        public const int InvalidArg = 0x102;

        /// <summary>ESP_ERR_INVALID_SIZE.</summary>
        public const int InvalidSize = 0x104;

        /// <summary>ESP_ERR_NOT_FOUND.</summary>
        public const int NotFound = 0x105;

        /// <summary>ESP_ERR_NOT_SUPPORTED.</summary>
        public const int NotSupported = 0x106;

        /// <summary>ESP_ERR_FLASH_OP_FAIL (ESP_ERR_FLASH_BASE 0x6000 + 1, esp_err.h and spi_flash_mmap.h): the SPI flash
        /// driver failed an operation.</summary>
        public const int FlashOpFail = 0x6001;

        /// <summary>ESP_ERR_OTA_PARTITION_CONFLICT.</summary>
        public const int OtaPartitionConflict = 0x1501;

        /// <summary>ESP_ERR_OTA_VALIDATE_FAILED.</summary>
        public const int OtaValidateFailed = 0x1503;

        /// <summary>ESP_ERR_OTA_ROLLBACK_FAILED.</summary>
        public const int OtaRollbackFailed = 0x1505;

        /// <summary>The result of a flash or slot operation: the portable status with the esp_err_t kept beside it.</summary>
        /// <returns><see cref="FlashResult.Ok"/> for ESP_OK; otherwise a failure carrying <paramref name="espError"/>:
        /// <see cref="FlashStatus.OutOfRange"/> for an invalid argument (esp_partition_* range check);
        /// <see cref="FlashStatus.Unaligned"/> for an invalid size (the interop's alignment and range check);
        /// <see cref="FlashStatus.InvalidImage"/> for a failed image validation; <see cref="FlashStatus.NoRollbackTarget"/>
        /// for a failed rollback; <see cref="FlashStatus.FlashError"/> for anything else (a flash driver failure, a
        /// partition conflict or a missing partition).</returns>
        public static FlashResult ToResult(int espError)
        {
            switch (espError)
            {
                case Ok:
                    return FlashResult.Ok;
                case InvalidArg:
                    return FlashResult.Fail(FlashStatus.OutOfRange, espError);
                case InvalidSize:
                    return FlashResult.Fail(FlashStatus.Unaligned, espError);
                case OtaValidateFailed:
                    return FlashResult.Fail(FlashStatus.InvalidImage, espError);
                case OtaRollbackFailed:
                    return FlashResult.Fail(FlashStatus.NoRollbackTarget, espError);
                default:
                    return FlashResult.Fail(FlashStatus.FlashError, espError);
            }
        }

        /// <summary>The portable image state for an <c>esp_ota_img_states_t</c> value and the call's result.</summary>
        /// <param name="espError">What esp_ota_get_state_partition returned.</param>
        /// <param name="espState">The state it reported (ignored unless <paramref name="espError"/> is ESP_OK).</param>
        /// <returns>The matching <see cref="ImageState"/>; <see cref="ImageState.Undefined"/> when the call failed
        /// (no otadata entry, factory partition) or the value is unknown.</returns>
        public static ImageState ToImageState(int espError, int espState)
        {
            if (espError != Ok)
            {
                return ImageState.Undefined;
            }

            switch (espState)
            {
                case 0:
                    return ImageState.New;
                case 1:
                    return ImageState.PendingVerify;
                case 2:
                    return ImageState.Valid;
                case 3:
                    return ImageState.Invalid;
                case 4:
                    return ImageState.Aborted;
                default:
                    return ImageState.Undefined;
            }
        }

        /// <summary>"esp_err 0x1503" style text for logs.</summary>
        /// <returns>The code in hex, with its ESP-IDF name when known.</returns>
        public static string Describe(int espError)
        {
            string name = Name(espError);
            string hex = espError < 0 ? espError.ToString() : "0x" + espError.ToString("X");
            return name == null ? "esp_err " + hex : "esp_err " + hex + " " + name;
        }

        private static string Name(int espError)
        {
            switch (espError)
            {
                case Ok:
                    return "ESP_OK";
                case Fail:
                    return "ESP_FAIL";
                case InvalidArg:
                    return "ESP_ERR_INVALID_ARG";
                case InvalidSize:
                    return "ESP_ERR_INVALID_SIZE";
                case NotFound:
                    return "ESP_ERR_NOT_FOUND";
                case NotSupported:
                    return "ESP_ERR_NOT_SUPPORTED";
                case FlashOpFail:
                    return "ESP_ERR_FLASH_OP_FAIL";
                case OtaPartitionConflict:
                    return "ESP_ERR_OTA_PARTITION_CONFLICT";
                case OtaValidateFailed:
                    return "ESP_ERR_OTA_VALIDATE_FAILED";
                case OtaRollbackFailed:
                    return "ESP_ERR_OTA_ROLLBACK_FAILED";
                default:
                    return null;
            }
        }
    }
}
