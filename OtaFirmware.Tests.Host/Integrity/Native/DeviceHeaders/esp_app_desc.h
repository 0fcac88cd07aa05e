// Host type-check declarations in the shape of ESP-IDF components/esp_app_format/include/esp_app_desc.h (see README.md).
// Checked prototype by prototype against espressif/esp-idf
//   components/esp_app_format/include/esp_app_desc.h @ 1929b27cfceedf9af98fe491750701db236c93fa:
//   esp_app_desc_t field for field (256 bytes, secure_version at offset 4; the v5.5 layout with the eFuse block
//   revisions, mmu_page_size and spi_flash_mode before reserv2[18]), esp_app_get_description, extern "C".
#pragma once
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct
{
    uint32_t magic_word;
    uint32_t secure_version;
    uint32_t reserv1[2];
    char version[32];
    char project_name[32];
    char time[16];
    char date[16];
    char idf_ver[32];
    uint8_t app_elf_sha256[32];
    uint16_t min_efuse_blk_rev_full;
    uint16_t max_efuse_blk_rev_full;
    uint8_t mmu_page_size;
    uint8_t spi_flash_mode;
    uint8_t reserv3[2];
    uint32_t reserv2[18];
} esp_app_desc_t;

static_assert(sizeof(esp_app_desc_t) == 256, "esp_app_desc_t should be 256 bytes");
static_assert(offsetof(esp_app_desc_t, secure_version) == 4, "secure_version field must be at 4 offset");

const esp_app_desc_t *esp_app_get_description(void);

#ifdef __cplusplus
}
#endif
