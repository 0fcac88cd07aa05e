// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Gateway.Links.Mcuboot
{
    /// <summary>Outcome of <see cref="McubootImageCheck.Check"/>. Values are pinned: they appear in logs and reports.</summary>
    public enum McubootCheckStatus
    {
        /// <summary>Header, TLV area, SHA-256 TLV (and signature when a key is configured) are valid.</summary>
        Ok = 0,

        /// <summary>The image could not be read from the gateway's storage.</summary>
        ReadFailed = 1,

        /// <summary>No MCUboot header (magic, sizes) or the sizes do not fit the file.</summary>
        BadHeader = 2,

        /// <summary>No TLV area (IMAGE_TLV_INFO_MAGIC) after the body, or a TLV runs past it.</summary>
        BadTlvArea = 3,

        /// <summary>No SHA-256 TLV, or more than one.</summary>
        HashMissing = 4,

        /// <summary>The SHA-256 TLV does not match header + body (+ protected TLVs).</summary>
        HashMismatch = 5,

        /// <summary>A key is configured and the image carries no KEYHASH for it or no signature TLV of its type.</summary>
        SignatureMissing = 6,

        /// <summary>The signature TLV does not verify against the configured key.</summary>
        SignatureInvalid = 7,
    }
}
