// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Flash;
using OtaFirmware.Security;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// A simulated ESP32 board: the <see cref="NorFlash"/>, its partition table, the <c>otarec</c> region for the OTA
    /// resume journal, and <see cref="Boot"/> (the bootloader at reset). <see cref="Create(IFlashMedium, string, int, string, int, int)"/> lays out a fresh board
    /// as idf.py flash would: partition table at 0x8000, blank otadata, an initial image in ota_0.
    /// </summary>
    public sealed class SimulatedEsp32
    {
        /// <summary>Name of the resume-journal partition.</summary>
        public const string ResumeRecordPartition = "otarec";

        private readonly SimulatedBootloader _bootloader;

        private SimulatedEsp32(NorFlash flash, PartitionTable table, int chipId, SimulatedEfuse efuse)
        {
            Flash = flash;
            Table = table;
            ChipId = chipId;
            Efuse = efuse ?? new SimulatedEfuse();
            _bootloader = new SimulatedBootloader(flash, chipId, Efuse);
            // Found as the device's interop finds it: custom type and subtype, and the label.
            PartitionEntry record = table.Find(PartitionEntry.TypeOtaFirmware, PartitionEntry.SubtypeResumeJournal);
            if (record != null && record.Name == ResumeRecordPartition)
            {
                ResumeRecordRegion = flash.Window(record.Offset, record.Size);
            }
        }

        /// <summary>The security eFuses (trusted key digests, secure boot enable, anti-rollback counter).</summary>
        public SimulatedEfuse Efuse { get; private set; }

        /// <summary>
        /// The RSA-PSS verifier the bootloader uses when <see cref="SimulatedEfuse.SecureBootEnabled"/> (the ROM's and
        /// bootloader's mbedtls on the chip; the host's on the desktop). Without one, a secure-boot board boots nothing.
        /// </summary>
        public IRsaPssVerifier SignatureVerifier
        {
            get { return _bootloader.Verifier; }
            set { _bootloader.Verifier = value; }
        }

        /// <summary>The whole chip.</summary>
        public NorFlash Flash { get; private set; }

        /// <summary>The partition table of the board.</summary>
        public PartitionTable Table { get; private set; }

        /// <summary>esp_chip_id_t the bootloader accepts.</summary>
        public int ChipId { get; private set; }

        /// <summary>The <c>otarec</c> partition (null when the layout has none).</summary>
        public IFlashRegion ResumeRecordRegion { get; private set; }

        /// <summary>Lays out a fresh board on <paramref name="medium"/>.</summary>
        /// <param name="medium">The chip storage (its old content is replaced where the layout writes).</param>
        /// <param name="partitionCsv">gen_esp32part.py CSV, e.g. <see cref="BoardLayouts.Esp32FourMegabytes"/>.</param>
        /// <param name="chipId">esp_chip_id_t of the board.</param>
        /// <param name="initialVersion">Version of the image flashed into ota_0.</param>
        /// <param name="initialImageSize">Its size (multiple of 16, at least 512).</param>
        /// <param name="seed">Seed of its payload.</param>
        /// <returns>The board, not yet booted.</returns>
        public static SimulatedEsp32 Create(IFlashMedium medium, string partitionCsv, int chipId, string initialVersion, int initialImageSize, int seed)
        {
            return Create(new NorFlash(medium), partitionCsv, chipId, initialVersion, initialImageSize, seed);
        }

        /// <summary>Lays out a fresh board on <paramref name="medium"/> whose eFuses are <paramref name="efuse"/> (kept by
        /// the owner across resets, as the chip keeps them).</summary>
        /// <returns>The board, not yet booted.</returns>
        public static SimulatedEsp32 Create(IFlashMedium medium, string partitionCsv, int chipId, string initialVersion, int initialImageSize, int seed, SimulatedEfuse efuse)
        {
            SimulatedEsp32 board = Create(new NorFlash(medium), partitionCsv, chipId, initialVersion, initialImageSize, seed);
            return new SimulatedEsp32(board.Flash, board.Table, chipId, efuse);
        }

        /// <summary>Lays out a fresh board on <paramref name="flash"/>, a chip of any geometry (erase block sizes,
        /// erased value) whose erase units fit the layout's partitions.</summary>
        /// <param name="flash">The chip (its old content is replaced where the layout writes).</param>
        /// <param name="partitionCsv">gen_esp32part.py CSV.</param>
        /// <param name="chipId">esp_chip_id_t of the board.</param>
        /// <param name="initialVersion">Version of the image flashed into ota_0.</param>
        /// <param name="initialImageSize">Its size (multiple of 16, at least 512).</param>
        /// <param name="seed">Seed of its payload.</param>
        /// <returns>The board, not yet booted.</returns>
        public static SimulatedEsp32 Create(NorFlash flash, string partitionCsv, int chipId, string initialVersion, int initialImageSize, int seed)
        {
            if (flash == null)
            {
                throw new ArgumentNullException("flash");
            }

            PartitionTableResult parsed = PartitionTable.ParseCsv(partitionCsv, flash.Size);
            if (!parsed.IsOk)
            {
                throw new ArgumentException("partition table: " + parsed.ToString());
            }

            PartitionTable table = parsed.Table;

            PartitionEntry otadata = table.Find(PartitionEntry.TypeData, PartitionEntry.SubtypeOtaData);
            PartitionEntry slot0 = table.OtaSlot(0);
            if (otadata == null || slot0 == null)
            {
                throw new ArgumentException("the layout needs otadata and ota_0");
            }

            SimulatedEsp32 board = new SimulatedEsp32(flash, table, chipId, null);
            board.WriteRaw(PartitionTable.FlashOffset, PartitionTable.ReservedLength, table.ToBinary());
            Check(flash.Erase(otadata.Offset, otadata.Size), "erase otadata");
            board.FlashImage(slot0, Esp32ImageBuilder.Build(initialVersion, "OtaFirmware", chipId, initialImageSize, seed));
            flash.Flush();
            return board;
        }

        /// <summary>Opens a board whose flash already holds a layout (e.g. a flash file kept across runs).</summary>
        /// <returns>The board, or null when no valid partition table is at 0x8000.</returns>
        public static SimulatedEsp32 Open(IFlashMedium medium, int chipId)
        {
            return Open(medium, chipId, null);
        }

        /// <summary>Opens a board whose flash already holds a layout, with the eFuses <paramref name="efuse"/> (null: blank ones).</summary>
        /// <returns>The board, or null when no valid partition table is at 0x8000.</returns>
        public static SimulatedEsp32 Open(IFlashMedium medium, int chipId, SimulatedEfuse efuse)
        {
            NorFlash flash = new NorFlash(medium);
            byte[] binary = new byte[PartitionTable.BinaryLength];
            if (!flash.Read(PartitionTable.FlashOffset, binary, 0, binary.Length).IsOk)
            {
                return null;
            }

            PartitionTableResult parsed = PartitionTable.ParseBinary(binary, flash.Size);
            return parsed.IsOk ? new SimulatedEsp32(flash, parsed.Table, chipId, efuse) : null;
        }

        /// <summary>A reset: powers the flash back on when a power cut stopped it (which clears the cut plan; a plan
        /// still armed keeps counting through the boot) and runs the bootloader.</summary>
        /// <returns>What booted, or why nothing did.</returns>
        public BootResult Boot()
        {
            if (!Flash.IsPoweredOn)
            {
                Flash.PowerOn();
            }

            return _bootloader.Boot();
        }

        /// <summary>The firmware slot view of the app that <paramref name="boot"/> started (its activation enforces the
        /// eFuses and the <see cref="SignatureVerifier"/> set when it is opened, as the bootloader does).</summary>
        /// <returns>A slot bound to that boot.</returns>
        public SimulatedFirmwareSlot OpenSlot(BootResult boot)
        {
            return new SimulatedFirmwareSlot(Flash, boot, ChipId, Efuse, _bootloader.Verifier);
        }

        /// <summary>Writes <paramref name="image"/> at the start of <paramref name="partition"/> like esptool: erase the
        /// blocks it covers, then program it (padded with 0xFF to the write alignment).</summary>
        public void FlashImage(PartitionEntry partition, byte[] image)
        {
            if (partition == null)
            {
                throw new ArgumentNullException("partition");
            }

            if (image == null)
            {
                throw new ArgumentNullException("image");
            }

            if (image.Length > partition.Size)
            {
                throw new ArgumentOutOfRangeException("image");
            }

            int unit = Flash.EraseBlockSizeAt(partition.Offset);
            int eraseLength = ((image.Length + unit - 1) / unit) * unit;
            WriteRaw(partition.Offset, eraseLength, image);
        }

        private void WriteRaw(int address, int eraseLength, byte[] data)
        {
            Check(Flash.Erase(address, eraseLength), "erase");
            int alignment = Flash.WriteAlignment;
            int whole = (data.Length / alignment) * alignment;
            Check(Flash.Write(address, data, 0, whole), "write");
            if (whole < data.Length)
            {
                byte[] tail = new byte[alignment];
                for (int i = 0; i < alignment; i++)
                {
                    tail[i] = 0xFF;
                }

                Array.Copy(data, whole, tail, 0, data.Length - whole);
                Check(Flash.Write(address + whole, tail, 0, alignment), "write");
            }
        }

        private static void Check(FlashResult status, string what)
        {
            if (!status.IsOk)
            {
                throw new InvalidOperationException(what + " failed: " + status.ToString());
            }
        }
    }
}
