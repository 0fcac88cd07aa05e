// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;

namespace OtaFirmware.Update
{
    /// <summary>
    /// The two application slots of an ESP-IDF OTA layout, seen from the running application: the inactive slot is
    /// written, the running one is only asked about. Maps one to one onto esp_ota_ops (device: the native interop in
    /// OtaFirmware.Esp32Ota; host: the simulated ESP32 in OtaFirmware.SimulatedHardware), so both have the same semantics.
    /// Offsets are relative to the start of the inactive slot.
    /// </summary>
    /// <remarks>Every operation returns a <see cref="FlashResult"/>: the portable status and the esp_err_t beside it,
    /// which the pipeline carries into <see cref="UpdateResult.PlatformCode"/> and the cloud report.</remarks>
    public interface IFirmwareSlot
    {
        /// <summary>Size of the inactive slot in bytes: the largest image that fits.</summary>
        int Capacity { get; }

        /// <summary>Erase granularity in bytes.</summary>
        int EraseBlockSize { get; }

        /// <summary>Required alignment of write offsets and lengths, in bytes.</summary>
        int WriteAlignment { get; }

        /// <summary>Erases the erase block that starts at <paramref name="offset"/> in the inactive slot.</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/> or <see cref="FlashStatus.FlashError"/> (with the esp_err_t).</returns>
        FlashResult EraseBlock(int offset);

        /// <summary>Programs bytes into the inactive slot (erased beforehand by the caller).</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/> or <see cref="FlashStatus.FlashError"/> (with the esp_err_t).</returns>
        FlashResult Write(int offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>Reads bytes back from the inactive slot.</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/> or <see cref="FlashStatus.FlashError"/> (with the esp_err_t).</returns>
        FlashResult Read(int offset, byte[] buffer, int bufferOffset, int count);

        /// <summary>
        /// Checks the image of <paramref name="imageSize"/> bytes in the inactive slot and makes it the boot partition
        /// (esp_ota_end + esp_ota_set_boot_partition). It boots, as PENDING_VERIFY, after the next reboot.
        /// </summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.InvalidImage"/> or <see cref="FlashStatus.FlashError"/> (with the esp_err_t).</returns>
        FlashResult Activate(int imageSize);

        /// <summary>State of the running image (esp_ota_get_state_partition on the running partition).</summary>
        ImageState RunningState { get; }

        /// <summary>Version string from the running image's app descriptor.</summary>
        string RunningVersion { get; }

        /// <summary>Index of the running OTA slot (0 for ota_0, 1 for ota_1).</summary>
        int RunningSlot { get; }

        /// <summary>Marks the running image VALID and cancels the rollback (esp_ota_mark_app_valid_cancel_rollback).</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/> or <see cref="FlashStatus.FlashError"/> (with the esp_err_t).</returns>
        FlashResult MarkRunningValid();

        /// <summary>
        /// Marks the running image INVALID and makes the previous slot the boot partition
        /// (esp_ota_mark_app_invalid_rollback); the caller reboots afterwards.
        /// </summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.NoRollbackTarget"/> or <see cref="FlashStatus.FlashError"/> (with the esp_err_t).</returns>
        FlashResult MarkRunningInvalid();

        /// <summary>Restarts the device (Power.RebootDevice on the device; a simulated reset on the host). Does not return on the device.</summary>
        void Reboot();
    }
}
