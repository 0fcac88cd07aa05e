// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Runtime.CompilerServices;

namespace OtaFirmware.Esp32Ota
{
    /// <summary>
    /// ESP-IDF OTA and partition calls for a custom nanoCLR build (the native half lives in <c>native/</c> and is
    /// compiled into the firmware through <c>NF_INTEROP_ASSEMBLIES</c>). Every method returns the ESP-IDF
    /// <c>esp_err_t</c> (0 = ESP_OK) and never throws for an expected failure. Offsets are relative to the start of
    /// the selected partition. The running application partition can be read but never erased or written.
    /// </summary>
    /// <remarks>
    /// Keep the declaration order: the native method table is generated from it. After any change to a signature,
    /// bump <c>AssemblyNativeVersion</c>, rebuild with stub generation on and copy the regenerated stubs to
    /// <c>native/</c> (see README.md).
    /// </remarks>
    public static class NativeOta
    {
        /// <summary>Selector: the running application partition (read only).</summary>
        public const int RunningPartition = 0;

        /// <summary>Selector: the next OTA application slot (esp_ota_get_next_update_partition).</summary>
        public const int UpdatePartition = 1;

        /// <summary>Selector: the partition of custom type 0x40, subtype 0x00, labelled <c>otarec</c>, that holds the resume journal.</summary>
        public const int JournalPartition = 2;

        /// <summary>Selector: the partition of custom type 0x40, subtype 0x01, labelled <c>staging</c>, that holds the gateway's staged sub-device images.</summary>
        public const int StagingPartition = 3;

        /// <summary>Index in the info array: absolute flash address.</summary>
        public const int InfoAddress = 0;

        /// <summary>Index in the info array: size in bytes.</summary>
        public const int InfoSize = 1;

        /// <summary>Index in the info array: partition subtype (0x10 = ota_0, 0x11 = ota_1, 0x00 = factory).</summary>
        public const int InfoSubtype = 2;

        /// <summary>Index in the info array: erase block size in bytes.</summary>
        public const int InfoEraseSize = 3;

        /// <summary>Index in the info array: 1 when the partition is flash-encrypted (writes then need 16-byte alignment).</summary>
        public const int InfoEncrypted = 4;

        /// <summary>Length of the info array.</summary>
        public const int InfoLength = 5;

        /// <summary>Hash algorithm: MD5; its state is 88 bytes.</summary>
        public const int HashMd5 = 0;

        /// <summary>Hash algorithm: SHA-256; its state is 104 bytes.</summary>
        public const int HashSha256 = 1;

        /// <summary>Hash mask bit for <see cref="WriteAndHash"/>: append to the MD5 state.</summary>
        public const int HashMaskMd5 = 1;

        /// <summary>Hash mask bit for <see cref="WriteAndHash"/>: append to the SHA-256 state.</summary>
        public const int HashMaskSha256 = 2;

        /// <summary>Describes a partition.</summary>
        /// <param name="partition">A selector.</param>
        /// <param name="info">At least <see cref="InfoLength"/> elements, filled on success.</param>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG (0x102) or ESP_ERR_NOT_FOUND (0x105).</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetPartitionInfo(int partition, int[] info);

        /// <summary>Erases [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>), both erase-block aligned.</summary>
        /// <param name="partition"><see cref="UpdatePartition"/>, <see cref="JournalPartition"/> or <see cref="StagingPartition"/>.</param>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG, ESP_ERR_INVALID_SIZE (0x104), ESP_ERR_NOT_FOUND,
        /// ESP_ERR_OTA_PARTITION_CONFLICT (0x1501) or a flash driver error.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Erase(int partition, int offset, int length);

