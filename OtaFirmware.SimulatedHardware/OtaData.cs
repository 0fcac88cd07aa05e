// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Flash;
using OtaFirmware.Update;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// The otadata partition as ESP-IDF v5.5 uses it (app_update/esp_ota_ops.c, bootloader_support/src/
    /// bootloader_common.c and bootloader_utility.c): one <see cref="OtaSelectEntry"/> at the start of each of its two
    /// sectors. The active entry is the valid one with the larger sequence (sector 0 on a tie,
    /// bootloader_common_select_otadata); it boots slot (seq - 1) % slot count. Every update erases one sector and then
    /// writes its 32-byte entry, so a power cut leaves at worst one sector blank.
    /// </summary>
    /// <remarks>
    /// The sector distance is the region's erase block size, as esp_ota_ops.c takes the otadata partition's
    /// erase_size (the bootloader's FLASH_SECTOR_SIZE is the same 4 KiB on every ESP32 chip); the simulator also runs
    /// the agent on chips with 64 KiB erase blocks, where the two entries are 64 KiB apart.
    /// </remarks>
    public sealed class OtaData
    {
        /// <summary>Distance between the two entries on ESP32 flash (SPI_FLASH_SEC_SIZE).</summary>
        public const int SectorSize = 0x1000;

        private readonly IFlashRegion _region;
        private readonly int _sectorSize;
        private readonly int _slotCount;
        private readonly byte[] _buffer = new byte[OtaSelectEntry.Length];

        /// <summary>Uses <paramref name="region"/> (the otadata partition) for a layout of <paramref name="slotCount"/> OTA app slots.</summary>
        public OtaData(IFlashRegion region, int slotCount)
        {
            if (region == null)
            {
                throw new ArgumentNullException("region");
            }

            if (region.Size < 2 * region.EraseBlockSize || slotCount < 1)
            {
                throw new ArgumentOutOfRangeException("slotCount");
            }

            _region = region;
            _sectorSize = region.EraseBlockSize;
            _slotCount = slotCount;
        }

        /// <summary>Number of OTA app slots.</summary>
        public int SlotCount
        {
            get { return _slotCount; }
        }

        /// <summary>bootloader_common_select_otadata (max): the valid entry with the larger sequence (the first on a tie).</summary>
        /// <returns>0, 1, or -1 when neither is valid.</returns>
        public static int SelectActive(OtaSelectEntry first, OtaSelectEntry second)
        {
            bool firstValid = first.IsValid;
            bool secondValid = second.IsValid;
            if (firstValid && secondValid)
            {
                return first.Sequence >= second.Sequence ? 0 : 1;
            }

            if (firstValid)
            {
                return 0;
            }

            return secondValid ? 1 : -1;
        }

        /// <summary>The slot an entry boots: (ota_seq - 1) % slot count.</summary>
        /// <returns>0 .. <see cref="SlotCount"/> - 1.</returns>
        public int SlotOf(OtaSelectEntry entry)
        {
            return (int)((entry.Sequence - 1) % (uint)_slotCount);
        }

        /// <summary>esp_ota_get_state_partition: the state of the first entry in sector order whose CRC is valid and
        /// whose (seq - 1) % slot count is <paramref name="slot"/>, whatever the other entry holds.</summary>
        /// <returns>Its state, or <see cref="ImageState.Undefined"/> when no entry names the slot (ESP_ERR_NOT_FOUND).</returns>
        public ImageState StateOfSlot(OtaSelectEntry first, OtaSelectEntry second, int slot)
        {
            if (first.IsCrcValid && SlotOf(first) == slot)
            {
                return first.State;
            }

            return second.IsCrcValid && SlotOf(second) == slot ? second.State : ImageState.Undefined;
        }

        /// <summary>Reads both entries.</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, or the flash failure with its esp_err_t.</returns>
        public FlashResult ReadEntries(OtaSelectEntry first, OtaSelectEntry second)
        {
            FlashResult status = ReadEntry(0, first);
            return !status.IsOk ? status : ReadEntry(1, second);
        }

        /// <summary>
        /// esp_ota_set_boot_partition → esp_rewrite_ota_data (v5.5): writes the sector that is not active with the
        /// smallest sequence not below the active one that boots <paramref name="slot"/> (the active sequence itself
        /// when it already names the slot), state NEW (rollback enabled), keeping that sector's old seq_label bytes.
        /// With no valid entry: sequence slot + 1 in sector 0.
        /// </summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, or the flash failure with its esp_err_t.</returns>
        public FlashResult SetBootSlot(int slot)
        {
            if (slot < 0 || slot >= _slotCount)
            {
                throw new ArgumentOutOfRangeException("slot");
            }

            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            FlashResult status = ReadEntries(first, second);
            if (!status.IsOk)
            {
                return status;
            }

            int active = SelectActive(first, second);
            int target;
            uint sequence;
            if (active == -1)
            {
                target = 0;
                sequence = (uint)slot + 1;
            }
            else
            {
                // ESP-IDF v5.5 picks (slot + 1) % n + i * n with the smallest i such that it is >= the active
                // sequence: the active sequence itself when it already names the slot, written to the other sector
                // (both entries then hold the same sequence and sector 0 wins the tie).
                uint current = (active == 0 ? first : second).Sequence;
                uint n = (uint)_slotCount;
                uint lowest = ((uint)slot + 1) % n;
                sequence = lowest >= current ? lowest : lowest + ((((current - lowest) + n - 1) / n) * n);

                target = active == 0 ? 1 : 0;
            }

            OtaSelectEntry entry = target == 0 ? first : second;
            entry.Sequence = sequence;
            entry.State = ImageState.New;
            entry.UpdateCrc();
            return WriteEntry(target, entry);
        }

        /// <summary>
        /// Sets the state of the entry of <paramref name="sector"/> and rewrites that sector (esp_ota_ops.c
        /// rewrite_ota_seq for mark valid/invalid, bootloader write_otadata for PENDING_VERIFY/ABORTED).
        /// </summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, or the flash failure with its esp_err_t.</returns>
        public FlashResult RewriteState(int sector, OtaSelectEntry entry, ImageState state)
        {
            entry.State = state;
            entry.UpdateCrc();
            return WriteEntry(sector, entry);
        }

        /// <summary>Erases sector <paramref name="sector"/> (0 or 1) and writes <paramref name="entry"/> at its start.</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, or the flash failure with its esp_err_t.</returns>
        public FlashResult WriteEntry(int sector, OtaSelectEntry entry)
        {
            if (sector < 0 || sector > 1)
            {
                throw new ArgumentOutOfRangeException("sector");
            }

            FlashResult status = _region.Erase(sector * _sectorSize, _sectorSize);
            if (!status.IsOk)
            {
                return status;
            }

            entry.WriteTo(_buffer, 0);
            return _region.Write(sector * _sectorSize, _buffer, 0, OtaSelectEntry.Length);
        }

        /// <summary>
        /// esp_ota_invalidate_inactive_ota_data_slot (esp_ota_ops.c erase_last_boot_app_partition with the app erase
        /// skipped), which esp_ota_begin calls when rollback is enabled: erases the sector of the entry that is not
        /// active when that entry has a valid CRC and names a slot other than <paramref name="runningSlot"/>, so the
        /// slot about to be overwritten can no longer be chosen by a rollback.
        /// </summary>
        /// <returns><see cref="FlashStatus.Ok"/> (also when there is nothing to invalidate: ESP_FAIL, which
        /// esp_ota_begin ignores) or the flash failure.</returns>
        public FlashResult InvalidateInactive(int runningSlot)
        {
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            FlashResult status = ReadEntries(first, second);
            if (!status.IsOk)
            {
                return status;
            }

            int active = SelectActive(first, second);
            if (active == -1)
            {
                return FlashResult.Ok;
            }

            int inactive = active == 0 ? 1 : 0;
            OtaSelectEntry entry = inactive == 0 ? first : second;
            if (entry.Sequence == 0xFFFFFFFF || !entry.IsCrcValid || SlotOf(entry) == runningSlot)
            {
                return FlashResult.Ok;
            }

            return _region.Erase(inactive * _sectorSize, _sectorSize);
        }

        private FlashResult ReadEntry(int sector, OtaSelectEntry entry)
        {
            FlashResult status = _region.Read(sector * _sectorSize, _buffer, 0, OtaSelectEntry.Length);
            if (status.IsOk)
            {
                entry.ReadFrom(_buffer, 0);
            }

            return status;
        }
    }
}
