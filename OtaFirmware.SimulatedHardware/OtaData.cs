// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Flash;
using OtaFirmware.Update;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// The otadata partition as ESP-IDF uses it (app_update/esp_ota_ops.c, bootloader_support): one
    /// <see cref="OtaSelectEntry"/> at the start of each of its two 4 KiB sectors. The active entry is the valid one
    /// with the larger sequence (sector 1 on a tie); it boots slot (seq - 1) % slot count. Every update erases one
    /// sector and then writes its 32-byte entry, so a power cut leaves at worst one sector blank.
    /// </summary>
    public sealed class OtaData
    {
        /// <summary>Distance between the two entries (SPI_FLASH_SEC_SIZE).</summary>
        public const int SectorSize = 0x1000;

        private readonly IFlashRegion _region;
        private readonly int _slotCount;
        private readonly byte[] _buffer = new byte[OtaSelectEntry.Length];

        /// <summary>Uses <paramref name="region"/> (the otadata partition) for a layout of <paramref name="slotCount"/> OTA app slots.</summary>
        public OtaData(IFlashRegion region, int slotCount)
        {
            if (region == null)
            {
                throw new ArgumentNullException("region");
            }

            if (region.Size < 2 * SectorSize || slotCount < 1)
            {
                throw new ArgumentOutOfRangeException("slotCount");
            }

            _region = region;
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

        /// <summary>esp_ota_get_state_partition: the state of the CRC-valid entry that names <paramref name="slot"/>
        /// (the larger sequence when both do).</summary>
        /// <returns>Its state, or <see cref="ImageState.Undefined"/> when no entry names the slot.</returns>
        public ImageState StateOfSlot(OtaSelectEntry first, OtaSelectEntry second, int slot)
        {
            bool firstNames = first.Sequence != 0xFFFFFFFF && first.IsCrcValid && SlotOf(first) == slot;
            bool secondNames = second.Sequence != 0xFFFFFFFF && second.IsCrcValid && SlotOf(second) == slot;
            if (firstNames && (!secondNames || first.Sequence > second.Sequence))
            {
                return first.State;
            }

            return secondNames ? second.State : ImageState.Undefined;
        }

        /// <summary>Reads both entries.</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, or the flash failure with its esp_err_t.</returns>
        public FlashResult ReadEntries(OtaSelectEntry first, OtaSelectEntry second)
        {
            FlashResult status = ReadEntry(0, first);
            return !status.IsOk ? status : ReadEntry(1, second);
        }

        /// <summary>
        /// esp_ota_set_boot_partition → esp_rewrite_ota_data: writes the sector that is not active with the smallest
        /// sequence above the active one that boots <paramref name="slot"/>, state NEW (rollback enabled), keeping that
        /// sector's old seq_label bytes. With no valid entry: sequence slot + 1 in sector 0.
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
                // ESP-IDF picks (slot + 1) % n + i * n with the smallest i such that it is >= the active sequence,
                // which equals it only when the slot is already the active one; then we take the next round (+ n) so
                // that the new entry always wins.
                uint current = (active == 0 ? first : second).Sequence;
                uint n = (uint)_slotCount;
                uint lowest = ((uint)slot + 1) % n;
                sequence = lowest > current ? lowest : lowest + ((((current - lowest) / n) + 1) * n);

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

            FlashResult status = _region.Erase(sector * SectorSize, SectorSize);
            if (!status.IsOk)
            {
                return status;
            }

            entry.WriteTo(_buffer, 0);
            return _region.Write(sector * SectorSize, _buffer, 0, OtaSelectEntry.Length);
        }

        private FlashResult ReadEntry(int sector, OtaSelectEntry entry)
        {
            FlashResult status = _region.Read(sector * SectorSize, _buffer, 0, OtaSelectEntry.Length);
            if (status.IsOk)
            {
                entry.ReadFrom(_buffer, 0);
            }

            return status;
        }
    }
}
