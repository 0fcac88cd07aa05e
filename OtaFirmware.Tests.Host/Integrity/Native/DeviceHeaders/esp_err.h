// Host type-check declarations in the shape of ESP-IDF components/esp_common/include/esp_err.h (see README.md).
// Checked against espressif/esp-idf components/esp_common/include/esp_err.h @ 6792024add7caef100a88a2c23d7b0b8933360e1:
// esp_err_t is int; ESP_OK, ESP_FAIL and the 0x101-0x106 codes have the same values. Nothing else is used.
#pragma once
#include <stdint.h>
typedef int esp_err_t;
#define ESP_OK 0
#define ESP_FAIL -1
#define ESP_ERR_NO_MEM 0x101
#define ESP_ERR_INVALID_ARG 0x102
#define ESP_ERR_INVALID_STATE 0x103
#define ESP_ERR_INVALID_SIZE 0x104
#define ESP_ERR_NOT_FOUND 0x105
#define ESP_ERR_NOT_SUPPORTED 0x106
