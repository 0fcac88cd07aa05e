// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;

namespace OtaFirmware.Update
{
    /// <summary>
    /// The outcome of an update operation: an <see cref="UpdateError"/>, the platform's own code beside it
    /// (HTTP status, esp_err_t) and a sentence for the cloud report.
    /// </summary>
    /// <remarks>
    /// Success is the shared <see cref="Ok"/> instance (no allocation on the success path); test it with
    /// <see cref="IsOk"/>. A flash or slot failure is built with <see cref="FromFlash"/>, which keeps the esp_err_t in
    /// <see cref="PlatformCode"/> and its text ("FlashError (esp_err 0x105 ESP_ERR_NOT_FOUND)") in <see cref="Detail"/>,
    /// the part the dialects send to the cloud, as AWS's OTA_PAL_COMBINE_ERR keeps the PAL's sub-error.
    /// </remarks>
    public sealed class UpdateResult
    {
        /// <summary>The shared success value.</summary>
        public static readonly UpdateResult Ok = new UpdateResult(UpdateError.Ok, 0, "ok");

        // Retired values (4, 19) keep an empty slot so that every later index stays right.
        private static readonly string[] ErrorNames = new string[]
        {
            "Ok", "SourceUnavailable", "Forbidden", "NotFound", string.Empty, "RangeMismatch", "DigestMismatch",
            "TooLarge", "WrongImage", "VersionMismatch", "FlashError", "RunningImageUnconfirmed", "InvalidJob",
            "ActivationFailed", "Cancelled", "RetriesExhausted", "HealthCheckFailed", "BootAborted", "HttpError",
            string.Empty, "SignatureInvalid", "DowngradeRefused",
        };

        private readonly bool _codeInDetail;

        /// <summary>Creates a result.</summary>
        public UpdateResult(UpdateError error, int platformCode, string detail)
            : this(error, platformCode, detail, false)
        {
        }

        private UpdateResult(UpdateError error, int platformCode, string detail, bool codeInDetail)
        {
            Error = error;
            PlatformCode = platformCode;
            Detail = detail;
            _codeInDetail = codeInDetail;
        }

        /// <summary>What went wrong, <see cref="UpdateError.Ok"/> on success.</summary>
        public UpdateError Error { get; private set; }

        /// <summary>The platform's code for it (HTTP status, esp_err_t), 0 when none.</summary>
        public int PlatformCode { get; private set; }

        /// <summary>A short English sentence saying what happened, for logs and the cloud's result message.</summary>
        public string Detail { get; private set; }

        /// <summary>True when <see cref="Error"/> is <see cref="UpdateError.Ok"/>.</summary>
        public bool IsOk
        {
            get { return Error == UpdateError.Ok; }
        }

        /// <summary>Creates a failure.</summary>
        /// <returns>The result.</returns>
        public static UpdateResult Fail(UpdateError error, int platformCode, string detail)
        {
            return new UpdateResult(error, platformCode, detail, false);
        }

        /// <summary>Creates a failure from a failed flash or slot operation: the esp_err_t becomes
        /// <see cref="PlatformCode"/> and the flash result's text ends <see cref="Detail"/>.</summary>
        /// <param name="error">The update error (<see cref="UpdateError.FlashError"/>, <see cref="UpdateError.ActivationFailed"/>).</param>
        /// <param name="flash">What the slot or region returned.</param>
        /// <param name="what">What failed, e.g. "flash write failed at byte 4096".</param>
        /// <returns>The result, e.g. detail "flash write failed at byte 4096: FlashError (esp_err 0x6001 ESP_ERR_FLASH_OP_FAIL)".</returns>
        public static UpdateResult FromFlash(UpdateError error, FlashResult flash, string what)
        {
            return new UpdateResult(error, flash.PlatformCode, what + ": " + flash.ToString(), true);
        }

        /// <summary>The name of <paramref name="error"/> (nanoFramework's Enum.ToString gives only the number).</summary>
        /// <returns>The enum member's name, or its number when unknown or retired.</returns>
        public static string ErrorName(UpdateError error)
        {
            int index = (int)error;
            if (index < 0 || index >= ErrorNames.Length || ErrorNames[index].Length == 0)
            {
                return index.ToString();
            }

            return ErrorNames[index];
        }

        /// <summary>One line for the log: "Forbidden (403): URL expired", "FlashError: flash write failed at byte 4096:
        /// FlashError (esp_err 0x6001 ESP_ERR_FLASH_OP_FAIL)".</summary>
        /// <returns>The error's name, the platform code when the detail does not already carry it, and the detail.</returns>
        public override string ToString()
        {
            string name = ErrorName(Error);
            return PlatformCode == 0 || _codeInDetail ? name + ": " + Detail : name + " (" + PlatformCode.ToString() + "): " + Detail;
        }
    }
}
