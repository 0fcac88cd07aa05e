// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Runtime.CompilerServices;

namespace OtaFirmware.Esp32Ota
{
    /// <summary>
    /// ESP-IDF OTA and partition calls for a custom nanoCLR build (the native half lives in <c>native/</c> and is
    /// compiled into the firmware through <c>NF_INTEROP_ASSEMBLIES</c>). Every method returns the ESP-IDF
    /// <c>esp_err_t</c> (0 = ESP_OK) and never throws for an expected failure. Offsets are relative to the start of
    /// the selected partition. The running application partition can be read but never erased or written.
    /// </summary>
    /// <remarks>
    /// Keep the declaration order: the native method table is generated from it. After any change to a signature,
    /// bump <c>AssemblyNativeVersion</c>, rebuild with stub generation on and copy the regenerated stubs to
    /// <c>native/</c> (see README.md).
    /// </remarks>
    public static class NativeOta
    {
        /// <summary>Selector: the running application partition (read only).</summary>
        public const int RunningPartition = 0;

        /// <summary>Selector: the next OTA application slot (esp_ota_get_next_update_partition).</summary>
        public const int UpdatePartition = 1;

        /// <summary>Selector: the partition of custom type 0x40, subtype 0x00, labelled <c>otarec</c>, that holds the resume journal.</summary>
        public const int JournalPartition = 2;

        /// <summary>Selector: the partition of custom type 0x40, subtype 0x01, labelled <c>staging</c>, that holds the gateway's staged sub-device images.</summary>
        public const int StagingPartition = 3;

        /// <summary>Index in the info array: absolute flash address.</summary>
        public const int InfoAddress = 0;

        /// <summary>Index in the info array: size in bytes.</summary>
        public const int InfoSize = 1;

        /// <summary>Index in the info array: partition subtype (0x10 = ota_0, 0x11 = ota_1, 0x00 = factory).</summary>
        public const int InfoSubtype = 2;

        /// <summary>Index in the info array: erase block size in bytes.</summary>
        public const int InfoEraseSize = 3;

        /// <summary>Index in the info array: 1 when the partition is flash-encrypted (writes then need 16-byte alignment).</summary>
        public const int InfoEncrypted = 4;

        /// <summary>Length of the info array.</summary>
        public const int InfoLength = 5;

        /// <summary>Describes a partition.</summary>
        /// <param name="partition">A selector.</param>
        /// <param name="info">At least <see cref="InfoLength"/> elements, filled on success.</param>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG (0x102) or ESP_ERR_NOT_FOUND (0x105).</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetPartitionInfo(int partition, int[] info);

        /// <summary>Erases [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="length"/>), both erase-block aligned.</summary>
        /// <param name="partition"><see cref="UpdatePartition"/>, <see cref="JournalPartition"/> or <see cref="StagingPartition"/>.</param>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG, ESP_ERR_INVALID_SIZE (0x104), ESP_ERR_NOT_FOUND,
        /// ESP_ERR_OTA_PARTITION_CONFLICT (0x1501) or a flash driver error.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Erase(int partition, int offset, int length);

        /// <summary>Programs <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="bufferOffset"/>.</summary>
        /// <param name="partition"><see cref="UpdatePartition"/>, <see cref="JournalPartition"/> or <see cref="StagingPartition"/>.</param>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG, ESP_ERR_INVALID_SIZE, ESP_ERR_NOT_FOUND,
        /// ESP_ERR_OTA_PARTITION_CONFLICT or a flash driver error.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Write(int partition, int offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>Reads <paramref name="count"/> bytes into <paramref name="buffer"/> at <paramref name="bufferOffset"/>.</summary>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG, ESP_ERR_INVALID_SIZE, ESP_ERR_NOT_FOUND or a flash driver error.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int Read(int partition, int offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>Verifies the image in the update slot and makes it the boot partition (esp_ota_set_boot_partition).</summary>
        /// <returns>ESP_OK, ESP_ERR_NOT_FOUND, ESP_ERR_OTA_VALIDATE_FAILED (0x1503) or a flash driver error.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int SetBootToUpdatePartition();

        /// <summary>Marks the running image VALID and cancels the rollback (esp_ota_mark_app_valid_cancel_rollback).</summary>
        /// <returns>ESP_OK or an esp_err_t from the otadata write.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int MarkAppValidCancelRollback();

        /// <summary>Marks the running image INVALID and selects the previous one, without rebooting
        /// (esp_ota_mark_app_invalid_rollback). The caller reboots.</summary>
        /// <returns>ESP_OK, ESP_FAIL, ESP_ERR_OTA_ROLLBACK_FAILED (0x1505) or an otadata write error.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int MarkAppInvalidRollback();

        /// <summary>The OTA state of the running image (esp_ota_get_state_partition).</summary>
        /// <param name="state">At least one element; element 0 receives the esp_ota_img_states_t value.</param>
        /// <returns>ESP_OK, ESP_ERR_INVALID_ARG, ESP_ERR_NOT_SUPPORTED (0x106, running from factory) or
        /// ESP_ERR_NOT_FOUND (no otadata entry).</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetRunningImageState(int[] state);

        /// <summary>The version string of the running image's app descriptor (esp_app_get_description).</summary>
        /// <param name="version">At least 32 bytes; receives the NUL-terminated version.</param>
        /// <returns>ESP_OK or ESP_ERR_INVALID_ARG.</returns>
        [MethodImpl(MethodImplOptions.InternalCall)]
        public static extern int GetRunningAppVersion(byte[] version);
    }
}
