// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.
//
// Hand-written implementation of OtaFirmware.Esp32Ota.NativeOta on ESP-IDF esp_ota_ops / esp_partition, and the thin
// ESP-IDF layer over the portable hashes in ota_hash.c (which has no ESP-IDF dependency and is tested on the host).
// This is the only native file to keep when the stubs are regenerated, with ota_hash.c/.h. Rules:
//   * every expected failure is an esp_err_t return value; hr stays S_OK (no managed exception);
//   * every argument is range-checked before it reaches the flash driver;
//   * the running application partition is never erased or written.

#include <string.h>

#include <esp_err.h>
#include <esp_partition.h>
#include <esp_ota_ops.h>
#include <esp_app_desc.h>
#include <esp_efuse.h>
#include <sdkconfig.h>

#include "OtaFirmware_Esp32Ota.h"
#include "OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta.h"
#include "ota_hash.h"
#include "otafw_sbv2_verify.h"
#include "otafw_ecdsa_p256_verify.h"

using namespace OtaFirmware_Esp32Ota::OtaFirmware_Esp32Ota;

namespace
{
// selectors, mirror NativeOta.RunningPartition / UpdatePartition / JournalPartition / StagingPartition
const int c_RunningPartition = 0;
const int c_UpdatePartition = 1;
const int c_JournalPartition = 2;
const int c_StagingPartition = 3;

// layout of the info array, mirrors NativeOta.Info*
const int c_InfoAddress = 0;
const int c_InfoSize = 1;
const int c_InfoSubtype = 2;
const int c_InfoEraseSize = 3;
const int c_InfoEncrypted = 4;
const int c_InfoLength = 5;

// OtaFirmware's custom partition type: ESP-IDF leaves types 0x40-0xFE to applications (boards/*/partitions.csv)
const esp_partition_type_t c_CustomType = (esp_partition_type_t)0x40;

// type 0x40 subtype 0x00, label "otarec": the resume journal
const esp_partition_subtype_t c_JournalSubtype = (esp_partition_subtype_t)0x00;
const char *const c_JournalLabel = "otarec";

// type 0x40 subtype 0x01, label "staging": the gateway's staged sub-device images
const esp_partition_subtype_t c_StagingSubtype = (esp_partition_subtype_t)0x01;
const char *const c_StagingLabel = "staging";

// SPI flash sector size, for partition tables that do not state an erase size
const uint32_t c_DefaultEraseSize = 4096;

// hash mask bits, mirror NativeOta.HashMaskMd5 / HashMaskSha256
const int c_HashMaskMd5 = 1;
const int c_HashMaskSha256 = 2;

// esp_app_desc_t.version is char[32]
const CLR_UINT32 c_VersionLength = 32;

const esp_partition_t *SelectPartition(int selector)
{
    switch (selector)
    {
        case c_RunningPartition:
            return esp_ota_get_running_partition();

        case c_UpdatePartition:
            return esp_ota_get_next_update_partition(NULL);

        case c_JournalPartition:
            return esp_partition_find_first(c_CustomType, c_JournalSubtype, c_JournalLabel);

        case c_StagingPartition:
            return esp_partition_find_first(c_CustomType, c_StagingSubtype, c_StagingLabel);

        default:
            return NULL;
    }
}

bool Overlaps(const esp_partition_t *a, const esp_partition_t *b)
{
    return a->address < b->address + b->size && b->address < a->address + a->size;
}

// Resolves a partition that may be erased or written: the update slot, the journal or the staging area, and never anything that
// overlaps the running application.
esp_err_t SelectWritablePartition(int selector, const esp_partition_t **partition)
{
    *partition = NULL;

    if (selector != c_UpdatePartition && selector != c_JournalPartition && selector != c_StagingPartition)
    {
        return ESP_ERR_INVALID_ARG;
    }

    const esp_partition_t *candidate = SelectPartition(selector);
    if (candidate == NULL)
    {
        return ESP_ERR_NOT_FOUND;
    }

    const esp_partition_t *running = esp_ota_get_running_partition();
    if (running == NULL || Overlaps(candidate, running))
    {
        return ESP_ERR_OTA_PARTITION_CONFLICT;
    }

    *partition = candidate;
    return ESP_OK;
}

bool RangeFitsPartition(const esp_partition_t *partition, signed int offset, signed int length)
{
    if (offset < 0 || length < 0)
    {
        return false;
    }

    return (uint64_t)(uint32_t)offset + (uint64_t)(uint32_t)length <= (uint64_t)partition->size;
}

bool RangeFitsBuffer(CLR_RT_TypedArray_UINT8 &buffer, signed int bufferOffset, signed int count)
{
    if (buffer.GetBuffer() == NULL || bufferOffset < 0 || count < 0)
    {
        return false;
    }

    return (uint64_t)(uint32_t)bufferOffset + (uint64_t)(uint32_t)count <= (uint64_t)buffer.GetSize();
}

uint32_t EraseSize(const esp_partition_t *partition)
{
    return partition->erase_size == 0 ? c_DefaultEraseSize : partition->erase_size;
}

// Resolves and checks everything a write needs before any byte reaches the flash driver.
esp_err_t CheckWrite(
    signed int selector,
    signed int offset,
    CLR_RT_TypedArray_UINT8 &buffer,
    signed int bufferOffset,
    signed int count,
    const esp_partition_t **partition)
{
    esp_err_t err = SelectWritablePartition(selector, partition);
    if (err != ESP_OK)
    {
        return err;
    }

    if (!RangeFitsBuffer(buffer, bufferOffset, count))
    {
        return ESP_ERR_INVALID_ARG;
    }

    if (!RangeFitsPartition(*partition, offset, count))
    {
        return ESP_ERR_INVALID_SIZE;
    }

    if ((*partition)->encrypted && ((((uint32_t)offset) | ((uint32_t)count)) & 0xF) != 0)
    {
        // encrypted writes are done in 16-byte blocks
        return ESP_ERR_INVALID_SIZE;
    }

    return ESP_OK;
}

// ota_hash result -> esp_err_t
esp_err_t HashError(int result)
{
    switch (result)
    {
        case OTA_HASH_OK:
            return ESP_OK;

        case OTA_HASH_ERR_STATE:
            return ESP_ERR_INVALID_STATE;

        default:
            return ESP_ERR_INVALID_ARG;
    }
}

// A hash state array: not null and exactly the state size of the algorithm, holding a valid state.
esp_err_t CheckHashState(int algorithm, CLR_RT_TypedArray_UINT8 &state)
{
    if (state.GetBuffer() == NULL)
    {
        return ESP_ERR_INVALID_ARG;
    }

    return HashError(ota_hash_check_state(algorithm, state.GetBuffer(), state.GetSize()));
}
} // namespace

