// Host type-check stand-in for the sdkconfig.h that ESP-IDF's build generates from Kconfig (see README.md).
// It defines nothing: NativeInteropTypeCheckTests compiles the interop once as is (every CONFIG_ option off) and once
// with -DCONFIG_BOOTLOADER_APP_ANTI_ROLLBACK=1, as sdkconfig.h spells an enabled bool option (absent when off). The
// interop tests it with #ifdef, as espressif/esp-idf components/app_update/esp_ota_ops.c does around
// esp_ota_set_anti_rollback (checked in the stored esp-idf sources; Kconfig.projbuild itself was not available).
#pragma once
