// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.
//
// Streaming MD5 (RFC 1321) and SHA-256 (FIPS 180-4) in portable C, with no ESP-IDF or nanoCLR dependency: the same
// file is compiled into the custom nanoCLR (through the OtaFirmware.Esp32Ota interop) and into a shared library for
// the host tests (OtaFirmware.Tests.Host/Integrity/Native), which check it against the managed implementation.
//
// The whole hash state lives in a caller-owned byte array laid out EXACTLY as the managed
// OtaFirmware.Integrity.BlockHash exports it (the resume journal stores these bytes):
//
//   offset 0           chaining words, little-endian u32 each (4 for MD5, 8 for SHA-256)
//   offset 4*words     byte count, little-endian u64
//   offset 4*words+8   64-byte block buffer: the first (count % 64) bytes are pending, the rest are zero
//
// so exporting or importing a mid-state is a plain copy, and a journal written by either implementation resumes with
// the other. Nothing is allocated; no pointer is kept between calls (nanoCLR may move managed arrays between calls).

#ifndef OTA_HASH_H
#define OTA_HASH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(_WIN32)
#define OTA_HASH_API __declspec(dllexport)
#else
#define OTA_HASH_API __attribute__((visibility("default")))
#endif

// algorithms, mirror NativeOta.HashMd5 / NativeOta.HashSha256
#define OTA_HASH_MD5 0
#define OTA_HASH_SHA256 1

// state sizes in bytes (BlockHash.StateSize) and digest sizes
#define OTA_HASH_MD5_STATE_SIZE 88
#define OTA_HASH_SHA256_STATE_SIZE 104
#define OTA_HASH_MD5_DIGEST_SIZE 16
#define OTA_HASH_SHA256_DIGEST_SIZE 32
#define OTA_HASH_BLOCK_SIZE 64

// results
#define OTA_HASH_OK 0
#define OTA_HASH_ERR_ALGORITHM (-1) // unknown algorithm
#define OTA_HASH_ERR_ARGUMENT (-2)  // null pointer or a length that does not fit
#define OTA_HASH_ERR_STATE (-3)     // the state bytes are not a valid state (count out of range, dirty block tail)

// State size of an algorithm in bytes, or 0 when the algorithm is unknown.
OTA_HASH_API size_t ota_hash_state_size(int algorithm);

// Digest size of an algorithm in bytes, or 0 when the algorithm is unknown.
OTA_HASH_API size_t ota_hash_digest_size(int algorithm);

// Writes the initial state (a hash of nothing) into state[0..state_length).
OTA_HASH_API int ota_hash_reset(int algorithm, uint8_t *state, size_t state_length);

// OTA_HASH_OK when state holds a valid state by the rules of BlockHash.ImportState: byte count below 2^61 and every
// block byte past the pending count zero.
OTA_HASH_API int ota_hash_check_state(int algorithm, const uint8_t *state, size_t state_length);

// Feeds count bytes of data into the state. On any error the state is unchanged.
OTA_HASH_API int ota_hash_append(int algorithm, uint8_t *state, size_t state_length, const uint8_t *data, size_t count);

// Writes the digest of the state into digest[0..digest_size). The state is left unchanged (the caller decides
// whether it may be reused).
OTA_HASH_API int ota_hash_finish(int algorithm, const uint8_t *state, size_t state_length, uint8_t *digest, size_t digest_length);

#ifdef __cplusplus
}
#endif

#endif // OTA_HASH_H
