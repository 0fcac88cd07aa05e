// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Security;
using OtaFirmware.Integrity;
using OtaFirmware.Update;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// <see cref="IFirmwareSlot"/> of a simulated ESP32, with the esp_ota_ops.c semantics of ESP-IDF v5.5 (rollback
    /// enabled): writes go to the next update partition (the OTA slot after the running one), never to the running one;
    /// the erase of its first block begins an update and invalidates the inactive otadata entry as esp_ota_begin does;
    /// <see cref="Activate"/> validates the image (with secure boot on, its signature too) and rewrites otadata; mark
    /// valid/invalid rewrite the active otadata entry (esp_ota_current_ota_is_workable). Writes and hashes a chunk in one call as the device's interop does
    /// (<see cref="IHashingFirmwareSlot"/>), so every test of the pipeline on a simulated board runs that path.
    /// </summary>
    public sealed class SimulatedFirmwareSlot : IHashingFirmwareSlot
    {
        private readonly NorFlash _flash;
        private readonly BootResult _boot;
        private readonly int _chipId;
        private readonly PartitionEntry _inactive;
        private readonly int _inactiveSlot;
        private readonly FlashWindow _inactiveWindow;
        private readonly OtaData _otadata;
        private readonly Esp32ImageValidator _validator = new Esp32ImageValidator();
        private readonly SimulatedEfuse _efuse;
        private readonly IRsaPssVerifier _verifier;

        /// <summary>The slot view of a device that booted as <paramref name="boot"/> says.</summary>
        public SimulatedFirmwareSlot(NorFlash flash, BootResult boot, int chipId)
            : this(flash, boot, chipId, null)
        {
        }

        /// <summary>The slot view of a device with eFuses: confirming the running image raises the anti-rollback
        /// counter to its secure_version (<paramref name="efuse"/> may be null: no counter).</summary>
        public SimulatedFirmwareSlot(NorFlash flash, BootResult boot, int chipId, SimulatedEfuse efuse)
            : this(flash, boot, chipId, efuse, null)
        {
        }

        /// <summary>The slot view of a device with eFuses whose secure boot, when enabled, <see cref="Activate"/> enforces
        /// with <paramref name="verifier"/> (null: a secure-boot chip activates nothing, as its bootloader boots nothing).</summary>
        public SimulatedFirmwareSlot(NorFlash flash, BootResult boot, int chipId, SimulatedEfuse efuse, IRsaPssVerifier verifier)
        {
            _efuse = efuse;
            _verifier = verifier;
            if (flash == null)
            {
                throw new ArgumentNullException("flash");
            }

            if (boot == null)
            {
                throw new ArgumentNullException("boot");
            }

            if (!boot.IsOk)
            {
                throw new ArgumentException("the device did not boot");
            }

            PartitionTable table = boot.Table;
            int slotCount = table.OtaSlotCount;
            if (slotCount < 1)
            {
                throw new ArgumentException("the partition table has no OTA slots");
            }

            PartitionEntry otadata = table.Find(PartitionEntry.TypeData, PartitionEntry.SubtypeOtaData);
            if (otadata == null)
            {
                throw new ArgumentException("the partition table has no otadata partition");
            }

            _flash = flash;
            _boot = boot;
            _chipId = chipId;

            // esp_ota_get_next_update_partition: the OTA slot after the running one, wrapping to ota_0.
            _inactiveSlot = boot.Slot == BootResult.FactorySlot ? 0 : (boot.Slot + 1) % slotCount;
            if (_inactiveSlot == boot.Slot)
            {
                throw new ArgumentException("no OTA slot other than the running one");
            }

            _inactive = table.OtaSlot(_inactiveSlot);
            _inactiveWindow = flash.Window(_inactive.Offset, _inactive.Size);
            _otadata = new OtaData(flash.Window(otadata.Offset, otadata.Size), slotCount);
        }

        /// <summary>Size of the inactive slot in bytes.</summary>
        public int Capacity
        {
            get { return _inactive.Size; }
        }

        /// <summary>Erase granularity in bytes.</summary>
        public int EraseBlockSize
        {
            get { return _inactiveWindow.EraseBlockSize; }
        }

        /// <summary>Required alignment of write offsets and lengths, in bytes.</summary>
        public int WriteAlignment
        {
            get { return _flash.WriteAlignment; }
        }

        /// <summary>Index of the slot written by this view (the next update partition).</summary>
        public int InactiveSlot
        {
            get { return _inactiveSlot; }
        }

        /// <summary>State of the running image per otadata (esp_ota_get_state_partition); Undefined for factory or unreadable otadata.</summary>
        public ImageState RunningState
        {
            get
            {
                if (_boot.Slot == BootResult.FactorySlot)
                {
                    return ImageState.Undefined;
                }

                OtaSelectEntry first = new OtaSelectEntry();
                OtaSelectEntry second = new OtaSelectEntry();
                if (!_otadata.ReadEntries(first, second).IsOk)
                {
                    return ImageState.Undefined;
                }

                return _otadata.StateOfSlot(first, second, _boot.Slot);
            }
        }

        /// <summary>Version from the running image's app descriptor.</summary>
        public string RunningVersion
        {
            get { return _boot.Version; }
        }

        /// <summary>Index of the running OTA slot (-1 for factory).</summary>
        public int RunningSlot
        {
            get { return _boot.Slot; }
        }

        /// <summary>Erases the erase block at <paramref name="offset"/> of the inactive slot. Offset 0 begins an update:
        /// first the inactive otadata entry is invalidated (esp_ota_begin → esp_ota_invalidate_inactive_ota_data_slot,
        /// whose failure esp_ota_begin ignores), as the device's interop does before the same erase.</summary>
        /// <returns><see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/> or <see cref="FlashStatus.FlashError"/>.</returns>
        public FlashResult EraseBlock(int offset)
        {
            if (offset == 0)
            {
                _otadata.InvalidateInactive(_boot.Slot);
            }

            return _inactiveWindow.Erase(offset, _inactiveWindow.EraseBlockSize);
        }

        /// <summary>Programs bytes into the inactive slot.</summary>
        /// <returns><see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/> or <see cref="FlashStatus.FlashError"/>.</returns>
        public FlashResult Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            return _inactiveWindow.Write(offset, buffer, bufferOffset, count);
        }

        /// <summary>Accepts any hash objects: the simulated write-and-hash appends through <see cref="IStreamingHash.Append"/>.</summary>
        public bool CanHash(IStreamingHash md5, IStreamingHash sha256)
        {
            return true;
        }

        /// <summary>
        /// The host twin of NativeOta.WriteAndHash (OtaFirmware.Esp32Ota/native): arguments checked before anything
        /// is written, then the write, then, only when it succeeded, the first <paramref name="hashCount"/> bytes
        /// appended to <paramref name="md5"/> and then to <paramref name="sha256"/>. A power cut inside the write
        /// (<see cref="PowerLossException"/>) therefore leaves both hashes untouched, as on the device.
        /// </summary>
        /// <returns>What <see cref="Write"/> returns.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="hashCount"/> is outside 0 to <paramref name="count"/>.</exception>
        public FlashResult WriteAndHash(int offset, byte[] buffer, int bufferOffset, int count, int hashCount, IStreamingHash md5, IStreamingHash sha256)
        {
            if (hashCount < 0 || hashCount > count)
            {
                throw new ArgumentOutOfRangeException("hashCount");
            }

            FlashResult written = Write(offset, buffer, bufferOffset, count);
            if (written.IsOk && md5 != null)
            {
                md5.Append(buffer, bufferOffset, hashCount);
            }

            if (written.IsOk && sha256 != null)
            {
                sha256.Append(buffer, bufferOffset, hashCount);
            }

            return written;
        }

        /// <summary>Reads bytes of the inactive slot.</summary>
        /// <returns><see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/> or <see cref="FlashStatus.FlashError"/>.</returns>
        public FlashResult Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            return _inactiveWindow.Read(offset, buffer, bufferOffset, count);
        }

        /// <summary>Validates the image in the inactive slot and makes it the boot partition (state NEW).</summary>
        /// <remarks>As esp_ota_set_boot_partition (esp_ota_ops.c): image_validate → esp_image_verify, which with secure
        /// boot on (CONFIG_SECURE_BOOT_V2) also runs esp_image_format.c's verify_secure_boot_signature against the eFuse
        /// key digests; any failure there (ESP_ERR_IMAGE_INVALID) comes back as ESP_ERR_OTA_VALIDATE_FAILED and otadata
        /// is not touched.</remarks>
        /// <returns><see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.InvalidImage"/> (refused by the validator or by
        /// secure boot, or longer than <paramref name="imageSize"/>; platform code ESP_ERR_OTA_VALIDATE_FAILED) or
        /// <see cref="FlashStatus.FlashError"/>.</returns>
        public FlashResult Activate(int imageSize)
        {
            if (imageSize <= 0 || imageSize > Capacity)
            {
                return FlashResult.Fail(FlashStatus.InvalidImage, EspErrorMap.OtaValidateFailed);
            }

            Esp32ImageCheck check = _validator.Validate(_inactiveWindow, _chipId, ChipRevision(), false);
            if (check.Status == Esp32ImageStatus.FlashError)
            {
                return check.Flash;
            }

            if (!check.IsOk || check.Length > imageSize)
            {
                return FlashResult.Fail(FlashStatus.InvalidImage, EspErrorMap.OtaValidateFailed);
            }

            if (_efuse != null && SimulatedBootloader.SignatureRefusal(_efuse, _verifier, _inactiveWindow, check.Length) != null)
            {
                return FlashResult.Fail(FlashStatus.InvalidImage, EspErrorMap.OtaValidateFailed);
            }

            return _otadata.SetBootSlot(_inactiveSlot);
        }

        /// <summary>esp_ota_mark_app_valid_cancel_rollback: sets the active otadata entry to VALID unless it already is;
        /// on that change a board with eFuses raises the anti-rollback counter to the running app's secure_version.</summary>
        /// <returns><see cref="FlashStatus.Ok"/>, or <see cref="FlashStatus.FlashError"/> for a flash failure and when no
        /// entry is active (ESP_FAIL, "running firmware is factory", which the device's error map turns into the same).</returns>
        public FlashResult MarkRunningValid()
        {
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            FlashResult status = _otadata.ReadEntries(first, second);
            if (!status.IsOk)
            {
                return status;
            }

            int active = OtaData.SelectActive(first, second);
            if (active == -1)
            {
                return FlashResult.Fail(FlashStatus.FlashError, EspErrorMap.Fail);
            }

            OtaSelectEntry entry = active == 0 ? first : second;
            if (entry.State != ImageState.Valid)
            {
                status = _otadata.RewriteState(active, entry, ImageState.Valid);
                if (!status.IsOk)
                {
                    return status;
                }

                RaiseSecureVersion();
            }

            return FlashResult.Ok;
        }

        // esp_ota_ops.c esp_ota_current_ota_is_workable: with CONFIG_BOOTLOADER_APP_ANTI_ROLLBACK, confirming the running
        // app writes its secure_version into the eFuse counter (esp_efuse_update_secure_version).
        private void RaiseSecureVersion()
        {
            if (_efuse == null || _boot.Partition == null)
            {
                return;
            }

            byte[] head = new byte[Esp32ImageHeader.MinimumLength];
            if (_flash.Read(_boot.Partition.Offset, head, 0, head.Length).IsOk)
            {
                Esp32ImageHeader header = Esp32ImageHeader.Parse(head, 0, head.Length);
                if (header.IsOk)
                {
                    _efuse.RaiseSecureVersion(header.SecureVersion);
                }
            }
        }

        /// <summary>
        /// esp_ota_mark_app_invalid_rollback: with no active entry ESP_FAIL; when esp_ota_check_rollback_is_possible
        /// says no, ROLLBACK_FAILED; otherwise the active otadata entry becomes INVALID and nothing else is written, so
        /// the bootloader picks the other entry (or factory) at the next reset. Called after <see cref="Activate"/> and
        /// before the reboot, the active entry is the pending update's, which is thereby cancelled.
        /// </summary>
        /// <returns><see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.NoRollbackTarget"/> or <see cref="FlashStatus.FlashError"/>
        /// (a flash failure, or no active entry).</returns>
        public FlashResult MarkRunningInvalid()
        {
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            FlashResult status = _otadata.ReadEntries(first, second);
            if (!status.IsOk)
            {
                return status;
            }

            int active = OtaData.SelectActive(first, second);
            if (active == -1)
            {
                return FlashResult.Fail(FlashStatus.FlashError, EspErrorMap.Fail);
            }

            if (!RollbackIsPossible(first, second, active))
            {
                return FlashResult.Fail(FlashStatus.NoRollbackTarget, EspErrorMap.OtaRollbackFailed);
            }

            return _otadata.RewriteState(active, active == 0 ? first : second, ImageState.Invalid);
        }

        /// <summary>
        /// esp_ota_check_rollback_is_possible (no anti-rollback): the entry that is not active is valid and its slot holds
        /// an image that verifies, or it is not valid and a factory partition holds one.
        /// </summary>
        private bool RollbackIsPossible(OtaSelectEntry first, OtaSelectEntry second, int active)
        {
            OtaSelectEntry last = active == 0 ? second : first;
            PartitionEntry target;
            if (last.IsValid)
            {
                target = _boot.Table.OtaSlot(_otadata.SlotOf(last));
            }
            else
            {
                target = _boot.Table.Find(PartitionEntry.TypeApp, PartitionEntry.SubtypeFactory);
            }

            return target != null && _validator.Validate(_flash.Window(target.Offset, target.Size), _chipId, ChipRevision(), false).IsOk;
        }

        /// <summary>The revision the app's esp_image_verify compares with the image header (the chip's eFuse).</summary>
        private int ChipRevision()
        {
            return (_efuse ?? new SimulatedEfuse()).ChipRevision(_chipId);
        }

        /// <summary>Flushes the flash and resets the simulated device.</summary>
        public void Reboot()
        {
            _flash.Flush();
            throw new SimulatedResetException();
        }

    }
}
