// Host type-check declarations in the shape of ESP-IDF components/esp_partition/include/esp_partition.h (see README.md).
// Checked prototype by prototype against espressif/esp-idf
//   components/esp_partition/include/esp_partition.h @ 5595ab27b831dd92f62d19750946f1f3f02a2160:
//   esp_partition_type_t and esp_partition_subtype_t (only the values used here; applications may use 0x40-0xFE),
//   esp_partition_t field for field (flash_chip is an esp_flash_t *, opaque here), esp_partition_find_first,
//   esp_partition_read, esp_partition_write, esp_partition_erase_range (size_t offsets and sizes), extern "C".
#pragma once
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "esp_err.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct esp_flash_t esp_flash_t;

typedef enum
{
    ESP_PARTITION_TYPE_APP = 0x00,
    ESP_PARTITION_TYPE_DATA = 0x01,
    ESP_PARTITION_TYPE_ANY = 0xff,
} esp_partition_type_t;

typedef enum
{
    ESP_PARTITION_SUBTYPE_APP_FACTORY = 0x00,
    ESP_PARTITION_SUBTYPE_ANY = 0xff,
} esp_partition_subtype_t;

typedef struct
{
    esp_flash_t *flash_chip;
    esp_partition_type_t type;
    esp_partition_subtype_t subtype;
    uint32_t address;
    uint32_t size;
    uint32_t erase_size;
    char label[17];
    bool encrypted;
    bool readonly;
} esp_partition_t;

const esp_partition_t *esp_partition_find_first(esp_partition_type_t type, esp_partition_subtype_t subtype, const char *label);
esp_err_t esp_partition_read(const esp_partition_t *partition, size_t src_offset, void *dst, size_t size);
esp_err_t esp_partition_write(const esp_partition_t *partition, size_t dst_offset, const void *src, size_t size);
esp_err_t esp_partition_erase_range(const esp_partition_t *partition, size_t offset, size_t size);

#ifdef __cplusplus
}
#endif
