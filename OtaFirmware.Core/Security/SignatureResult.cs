// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Security
{
    /// <summary>What an image signature check found: a status, the platform's code where there is one, and a sentence.</summary>
    public sealed class SignatureResult
    {
        /// <summary>Creates a result.</summary>
        public SignatureResult(SignatureStatus status, int platformCode, string detail)
        {
            Status = status;
            PlatformCode = platformCode;
            Detail = detail ?? string.Empty;
        }

        /// <summary>Ok, or why the image is not trusted.</summary>
        public SignatureStatus Status { get; private set; }

        /// <summary>The platform's error code (esp_err_t on the device) when reading the slot failed; 0 otherwise.</summary>
        public int PlatformCode { get; private set; }

        /// <summary>A short English description for the log and the cloud report.</summary>
        public string Detail { get; private set; }

        /// <summary>True when <see cref="Status"/> is Ok.</summary>
        public bool IsOk
        {
            get { return Status == SignatureStatus.Ok; }
        }
    }
}
