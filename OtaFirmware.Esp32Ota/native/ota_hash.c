// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.
//
// Portable streaming MD5 and SHA-256 over the state layout described in ota_hash.h (the managed BlockHash export).
// Plain C99: no ESP-IDF, no nanoCLR, no allocation. The chaining words are loaded from the state bytes once per
// call and stored back once, so the per-byte cost is the compression function alone.

#include <string.h>

#include "ota_hash.h"

// byte counts at or above this overflow the 64-bit bit count of the padding (BlockHash.LengthLimit)
#define OTA_HASH_LENGTH_LIMIT ((uint64_t)1 << 61)

#define ROTL(x, n) (((x) << (n)) | ((x) >> (32 - (n))))
#define ROTR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

typedef struct
{
    int words;       // chaining words
    int big_endian;  // block words, padding count and digest big-endian (SHA) or little-endian (MD5)
    const uint32_t *initial;
    void (*compress)(uint32_t *chain, const uint8_t *block);
} ota_hash_algorithm_t;

static uint32_t load_le32(const uint8_t *p)
{
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

static uint32_t load_be32(const uint8_t *p)
{
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

static void store_le32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)v;
    p[1] = (uint8_t)(v >> 8);
    p[2] = (uint8_t)(v >> 16);
    p[3] = (uint8_t)(v >> 24);
}