signed int NativeOta::GetPartitionInfo(signed int param0, CLR_RT_TypedArray_INT32 param1, HRESULT &hr)
{
    (void)hr;

    if (param1.GetBuffer() == NULL || param1.GetSize() < (CLR_UINT32)c_InfoLength)
    {
        return ESP_ERR_INVALID_ARG;
    }

    if (param0 != c_RunningPartition && param0 != c_UpdatePartition && param0 != c_JournalPartition &&
        param0 != c_StagingPartition)
    {
        return ESP_ERR_INVALID_ARG;
    }

    const esp_partition_t *partition = SelectPartition(param0);
    if (partition == NULL)
    {
        return ESP_ERR_NOT_FOUND;
    }

    signed int *info = param1.GetBuffer();
    info[c_InfoAddress] = (signed int)partition->address;
    info[c_InfoSize] = (signed int)partition->size;
    info[c_InfoSubtype] = (signed int)partition->subtype;
    info[c_InfoEraseSize] = (signed int)EraseSize(partition);
    info[c_InfoEncrypted] = partition->encrypted ? 1 : 0;

    return ESP_OK;
}

signed int NativeOta::Erase(signed int param0, signed int param1, signed int param2, HRESULT &hr)
{
    (void)hr;

    const esp_partition_t *partition;
    esp_err_t err = SelectWritablePartition(param0, &partition);
    if (err != ESP_OK)
    {
        return err;
    }

    if (!RangeFitsPartition(partition, param1, param2))
    {
        return ESP_ERR_INVALID_SIZE;
    }

    uint32_t eraseSize = EraseSize(partition);
    if (((uint32_t)param1 % eraseSize) != 0 || ((uint32_t)param2 % eraseSize) != 0)
    {
        return ESP_ERR_INVALID_SIZE;
    }

    if (param2 == 0)
    {
        return ESP_OK;
    }

    if (param0 == c_UpdatePartition && param1 == 0)
    {
        // the first erase of the update slot begins an update: do what esp_ota_begin does with rollback enabled
        // (its result is ignored there too: ESP_FAIL only means there was nothing to invalidate)
        (void)esp_ota_invalidate_inactive_ota_data_slot();
    }

    return esp_partition_erase_range(partition, (size_t)param1, (size_t)param2);
}

signed int NativeOta::Write(
    signed int param0,
    signed int param1,
    CLR_RT_TypedArray_UINT8 param2,
    signed int param3,
    signed int param4,
    HRESULT &hr)
{
    (void)hr;

    const esp_partition_t *partition;
    esp_err_t err = CheckWrite(param0, param1, param2, param3, param4, &partition);
    if (err != ESP_OK || param4 == 0)
    {
        return err;
    }

    return esp_partition_write(partition, (size_t)param1, param2.GetBuffer() + param3, (size_t)param4);
}

