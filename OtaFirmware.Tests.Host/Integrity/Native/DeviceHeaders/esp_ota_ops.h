// Host type-check declarations in the shape of ESP-IDF components/app_update/include/esp_ota_ops.h (see README.md).
// Checked prototype by prototype against espressif/esp-idf:
//   components/app_update/include/esp_ota_ops.h @ 96a022af0e334bd60e64c1c780369886d67ae0ae: the ESP_ERR_OTA_* codes
//     (base 0x1500; all seven, though the interop returns only some), esp_ota_get_running_partition,
//     esp_ota_get_next_update_partition, esp_ota_set_boot_partition, esp_ota_mark_app_valid_cancel_rollback,
//     esp_ota_invalidate_inactive_ota_data_slot, esp_ota_mark_app_invalid_rollback, esp_ota_get_state_partition
//     (same return and parameter types, same constness), all inside extern "C".
//   components/bootloader_support/include/esp_flash_partitions.h @ 830d7503499cfb8ce488bdb5b43ea611423ad202:
//     esp_ota_img_states_t (declared there and reached through esp_ota_ops.h's includes; same values).
#pragma once
#include "esp_app_desc.h"
#include "esp_err.h"
#include "esp_partition.h"

#ifdef __cplusplus
extern "C" {
#endif

#define ESP_ERR_OTA_BASE 0x1500
#define ESP_ERR_OTA_PARTITION_CONFLICT (ESP_ERR_OTA_BASE + 0x01)
#define ESP_ERR_OTA_SELECT_INFO_INVALID (ESP_ERR_OTA_BASE + 0x02)
#define ESP_ERR_OTA_VALIDATE_FAILED (ESP_ERR_OTA_BASE + 0x03)
#define ESP_ERR_OTA_SMALL_SEC_VER (ESP_ERR_OTA_BASE + 0x04)
#define ESP_ERR_OTA_ROLLBACK_FAILED (ESP_ERR_OTA_BASE + 0x05)
#define ESP_ERR_OTA_ROLLBACK_INVALID_STATE (ESP_ERR_OTA_BASE + 0x06)

typedef enum
{
    ESP_OTA_IMG_NEW = 0x0U,
    ESP_OTA_IMG_PENDING_VERIFY = 0x1U,
    ESP_OTA_IMG_VALID = 0x2U,
    ESP_OTA_IMG_INVALID = 0x3U,
    ESP_OTA_IMG_ABORTED = 0x4U,
    ESP_OTA_IMG_UNDEFINED = 0xFFFFFFFFU,
} esp_ota_img_states_t;

const esp_partition_t *esp_ota_get_running_partition(void);
const esp_partition_t *esp_ota_get_next_update_partition(const esp_partition_t *start_from);
esp_err_t esp_ota_set_boot_partition(const esp_partition_t *partition);
esp_err_t esp_ota_mark_app_valid_cancel_rollback(void);
esp_err_t esp_ota_invalidate_inactive_ota_data_slot(void);
esp_err_t esp_ota_mark_app_invalid_rollback(void);
esp_err_t esp_ota_get_state_partition(const esp_partition_t *partition, esp_ota_img_states_t *ota_state);

#ifdef __cplusplus
}
#endif
