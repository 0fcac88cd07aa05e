// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Security
{
    /// <summary>
    /// RSA-3072 PSS verification as Secure Boot v2 does it (SHA-256, MGF1 with SHA-256, 32-byte salt), over the fields
    /// of an <c>ets_secure_boot_sig_block_t</c> as they lie in the block: modulus and signature little-endian, the
    /// public exponent a 32-bit little-endian word (see <see cref="SignatureBlock"/> for the offsets).
    /// </summary>
    /// <remarks>
    /// The big-number work never runs in the interpreter: on the device the custom nanoCLR's interop calls mbedtls (the
    /// same code ESP-IDF's bootloader and <c>esp_secure_boot_verify_signature</c> use); on the host,
    /// System.Security.Cryptography. The portable <see cref="ImageSignatureCheck"/> does everything else (block
    /// parsing, CRC, image digest, trusted key digest) the same way on both.
    /// </remarks>
    public interface IRsaPssVerifier
    {
        /// <summary>
        /// Verifies the signature of the block at <paramref name="blockOffset"/> of <paramref name="block"/> over the
        /// 32-byte <paramref name="digest"/> at <paramref name="digestOffset"/> with the block's own public key.
        /// </summary>
        /// <returns>True when the signature is valid; false for a wrong signature or a malformed key.</returns>
        bool Verify(byte[] block, int blockOffset, byte[] digest, int digestOffset);
    }
}
