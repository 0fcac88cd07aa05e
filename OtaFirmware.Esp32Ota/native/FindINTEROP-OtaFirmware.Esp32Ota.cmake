#
# Copyright (c) OtaFirmware contributors. Licensed under the MIT license.
#
# nf-interpreter CMake module for the OtaFirmware.Esp32Ota interop assembly.
# Copy this file to <nf-interpreter>/CMake/Modules/ and the native sources to
# <nf-interpreter>/InteropAssemblies/OtaFirmware.Esp32Ota/ (or point OTAFIRMWARE_ESP32OTA_NATIVE_DIR at this folder),
# then add "OtaFirmware.Esp32Ota" to NF_INTEROP_ASSEMBLIES in the target's CMake preset.
# nf-interpreter calls find_package(INTEROP-OtaFirmware.Esp32Ota) and expects
# OtaFirmware.Esp32Ota_INCLUDE_DIRS and OtaFirmware.Esp32Ota_SOURCES.
#

if(OTAFIRMWARE_ESP32OTA_NATIVE_DIR)
    set(BASE_PATH_FOR_THIS_MODULE ${OTAFIRMWARE_ESP32OTA_NATIVE_DIR})
else()
    set(BASE_PATH_FOR_THIS_MODULE ${PROJECT_SOURCE_DIR}/InteropAssemblies/OtaFirmware.Esp32Ota)
endif()

# include directories
list(APPEND OtaFirmware.Esp32Ota_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Core)
list(APPEND OtaFirmware.Esp32Ota_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/CLR/Include)
list(APPEND OtaFirmware.Esp32Ota_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/HAL/Include)
list(APPEND OtaFirmware.Esp32Ota_INCLUDE_DIRS ${PROJECT_SOURCE_DIR}/src/PAL/Include)
list(APPEND OtaFirmware.Esp32Ota_INCLUDE_DIRS ${BASE_PATH_FOR_THIS_MODULE})

# source files: the generated stubs, the hand-written implementation and the portable hashes
set(OtaFirmware.Esp32Ota_SRCS
    OtaFirmware_Esp32Ota.cpp
    OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta_mshl.cpp
    OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta.cpp
    ota_hash.c
    otafw_sbv2_verify.c
    otafw_ecdsa_p256_verify.c
)

foreach(SRC_FILE ${OtaFirmware.Esp32Ota_SRCS})
    set(OtaFirmware.Esp32Ota_SRC_FILE SRC_FILE-NOTFOUND)
    find_file(OtaFirmware.Esp32Ota_SRC_FILE ${SRC_FILE}
        PATHS
            ${BASE_PATH_FOR_THIS_MODULE}
        CMAKE_FIND_ROOT_PATH_BOTH
    )
    if(NOT OtaFirmware.Esp32Ota_SRC_FILE)
        message(FATAL_ERROR "OtaFirmware.Esp32Ota: ${SRC_FILE} not found in ${BASE_PATH_FOR_THIS_MODULE}")
    endif()
    list(APPEND OtaFirmware.Esp32Ota_SOURCES ${OtaFirmware.Esp32Ota_SRC_FILE})
endforeach()

include(FindPackageHandleStandardArgs)

FIND_PACKAGE_HANDLE_STANDARD_ARGS(OtaFirmware.Esp32Ota DEFAULT_MSG OtaFirmware.Esp32Ota_INCLUDE_DIRS OtaFirmware.Esp32Ota_SOURCES)