signed int NativeOta::Read(
    signed int param0,
    signed int param1,
    CLR_RT_TypedArray_UINT8 param2,
    signed int param3,
    signed int param4,
    HRESULT &hr)
{
    (void)hr;

    if (param0 != c_RunningPartition && param0 != c_UpdatePartition && param0 != c_JournalPartition &&
        param0 != c_StagingPartition)
    {
        return ESP_ERR_INVALID_ARG;
    }

    const esp_partition_t *partition = SelectPartition(param0);
    if (partition == NULL)
    {
        return ESP_ERR_NOT_FOUND;
    }

    if (!RangeFitsBuffer(param2, param3, param4))
    {
        return ESP_ERR_INVALID_ARG;
    }

    if (!RangeFitsPartition(partition, param1, param4))
    {
        return ESP_ERR_INVALID_SIZE;
    }

    if (param4 == 0)
    {
        return ESP_OK;
    }

    return esp_partition_read(partition, (size_t)param1, param2.GetBuffer() + param3, (size_t)param4);
}

signed int NativeOta::SetBootToUpdatePartition(HRESULT &hr)
{
    (void)hr;

    const esp_partition_t *partition;
    esp_err_t err = SelectWritablePartition(c_UpdatePartition, &partition);
    if (err != ESP_OK)
    {
        return err;
    }

    // verifies the image (ESP_ERR_OTA_VALIDATE_FAILED) before it rewrites otadata
    return esp_ota_set_boot_partition(partition);
}

signed int NativeOta::MarkAppValidCancelRollback(HRESULT &hr)
{
    (void)hr;

    return esp_ota_mark_app_valid_cancel_rollback();
}

signed int NativeOta::MarkAppInvalidRollback(HRESULT &hr)
{
    (void)hr;

    // the variant without reboot: the managed agent reports the outcome first, then reboots
    return esp_ota_mark_app_invalid_rollback();
}

signed int NativeOta::GetRunningImageState(CLR_RT_TypedArray_INT32 param0, HRESULT &hr)
{
    (void)hr;

    if (param0.GetBuffer() == NULL || param0.GetSize() < 1)
    {
        return ESP_ERR_INVALID_ARG;
    }

    const esp_partition_t *running = esp_ota_get_running_partition();
    if (running == NULL)
    {
        return ESP_ERR_NOT_FOUND;
    }

    esp_ota_img_states_t state;
    esp_err_t err = esp_ota_get_state_partition(running, &state);
    if (err == ESP_OK)
    {
        param0.GetBuffer()[0] = (signed int)state;
    }

    return err;
}

signed int NativeOta::GetRunningAppVersion(CLR_RT_TypedArray_UINT8 param0, HRESULT &hr)
{
    (void)hr;

    if (param0.GetBuffer() == NULL || param0.GetSize() < c_VersionLength)
    {
        return ESP_ERR_INVALID_ARG;
    }

    const esp_app_desc_t *description = esp_app_get_description();
    if (description == NULL)
    {
        return ESP_ERR_NOT_FOUND;
    }

    uint8_t *version = param0.GetBuffer();
    memset(version, 0, c_VersionLength);
    size_t length = strnlen(description->version, c_VersionLength - 1);
    memcpy(version, description->version, length);

    return ESP_OK;
}

signed int NativeOta::HashReset(signed int param0, CLR_RT_TypedArray_UINT8 param1, HRESULT &hr)
{
    (void)hr;

    if (param1.GetBuffer() == NULL)
    {
        return ESP_ERR_INVALID_ARG;
    }

    return HashError(ota_hash_reset(param0, param1.GetBuffer(), param1.GetSize()));
}

signed int NativeOta::HashAppend(
    signed int param0,
    CLR_RT_TypedArray_UINT8 param1,
    CLR_RT_TypedArray_UINT8 param2,
    signed int param3,
    signed int param4,
    HRESULT &hr)
{
    (void)hr;

    if (param1.GetBuffer() == NULL || !RangeFitsBuffer(param2, param3, param4))
    {
        return ESP_ERR_INVALID_ARG;
    }

    return HashError(
        ota_hash_append(param0, param1.GetBuffer(), param1.GetSize(), param2.GetBuffer() + param3, (size_t)param4));
}

signed int NativeOta::HashFinish(
    signed int param0,
    CLR_RT_TypedArray_UINT8 param1,
    CLR_RT_TypedArray_UINT8 param2,
    signed int param3,
    HRESULT &hr)
{
    (void)hr;

    size_t digestSize = ota_hash_digest_size(param0);
    if (param1.GetBuffer() == NULL || digestSize == 0 || !RangeFitsBuffer(param2, param3, (signed int)digestSize))
    {
        return ESP_ERR_INVALID_ARG;
    }

    return HashError(
        ota_hash_finish(param0, param1.GetBuffer(), param1.GetSize(), param2.GetBuffer() + param3, digestSize));
}

