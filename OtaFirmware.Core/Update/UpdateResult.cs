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

        /// <inheritdoc />
        public override string ToString()
        {
            return PlatformCode == 0 ? Error.ToString() + ": " + Detail : Error.ToString() + " (" + PlatformCode.ToString() + "): " + Detail;
        }
    }
}
