// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Security
{
    /// <summary>Outcome of checking an image's Secure Boot v2 signature. Values are pinned.</summary>
    public enum SignatureStatus
    {
        /// <summary>A signature block whose key is trusted verified the image.</summary>
        Ok = 0,

        /// <summary>The image has no valid signature block (no signature sector, wrong magic or version, bad CRC).</summary>
        NotSigned = 1,

        /// <summary>The image digest recorded in the signature block is not the SHA-256 of the signed bytes.</summary>
        DigestMismatch = 2,

        /// <summary>Every valid signature block carries a public key whose digest is not trusted by this device.</summary>
        UntrustedKey = 3,

        /// <summary>A block with a trusted key did not verify (RSA-PSS over the image digest failed).</summary>
        BadSignature = 4,

        /// <summary>The signed file's length cannot hold an image and a 4 KiB signature sector, or is not sector aligned.</summary>
        BadLength = 5,

        /// <summary>Reading the image back from the slot failed (the platform's code is in the result).</summary>
        ReadFailed = 6,

        /// <summary>The device has no trusted key digest configured, so no image can be verified.</summary>
        NoTrustedKey = 7,
    }
}
