// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.
//
// ECDSA P-256 verification of an MCUboot image signature TLV (IMAGE_TLV_ECDSA_SIG, 0x22, imgtool's format: the DER
// SEQUENCE { INTEGER r, INTEGER s } over the 32-byte image hash) with a public key given as DER SubjectPublicKeyInfo,
// on mbedtls — the library MCUboot's own bootutil verifies with (boot/bootutil/src/image_ecdsa.c). Plain C with no
// ESP-IDF dependency, so the same file is compiled into the custom nanoCLR and, for the tests, on the host against
// Debian's libmbedtls-dev (2.28) — ESP-IDF 5.x ships mbedtls 3.x; both APIs are handled.

#ifndef OTAFW_ECDSA_P256_VERIFY_H
#define OTAFW_ECDSA_P256_VERIFY_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

// imgtool's sig_len for P-256: the longest (zero-padded) signature accepted.
#define OTAFW_ECDSA_P256_MAX_SIGNATURE 72

// Results: 0 verified; otherwise the mbedtls error code (negative), or one of these.
#define OTAFW_ECDSA_BAD_ARGUMENT (-1)
#define OTAFW_ECDSA_BAD_KEY (-2)
#define OTAFW_ECDSA_BAD_SIGNATURE (-3)

// Verifies signature (signature_length bytes: a DER SEQUENCE with a short-form length, then only zero bytes up to
// OTAFW_ECDSA_P256_MAX_SIGNATURE, as imgtool before MCUboot 1.5 padded it) over hash (32 bytes) with the public key
// key (key_length bytes of DER SubjectPublicKeyInfo, nothing after it). Any key that is not an EC key on P-256
// (secp256r1) is refused with OTAFW_ECDSA_BAD_KEY.
int otafw_ecdsa_p256_verify(
    const uint8_t *key,
    size_t key_length,
    const uint8_t *hash,
    const uint8_t *signature,
    size_t signature_length);

#ifdef __cplusplus
}
#endif

#endif