        /// <summary>Programs <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="bufferOffset"/>.</summary>
        /// <param name="partition"><see cref="UpdatePartition"/>, <see cref="JournalPartition"/> or <see cref="StagingPartition"/>.</param>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG, ESP_ERR_INVALID_SIZE, ESP_ERR_NOT_FOUND,
        /// ESP_ERR_OTA_PARTITION_CONFLICT or a flash driver error.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Write(int partition, int offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>Reads <paramref name="count"/> bytes into <paramref name="buffer"/> at <paramref name="bufferOffset"/>.</summary>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG, ESP_ERR_INVALID_SIZE, ESP_ERR_NOT_FOUND or a flash driver error.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Read(int partition, int offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>Verifies the image in the update slot and makes it the boot partition (esp_ota_set_boot_partition).</summary>
        /// <returns>ESP_OK, ESP_ERR_NOT_FOUND, ESP_ERR_OTA_VALIDATE_FAILED (0x1503) or a flash driver error.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int SetBootToUpdatePartition();

        /// <summary>Marks the running image VALID and cancels the rollback (esp_ota_mark_app_valid_cancel_rollback).</summary>
        /// <returns>ESP_OK or an esp_err_t from the otadata write.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int MarkAppValidCancelRollback();

        /// <summary>Marks the running image INVALID and selects the previous one, without rebooting
        /// (esp_ota_mark_app_invalid_rollback). The caller reboots.</summary>
        /// <returns>ESP_OK, ESP_FAIL, ESP_ERR_OTA_ROLLBACK_FAILED (0x1505) or an otadata write error.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int MarkAppInvalidRollback();

        /// <summary>The OTA state of the running image (esp_ota_get_state_partition).</summary>
        /// <param name="state">At least one element; element 0 receives the esp_ota_img_states_t value.</param>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG, ESP_ERR_NOT_SUPPORTED (0x106, running from factory) or
        /// ESP_ERR_NOT_FOUND (no otadata entry).</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetRunningImageState(int[] state);

        /// <summary>The version string of the running image's app descriptor (esp_app_get_description).</summary>
        /// <param name="version">At least 32 bytes; receives the NUL-terminated version.</param>
        /// <returns>ESP_OK or ESP_ERR_INVALID_ARG.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetRunningAppVersion(byte[] version);

        /// <summary>Writes the initial state of a hash (the hash of nothing) into <paramref name="state"/>.</summary>
        /// <param name="algorithm"><see cref="HashMd5"/> or <see cref="HashSha256"/>.</param>
        /// <param name="state">Exactly the state size of the algorithm: 88 bytes for MD5, 104 for SHA-256.</param>
        /// <returns>ESP_OK or ESP_ERR_INVALID_ARG.</returns>
        /// <remarks>
        /// The state array IS the mid-state the managed <c>BlockHash</c> exports (chaining words and byte count
        /// little-endian, then the 64-byte pending block), so export and import are array copies and a resume journal
        /// written by either implementation resumes with the other. Nothing native is allocated or kept between calls.
        /// </remarks>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int HashReset(int algorithm, byte[] state);

        /// <summary>Feeds <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/> into <paramref name="state"/>.</summary>
        /// <returns>ESP_OK; ESP_ERR_INVALID_ARG for an unknown algorithm, a wrong state length or a range outside the
        /// buffer; ESP_ERR_INVALID_STATE when the state bytes are not a valid state. On an error the state is unchanged.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int HashAppend(int algorithm, byte[] state, byte[] buffer, int offset, int count);

        /// <summary>Writes the digest of <paramref name="state"/> (16 or 32 bytes) at <paramref name="offset"/> of
        /// <paramref name="digest"/>; the state is left unchanged.</summary>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG or ESP_ERR_INVALID_STATE.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int HashFinish(int algorithm, byte[] state, byte[] digest, int offset);

