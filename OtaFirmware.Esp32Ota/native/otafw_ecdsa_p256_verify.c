// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

#include "otafw_ecdsa_p256_verify.h"

#include <mbedtls/version.h>
#include <mbedtls/pk.h>
#include <mbedtls/ecp.h>
#include <mbedtls/md.h>

#define HASH_LENGTH 32

// The smallest DER SEQUENCE of two INTEGERs: 30 06 02 01 r 02 01 s.
#define MIN_SIGNATURE 8

// The signature's DER length, or -1 when it is not a SEQUENCE with a short-form length followed only by zero padding
// (the rule of OtaFirmware.Host.Signing.EcdsaP256ImageVerifier; mbedtls itself refuses trailing bytes).
static int signature_der_length(const uint8_t *signature, size_t length)
{
    if (length < MIN_SIGNATURE || length > OTAFW_ECDSA_P256_MAX_SIGNATURE || signature[0] != 0x30)
    {
        return -1;
    }

    size_t der = (size_t)signature[1] + 2;
    if (signature[1] >= 0x80 || der > length)
    {
        return -1;
    }

    for (size_t i = der; i < length; i++)
    {
        if (signature[i] != 0)
        {
            return -1;
        }
    }

    return (int)der;
}

// True when key is exactly one DER SEQUENCE, as the host verifier requires. mbedtls 2.28 refuses trailing bytes itself,
// but mbedtls 3.x's mbedtls_pk_parse_subpubkey narrows `end` to the outer SEQUENCE (library/pkparse.c), so the rule is
// kept here rather than left to the library version the firmware links.
static int key_is_one_sequence(const uint8_t *key, size_t length)
{
    if (length < 2 || key[0] != 0x30)
    {
        return 0;
    }

    size_t header = 2;
    size_t content = key[1];
    if (key[1] == 0x81 && length >= 3)
    {
        header = 3;
        content = key[2];
    }
    else if (key[1] == 0x82 && length >= 4)
    {
        header = 4;
        content = ((size_t)key[2] << 8) | key[3];
    }
    else if (key[1] >= 0x80)
    {
        return 0;
    }

    return header + content == length;
}

int otafw_ecdsa_p256_verify(
    const uint8_t *key,
    size_t key_length,
    const uint8_t *hash,
    const uint8_t *signature,
    size_t signature_length)
{
    if (key == NULL || hash == NULL || signature == NULL || key_length == 0)
    {
        return OTAFW_ECDSA_BAD_ARGUMENT;
    }

    int der = signature_der_length(signature, signature_length);
    if (der < 0)
    {
        return OTAFW_ECDSA_BAD_SIGNATURE;
    }

    if (!key_is_one_sequence(key, key_length))
    {
        return OTAFW_ECDSA_BAD_KEY;
    }

    mbedtls_pk_context pk;
    mbedtls_pk_init(&pk);
    int result = mbedtls_pk_parse_public_key(&pk, key, key_length);
    if (result == 0)
    {
        if (mbedtls_pk_get_type(&pk) != MBEDTLS_PK_ECKEY)
        {
            result = OTAFW_ECDSA_BAD_KEY;
        }
        else
        {
#if MBEDTLS_VERSION_NUMBER >= 0x03050000
            mbedtls_ecp_group_id curve = mbedtls_pk_get_ec_group_id(&pk);
#elif MBEDTLS_VERSION_MAJOR >= 3
            mbedtls_ecp_group_id curve = mbedtls_pk_ec(pk)->MBEDTLS_PRIVATE(grp).id;
#else
            mbedtls_ecp_group_id curve = mbedtls_pk_ec(pk)->grp.id;
#endif
            if (curve != MBEDTLS_ECP_DP_SECP256R1)
            {
                result = OTAFW_ECDSA_BAD_KEY;
            }
        }
    }

    if (result == 0)
    {
        // mbedtls_ecdsa_read_signature (under mbedtls_pk_verify) refuses a non-minimal or trailing-byte DER body.
        result = mbedtls_pk_verify(&pk, MBEDTLS_MD_SHA256, hash, HASH_LENGTH, signature, (size_t)der);
    }

    mbedtls_pk_free(&pk);
    return result;
}
