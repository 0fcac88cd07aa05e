// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>
    /// The outcome of an update operation: an <see cref="UpdateError"/>, the platform's own code beside it
    /// (HTTP status, esp_err_t, <see cref="OtaFirmware.Flash.FlashStatus"/>) and a sentence for the cloud report.
    /// </summary>
    public sealed class UpdateResult
    {
        /// <summary>The shared success value.</summary>
        public static readonly UpdateResult Success = new UpdateResult(UpdateError.None, 0, "ok");

        private static readonly string[] ErrorNames = new string[]
        {
            "None", "SourceUnavailable", "Forbidden", "NotFound", "RangeIgnored", "RangeMismatch", "DigestMismatch",
            "TooLarge", "WrongImage", "VersionMismatch", "FlashError", "RunningImageUnconfirmed", "InvalidJob",
            "ActivationFailed", "Cancelled", "RetriesExhausted", "HealthCheckFailed", "BootAborted", "HttpError",
            "AlreadyRunning",
        };

        /// <summary>Creates a result.</summary>
        public UpdateResult(UpdateError error, int platformCode, string detail)
        {
            Error = error;
            PlatformCode = platformCode;
            Detail = detail;
        }

        /// <summary>What went wrong, <see cref="UpdateError.None"/> on success.</summary>
        public UpdateError Error { get; private set; }

        /// <summary>The platform's code for it (HTTP status, esp_err_t, FlashStatus), 0 when none.</summary>
        public int PlatformCode { get; private set; }

        /// <summary>A short English sentence saying what happened, for logs and the cloud's result message.</summary>
        public string Detail { get; private set; }

        /// <summary>True when <see cref="Error"/> is <see cref="UpdateError.None"/>.</summary>
        public bool IsSuccess
        {
            get { return Error == UpdateError.None; }
        }

        /// <summary>Creates a failure.</summary>
        public static UpdateResult Fail(UpdateError error, int platformCode, string detail)
        {
            return new UpdateResult(error, platformCode, detail);
        }

        /// <summary>The name of <paramref name="error"/> (nanoFramework's Enum.ToString gives only the number).</summary>
        /// <returns>The enum member's name, or its number when unknown.</returns>
        public static string ErrorName(UpdateError error)
        {
            int index = (int)error;
            return index >= 0 && index < ErrorNames.Length ? ErrorNames[index] : index.ToString();
        }

        /// <inheritdoc />
        public override string ToString()
        {
            string name = ErrorName(Error);
            return PlatformCode == 0 ? name + ": " + Detail : name + " (" + PlatformCode.ToString() + "): " + Detail;
        }
    }
}