        /// <summary>
        /// One interop crossing per downloaded chunk: programs <paramref name="count"/> bytes like <see cref="Write"/>,
        /// then, only when the write succeeded, appends the first <paramref name="hashCount"/> of them to the MD5 and/or
        /// SHA-256 state selected by <paramref name="hashMask"/>.
        /// </summary>
        /// <param name="partition"><see cref="UpdatePartition"/>, <see cref="JournalPartition"/> or <see cref="StagingPartition"/>.</param>
        /// <param name="hashCount">Bytes to hash, at most <paramref name="count"/> (the write may carry alignment padding the hashes must not see).</param>
        /// <param name="hashMask"><see cref="HashMaskMd5"/> | <see cref="HashMaskSha256"/>, or 0 to only write.</param>
        /// <param name="md5State">An MD5 state (88 bytes); never null, even when its bit is not in the mask.</param>
        /// <param name="sha256State">A SHA-256 state (104 bytes); never null, even when its bit is not in the mask.</param>
        /// <returns>The <see cref="Write"/> results; ESP_ERR_INVALID_ARG or ESP_ERR_INVALID_STATE for bad hash
        /// arguments, checked before anything is written. A failed write leaves both states unchanged.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int WriteAndHash(int partition, int offset, byte[] buffer, int bufferOffset, int count, int hashCount, int hashMask, byte[] md5State, byte[] sha256State);

        /// <summary>
        /// Verifies the RSA-3072 PSS signature of the Secure Boot v2 signature block at <paramref name="blockOffset"/> of
        /// <paramref name="block"/> (1216 bytes) over the 32-byte image digest at <paramref name="digestOffset"/> of
        /// <paramref name="digest"/>, with the block's own public key, on mbedtls (native/otafw_sbv2_verify.c). The
        /// caller checks the block's CRC, the image digest and the trusted key digest first (ImageSignatureCheck).
        /// </summary>
        /// <returns>0 when the signature verifies; ESP_ERR_INVALID_ARG for a range outside the arrays; otherwise the
        /// mbedtls error code (negative).</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int VerifySignatureBlock(byte[] block, int blockOffset, byte[] digest, int digestOffset);

        /// <summary>
        /// The device's anti-rollback counter: ESP-IDF's secure version eFuse as <c>esp_efuse_read_secure_version</c>
        /// reads it (components/efuse; the number of bits set in the field), the value the bootloader compares each
        /// image's <c>esp_app_desc_t.secure_version</c> against.
        /// </summary>
        /// <param name="secureVersion">At least one element; element 0 receives the counter on ESP_OK.</param>
        /// <returns>ESP_OK; ESP_ERR_INVALID_ARG for a null or empty array; ESP_ERR_NOT_SUPPORTED (0x106) when the
        /// firmware was built without CONFIG_BOOTLOADER_APP_ANTI_ROLLBACK, so neither the bootloader nor
        /// esp_ota_mark_app_valid_cancel_rollback uses the counter and there is nothing to enforce.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetSecureVersion(int[] secureVersion);

        /// <summary>
        /// Verifies an MCUboot ECDSA P-256 signature TLV (IMAGE_TLV_ECDSA_SIG, imgtool's DER <c>SEQUENCE { r, s }</c>,
        /// zero padding up to 72 bytes accepted) over a 32-byte image hash with a trusted public key given as DER
        /// SubjectPublicKeyInfo, on mbedtls (native/otafw_ecdsa_p256_verify.c). Keys on any other curve are refused.
        /// </summary>
        /// <param name="key">Holds the key at <paramref name="keyOffset"/>, <paramref name="keyLength"/> bytes with nothing after the DER.</param>
        /// <param name="keyOffset">Start of the key in <paramref name="key"/>.</param>
        /// <param name="keyLength">Length of the key, more than 0.</param>
        /// <param name="hash">Holds the 32-byte image hash at <paramref name="hashOffset"/>.</param>
        /// <param name="hashOffset">Start of the hash in <paramref name="hash"/>.</param>
        /// <param name="signature">Holds the TLV's value at <paramref name="signatureOffset"/>.</param>
        /// <param name="signatureOffset">Start of the signature in <paramref name="signature"/>.</param>
        /// <param name="signatureLength">Length of the TLV's value, more than 0.</param>
        /// <returns>0 when the signature verifies; ESP_ERR_INVALID_ARG for a range outside the arrays or an empty key or
        /// signature; -2 for a key that is not one P-256 key, -3 for a malformed or over-long signature; otherwise the
        /// mbedtls error code (negative).</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int VerifyEcdsaP256(byte[] key, int keyOffset, int keyLength, byte[] hash, int hashOffset, byte[] signature, int signatureOffset, int signatureLength);
    }
}