signed int NativeOta::WriteAndHash(
    signed int param0,
    signed int param1,
    CLR_RT_TypedArray_UINT8 param2,
    signed int param3,
    signed int param4,
    signed int param5,
    signed int param6,
    CLR_RT_TypedArray_UINT8 param7,
    CLR_RT_TypedArray_UINT8 param8,
    HRESULT &hr)
{
    (void)hr;

    // everything is checked before the write, so a rejected call changes neither flash nor the hashes
    const esp_partition_t *partition;
    esp_err_t err = CheckWrite(param0, param1, param2, param3, param4, &partition);
    if (err != ESP_OK)
    {
        return err;
    }

    if (param5 < 0 || param5 > param4 || (param6 & ~(c_HashMaskMd5 | c_HashMaskSha256)) != 0)
    {
        return ESP_ERR_INVALID_ARG;
    }

    if ((err = CheckHashState(OTA_HASH_MD5, param7)) != ESP_OK || (err = CheckHashState(OTA_HASH_SHA256, param8)) != ESP_OK)
    {
        return err;
    }

    const uint8_t *data = param2.GetBuffer() + param3;
    if (param4 > 0 && (err = esp_partition_write(partition, (size_t)param1, data, (size_t)param4)) != ESP_OK)
    {
        return err;
    }

    // the states were checked above and the byte count is far below the limit, so the appends cannot fail halfway
    if ((param6 & c_HashMaskMd5) != 0)
    {
        err = HashError(ota_hash_append(OTA_HASH_MD5, param7.GetBuffer(), param7.GetSize(), data, (size_t)param5));
    }

    if (err == ESP_OK && (param6 & c_HashMaskSha256) != 0)
    {
        err = HashError(ota_hash_append(OTA_HASH_SHA256, param8.GetBuffer(), param8.GetSize(), data, (size_t)param5));
    }

    return err;
}

signed int NativeOta::VerifySignatureBlock(
    CLR_RT_TypedArray_UINT8 param0,
    signed int param1,
    CLR_RT_TypedArray_UINT8 param2,
    signed int param3,
    HRESULT &hr)
{
    (void)hr;

    if (!RangeFitsBuffer(param0, param1, OTAFW_SBV2_BLOCK_SIZE) || !RangeFitsBuffer(param2, param3, 32))
    {
        return ESP_ERR_INVALID_ARG;
    }

    return otafw_sbv2_verify_block(param0.GetBuffer() + param1, param2.GetBuffer() + param3);
}

signed int NativeOta::GetSecureVersion(CLR_RT_TypedArray_INT32 param0, HRESULT &hr)
{
    (void)hr;

    if (param0.GetBuffer() == NULL || param0.GetSize() < 1)
    {
        return ESP_ERR_INVALID_ARG;
    }

#ifdef CONFIG_BOOTLOADER_APP_ANTI_ROLLBACK
    // the number of bits set in the secure version field, limited to CONFIG_BOOTLOADER_APP_SEC_VER_SIZE_EFUSE_FIELD
    // (components/efuse/src/esp_efuse_fields.c); the bootloader refuses images whose secure_version is below it
    param0.GetBuffer()[0] = (signed int)esp_efuse_read_secure_version();
    return ESP_OK;
#else
    // without anti-rollback the bootloader ignores the field and confirming an image never raises it: the counter
    // protects nothing, so say so instead of returning a number that would look like protection
    return ESP_ERR_NOT_SUPPORTED;
#endif
}

signed int NativeOta::VerifyEcdsaP256(
    CLR_RT_TypedArray_UINT8 param0,
    signed int param1,
    signed int param2,
    CLR_RT_TypedArray_UINT8 param3,
    signed int param4,
    CLR_RT_TypedArray_UINT8 param5,
    signed int param6,
    signed int param7,
    HRESULT &hr)
{
    (void)hr;

    // an empty key or signature is refused by the verifier; a range outside an array never reaches it
    if (!RangeFitsBuffer(param0, param1, param2) || param2 == 0 || !RangeFitsBuffer(param3, param4, 32) ||
        !RangeFitsBuffer(param5, param6, param7) || param7 == 0)
    {
        return ESP_ERR_INVALID_ARG;
    }

    return otafw_ecdsa_p256_verify(
        param0.GetBuffer() + param1,
        (size_t)param2,
        param3.GetBuffer() + param4,
        param5.GetBuffer() + param6,
        (size_t)param7);
}
