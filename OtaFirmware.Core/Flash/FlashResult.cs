// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;

namespace OtaFirmware.Flash
{
    /// <summary>
    /// The outcome of one flash or slot operation: a portable <see cref="FlashStatus"/> and, beside it, the platform's
    /// own code (the esp_err_t on the device and on the simulated ESP32; 0 when there is none). Reads
    /// "FlashError (esp_err 0x105 ESP_ERR_NOT_FOUND)" in logs and reports.
    /// </summary>
    /// <remarks>
    /// Why a struct with the code beside the status: AWS's OTA PAL keeps the platform's sub-error in the same value as
    /// its own status (OTA_PAL_COMBINE_ERR in ota_platform_interface.h) so the cloud learns what the driver said, not
    /// only that it failed; a value type returns both without allocating, so a download still costs 0 bytes per chunk.
    /// Success is <see cref="Ok"/> (the default value); test it with <see cref="IsOk"/>.
    /// </remarks>
    public struct FlashResult
    {
        /// <summary>Success (the default value): <see cref="FlashStatus.Ok"/>, no platform code.</summary>
        public static readonly FlashResult Ok = new FlashResult(FlashStatus.Ok, 0);

        private static readonly string[] StatusNames = new string[]
        {
            "Ok", "OutOfRange", "Unaligned", "NotErased", "FlashError", "InvalidImage", "NoRollbackTarget",
        };

        private readonly FlashStatus _status;
        private readonly int _platformCode;

        /// <summary>Creates a result.</summary>
        /// <param name="status">The portable outcome.</param>
        /// <param name="platformCode">The platform's code for it (esp_err_t), 0 when none.</param>
        public FlashResult(FlashStatus status, int platformCode)
        {
            _status = status;
            _platformCode = platformCode;
        }

        /// <summary>The portable outcome.</summary>
        public FlashStatus Status
        {
            get { return _status; }
        }

        /// <summary>The platform's code (esp_err_t), 0 when the failure has none (a check done before the driver).</summary>
        public int PlatformCode
        {
            get { return _platformCode; }
        }

        /// <summary>True when <see cref="Status"/> is <see cref="FlashStatus.Ok"/>.</summary>
        public bool IsOk
        {
            get { return _status == FlashStatus.Ok; }
        }

        /// <summary>A failure without a platform code (refused before the driver was asked).</summary>
        /// <returns>The result.</returns>
        public static FlashResult Fail(FlashStatus status)
        {
            return new FlashResult(status, 0);
        }

        /// <summary>A failure with the platform's code.</summary>
        /// <returns>The result.</returns>
        public static FlashResult Fail(FlashStatus status, int platformCode)
        {
            return new FlashResult(status, platformCode);
        }

        /// <summary>The name of <paramref name="status"/> (nanoFramework's Enum.ToString gives only the number).</summary>
        /// <returns>The enum member's name, or its number when unknown.</returns>
        public static string StatusName(FlashStatus status)
        {
            int index = (int)status;
            return index >= 0 && index < StatusNames.Length ? StatusNames[index] : index.ToString();
        }

        /// <summary>"FlashError (esp_err 0x105 ESP_ERR_NOT_FOUND)", or just the status name without a platform code.</summary>
        /// <returns>The text for logs and cloud reports.</returns>
        public override string ToString()
        {
            string name = StatusName(_status);
            return _platformCode == 0 ? name : name + " (" + EspErrorMap.Describe(_platformCode) + ")";
        }
    }
}
