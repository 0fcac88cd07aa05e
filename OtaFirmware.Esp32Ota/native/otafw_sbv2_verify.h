// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.
//
// RSA-3072 PSS verification of one ESP-IDF Secure Boot v2 signature block (ets_secure_boot_sig_block_t, version 2)
// over a 32-byte image digest, on mbedtls — the library ESP-IDF itself verifies signed apps with. Plain C with no
// ESP-IDF dependency, so the same file is compiled into the custom nanoCLR and, for the tests, on the host against
// Debian's libmbedtls-dev (2.28) — ESP-IDF 5.x ships mbedtls 3.x; both APIs are handled.

#ifndef OTAFW_SBV2_VERIFY_H
#define OTAFW_SBV2_VERIFY_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// Offsets in the 1216-byte block (espsecure.py generate_rsa_signature_block).
#define OTAFW_SBV2_BLOCK_SIZE 1216
#define OTAFW_SBV2_MODULUS_OFFSET 36
#define OTAFW_SBV2_EXPONENT_OFFSET 420
#define OTAFW_SBV2_SIGNATURE_OFFSET 812
#define OTAFW_SBV2_RSA_LENGTH 384

// Results: 0 verified; otherwise the mbedtls error code (negative), or OTAFW_SBV2_BAD_ARGUMENT.
#define OTAFW_SBV2_BAD_ARGUMENT (-1)

// Verifies the block's RSA-PSS signature (SHA-256, MGF1-SHA-256, salt 32) over digest with the block's own public key
// (modulus and signature little-endian, exponent a 32-bit little-endian word, as the block stores them). The caller
// has already checked the block's magic, version and CRC, the digest against the image, and the key digest against
// the trusted one(s).
int otafw_sbv2_verify_block(const uint8_t *block, const uint8_t *digest);

#ifdef __cplusplus
}
#endif

#endif
