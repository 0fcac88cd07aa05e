// Host type-check declarations in the shape of ESP-IDF components/efuse/include/esp_efuse.h (see README.md).
// Checked prototype by prototype against espressif/esp-idf:
//   components/efuse/include/esp_efuse.h @ 0132d2c868660334cb81cfbcd6a2c17e34d285d3
//     esp_efuse_read_secure_version: declared unconditionally, uint32_t (void), inside extern "C".
//   components/efuse/src/esp_efuse_fields.c @ aed84fa818e47b3d14d7c8e43666977552d9a143 (behaviour only: the number of
//     bits set in ESP_EFUSE_SECURE_VERSION, limited to CONFIG_BOOTLOADER_APP_SEC_VER_SIZE_EFUSE_FIELD).
#pragma once
#include <stdbool.h>
#include <stdint.h>
#include "esp_err.h"

#ifdef __cplusplus
extern "C" {
#endif

uint32_t esp_efuse_read_secure_version(void);

#ifdef __cplusplus
}
#endif