static void store_be32(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

// ---- MD5 (RFC 1321) ----

static const uint32_t md5_initial[4] = {0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476};

static const uint32_t md5_k[64] = {
    0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
    0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
    0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
    0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
    0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
    0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
    0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
    0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
};

static const uint8_t md5_s[64] = {
    7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
    5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
    4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
    6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
};

static void md5_compress(uint32_t *chain, const uint8_t *block)
{
    uint32_t x[16];
    for (int i = 0; i < 16; i++)
    {
        x[i] = load_le32(block + (i * 4));
    }

    uint32_t a = chain[0], b = chain[1], c = chain[2], d = chain[3];
    for (int i = 0; i < 64; i++)
    {
        uint32_t f;
        int g;
        if (i < 16)
        {
            f = (b & c) | (~b & d);
            g = i;
        }
        else if (i < 32)
        {
            f = (d & b) | (~d & c);
            g = (5 * i + 1) & 15;
        }
        else if (i < 48)
        {
            f = b ^ c ^ d;
            g = (3 * i + 5) & 15;
        }
        else
        {
            f = c ^ (b | ~d);
            g = (7 * i) & 15;
        }

        uint32_t t = d;
        d = c;
        c = b;
        b = b + ROTL(a + f + md5_k[i] + x[g], md5_s[i]);
        a = t;
    }

    chain[0] += a;
    chain[1] += b;
    chain[2] += c;
    chain[3] += d;
}

// ---- SHA-256 (FIPS 180-4) ----

static const uint32_t sha256_initial[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static const uint32_t sha256_k[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static void sha256_compress(uint32_t *chain, const uint8_t *block)
{
    uint32_t w[64];
    for (int i = 0; i < 16; i++)
    {
        w[i] = load_be32(block + (i * 4));
    }

    for (int i = 16; i < 64; i++)
    {
        uint32_t s0 = ROTR(w[i - 15], 7) ^ ROTR(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROTR(w[i - 2], 17) ^ ROTR(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }

    uint32_t a = chain[0], b = chain[1], c = chain[2], d = chain[3];
    uint32_t e = chain[4], f = chain[5], g = chain[6], h = chain[7];
    for (int i = 0; i < 64; i++)
    {
        uint32_t t1 = h + (ROTR(e, 6) ^ ROTR(e, 11) ^ ROTR(e, 25)) + ((e & f) ^ (~e & g)) + sha256_k[i] + w[i];
        uint32_t t2 = (ROTR(a, 2) ^ ROTR(a, 13) ^ ROTR(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }

    chain[0] += a;
    chain[1] += b;
    chain[2] += c;
    chain[3] += d;
    chain[4] += e;
    chain[5] += f;
    chain[6] += g;
    chain[7] += h;
}

// ---- the streaming part (BlockHash) ----

static const ota_hash_algorithm_t algorithms[2] = {
    {4, 0, md5_initial, md5_compress},
    {8, 1, sha256_initial, sha256_compress},
};

static const ota_hash_algorithm_t *find(int algorithm)
{
    return (algorithm == OTA_HASH_MD5 || algorithm == OTA_HASH_SHA256) ? &algorithms[algorithm] : NULL;
}

static size_t state_size(const ota_hash_algorithm_t *alg)
{
    return (size_t)alg->words * 4 + 8 + OTA_HASH_BLOCK_SIZE;
}

static uint64_t load_count(const ota_hash_algorithm_t *alg, const uint8_t *state)
{
    const uint8_t *p = state + alg->words * 4;
    return (uint64_t)load_le32(p) | ((uint64_t)load_le32(p + 4) << 32);
}

static void store_count(const ota_hash_algorithm_t *alg, uint8_t *state, uint64_t count)
{
    uint8_t *p = state + alg->words * 4;
    store_le32(p, (uint32_t)count);
    store_le32(p + 4, (uint32_t)(count >> 32));
}

// Resolves the algorithm and checks the state buffer; OTA_HASH_OK when the state is valid.
static int open_state(int algorithm, const uint8_t *state, size_t state_length, const ota_hash_algorithm_t **alg)
{
    *alg = find(algorithm);
    if (*alg == NULL)
    {
        return OTA_HASH_ERR_ALGORITHM;
    }

    if (state == NULL || state_length != state_size(*alg))
    {
        return OTA_HASH_ERR_ARGUMENT;
    }

    uint64_t count = load_count(*alg, state);
    if (count >= OTA_HASH_LENGTH_LIMIT)
    {
        return OTA_HASH_ERR_STATE;
    }

    const uint8_t *block = state + (*alg)->words * 4 + 8;
    for (size_t i = (size_t)(count & (OTA_HASH_BLOCK_SIZE - 1)); i < OTA_HASH_BLOCK_SIZE; i++)
    {
        if (block[i] != 0)
        {
            return OTA_HASH_ERR_STATE;
        }
    }

    return OTA_HASH_OK;
}

size_t ota_hash_state_size(int algorithm)
{
    const ota_hash_algorithm_t *alg = find(algorithm);
    return alg == NULL ? 0 : state_size(alg);
}

size_t ota_hash_digest_size(int algorithm)
{
    const ota_hash_algorithm_t *alg = find(algorithm);
    return alg == NULL ? 0 : (size_t)alg->words * 4;
}

int ota_hash_reset(int algorithm, uint8_t *state, size_t state_length)
{
    const ota_hash_algorithm_t *alg = find(algorithm);
    if (alg == NULL)
    {
        return OTA_HASH_ERR_ALGORITHM;
    }

    if (state == NULL || state_length != state_size(alg))
    {
        return OTA_HASH_ERR_ARGUMENT;
    }

    memset(state, 0, state_length);
    for (int i = 0; i < alg->words; i++)
    {
        store_le32(state + (i * 4), alg->initial[i]);
    }

    return OTA_HASH_OK;
}

int ota_hash_check_state(int algorithm, const uint8_t *state, size_t state_length)
{
    const ota_hash_algorithm_t *alg;
    return open_state(algorithm, state, state_length, &alg);
}

int ota_hash_append(int algorithm, uint8_t *state, size_t state_length, const uint8_t *data, size_t count)
{
    const ota_hash_algorithm_t *alg;
    int result = open_state(algorithm, state, state_length, &alg);
    if (result != OTA_HASH_OK)
    {
        return result;
    }

    if (data == NULL && count > 0)
    {
        return OTA_HASH_ERR_ARGUMENT;
    }

    uint64_t length = load_count(alg, state);
    if ((uint64_t)count >= OTA_HASH_LENGTH_LIMIT - length)
    {
        return OTA_HASH_ERR_STATE;
    }

    if (count == 0)
    {
        return OTA_HASH_OK;
    }

    uint32_t chain[8];
    for (int i = 0; i < alg->words; i++)
    {
        chain[i] = load_le32(state + (i * 4));
    }

    uint8_t *pending = state + alg->words * 4 + 8;
    size_t used = (size_t)(length & (OTA_HASH_BLOCK_SIZE - 1));
    store_count(alg, state, length + count);

    if (used > 0)
    {
        size_t take = OTA_HASH_BLOCK_SIZE - used;
        if (take > count)
        {
            take = count;
        }

        memcpy(pending + used, data, take);
        data += take;
        count -= take;
        used += take;
        if (used < OTA_HASH_BLOCK_SIZE)
        {
            return OTA_HASH_OK; // chain unchanged
        }

        alg->compress(chain, pending);
    }

    while (count >= OTA_HASH_BLOCK_SIZE)
    {
        alg->compress(chain, data);
        data += OTA_HASH_BLOCK_SIZE;
        count -= OTA_HASH_BLOCK_SIZE;
    }

    // the block buffer holds exactly the new pending bytes, zero after them
    memset(pending, 0, OTA_HASH_BLOCK_SIZE);
    if (count > 0)
    {
        memcpy(pending, data, count);
    }

    for (int i = 0; i < alg->words; i++)
    {
        store_le32(state + (i * 4), chain[i]);
    }

    return OTA_HASH_OK;
}

int ota_hash_finish(int algorithm, const uint8_t *state, size_t state_length, uint8_t *digest, size_t digest_length)
{
    const ota_hash_algorithm_t *alg;
    int result = open_state(algorithm, state, state_length, &alg);
    if (result != OTA_HASH_OK)
    {
        return result;
    }

    if (digest == NULL || digest_length < (size_t)alg->words * 4)
    {
        return OTA_HASH_ERR_ARGUMENT;
    }

    uint32_t chain[8];
    for (int i = 0; i < alg->words; i++)
    {
        chain[i] = load_le32(state + (i * 4));
    }

    uint64_t length = load_count(alg, state);
    size_t used = (size_t)(length & (OTA_HASH_BLOCK_SIZE - 1));
    uint8_t block[OTA_HASH_BLOCK_SIZE];
    memcpy(block, state + alg->words * 4 + 8, OTA_HASH_BLOCK_SIZE);
    block[used] = 0x80;
    memset(block + used + 1, 0, OTA_HASH_BLOCK_SIZE - used - 1);
    if (used >= 56)
    {
        alg->compress(chain, block);
        memset(block, 0, OTA_HASH_BLOCK_SIZE);
    }

    uint64_t bits = length << 3;
    if (alg->big_endian)
    {
        store_be32(block + 56, (uint32_t)(bits >> 32));
        store_be32(block + 60, (uint32_t)bits);
    }
    else
    {
        store_le32(block + 56, (uint32_t)bits);
        store_le32(block + 60, (uint32_t)(bits >> 32));
    }

    alg->compress(chain, block);
    for (int i = 0; i < alg->words; i++)
    {
        if (alg->big_endian)
        {
            store_be32(digest + (i * 4), chain[i]);
        }
        else
        {
            store_le32(digest + (i * 4), chain[i]);
        }
    }

    return OTA_HASH_OK;
}
