// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

#include "otafw_sbv2_verify.h"

#include <string.h>

#include <mbedtls/version.h>
#include <mbedtls/rsa.h>
#include <mbedtls/md.h>

static void reverse_copy(uint8_t *destination, const uint8_t *source, int length)
{
    for (int i = 0; i < length; i++)
    {
        destination[i] = source[length - 1 - i];
    }
}

int otafw_sbv2_verify_block(const uint8_t *block, const uint8_t *digest)
{
    if (block == NULL || digest == NULL)
    {
        return OTAFW_SBV2_BAD_ARGUMENT;
    }

    // Static: 768 bytes off the (small) interpreter stack; verification runs on the agent's thread only.
    static uint8_t modulus[OTAFW_SBV2_RSA_LENGTH];
    static uint8_t signature[OTAFW_SBV2_RSA_LENGTH];
    reverse_copy(modulus, block + OTAFW_SBV2_MODULUS_OFFSET, OTAFW_SBV2_RSA_LENGTH);
    reverse_copy(signature, block + OTAFW_SBV2_SIGNATURE_OFFSET, OTAFW_SBV2_RSA_LENGTH);
    const uint8_t *e = block + OTAFW_SBV2_EXPONENT_OFFSET;
    uint8_t exponent[4] = {e[3], e[2], e[1], e[0]};

    if ((modulus[0] & 0x80) == 0)
    {
        return OTAFW_SBV2_BAD_ARGUMENT; // not a 3072-bit modulus
    }

    mbedtls_rsa_context rsa;
#if MBEDTLS_VERSION_MAJOR >= 3
    mbedtls_rsa_init(&rsa);
    int result = mbedtls_rsa_set_padding(&rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
#else
    mbedtls_rsa_init(&rsa, MBEDTLS_RSA_PKCS_V21, MBEDTLS_MD_SHA256);
    int result = 0;
#endif
    if (result == 0)
    {
        result = mbedtls_rsa_import_raw(&rsa, modulus, sizeof(modulus), NULL, 0, NULL, 0, NULL, 0, exponent, sizeof(exponent));
    }

    if (result == 0)
    {
        result = mbedtls_rsa_complete(&rsa);
    }

    if (result == 0)
    {
        result = mbedtls_rsa_check_pubkey(&rsa);
    }

    if (result == 0)
    {
#if MBEDTLS_VERSION_MAJOR >= 3
        result = mbedtls_rsa_rsassa_pss_verify_ext(&rsa, MBEDTLS_MD_SHA256, 32, digest, MBEDTLS_MD_SHA256, 32, signature);
#else
        result = mbedtls_rsa_rsassa_pss_verify_ext(&rsa, NULL, NULL, MBEDTLS_RSA_PUBLIC, MBEDTLS_MD_SHA256, 32, digest, MBEDTLS_MD_SHA256, 32, signature);
#endif
    }

    mbedtls_rsa_free(&rsa);
    return result;
}
