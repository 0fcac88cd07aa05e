// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using OtaFirmware.Esp32;
using OtaFirmware.Flash;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// A simulated SPI NOR flash chip over an <see cref="IFlashMedium"/>. It enforces the rules the real chip and the
    /// ESP-IDF driver impose: erase in whole blocks (4 KiB by default, 64 KiB for MCUboot's large-sector devices) back
    /// to the erased value (0xFF by default; 0x00 for the devices MCUboot's simulator models that way), program bits only
    /// away from their erased state (1→0 when erased is 0xFF; a write that would need the other direction returns
    /// <see cref="FlashStatus.NotErased"/> and changes nothing), aligned writes, nothing outside the chip. It counts reads, writes, erases and per-block erases (wear), and can lose power on a
    /// <see cref="PowerCutPlan"/>: the operation is skipped or torn, <see cref="PowerLossException"/> is thrown and every
    /// later operation throws too until <see cref="PowerOn"/>. Bad regions (<see cref="AddBadRegion"/>) make the driver
    /// fail writes and erases there with an esp_err_t, which travels in the <see cref="FlashResult"/> as on the chip.
    /// </summary>
    /// <remarks>
    /// The one NOR flash model of the simulation: the ESP32's SPI flash (4 KiB blocks, 4-byte writes) and the
    /// sub-devices' internal flash (any block size, byte writes) alike, so every simulated region is as strict as the
    /// chip. Bad regions follow MCUboot's simulator (sim/simflash/src/lib.rs: add_bad_region).
    /// </remarks>
    public sealed class NorFlash : IFlashRegion
    {
        private const int ScratchSize = 4096;
        private const int BootSectorSize = 4096;

        private readonly IFlashMedium _medium;
        private readonly int _eraseBlockSize;
        private readonly int _writeAlignment;
        private readonly int[] _blockEraseCounts;
        private readonly byte[] _scratch = new byte[ScratchSize];
        private readonly byte[] _erased;
        private readonly byte _erasedValue;
        private readonly int _bootSectorEnd;
        private readonly ArrayList _badRegions = new ArrayList();
        private PowerCutPlan _plan;
        private int _operationsSincePlan;
        private bool _poweredOn = true;

        /// <summary>Creates a chip with 4 KiB erase blocks and 4-byte write alignment.</summary>
        public NorFlash(IFlashMedium medium)
            : this(medium, 4096, 4)
        {
        }

        /// <summary>Creates a chip with the given erase block size and write alignment, erased to 0xFF.</summary>
        public NorFlash(IFlashMedium medium, int eraseBlockSize, int writeAlignment)
            : this(medium, eraseBlockSize, writeAlignment, 0xFF)
        {
        }

        /// <summary>Creates a chip with the given erase block size, write alignment and erased value.</summary>
        public NorFlash(IFlashMedium medium, int eraseBlockSize, int writeAlignment, byte erasedValue)
            : this(medium, eraseBlockSize, writeAlignment, erasedValue, 0)
        {
        }

        /// <summary>
        /// Creates a chip whose first <paramref name="bootSectorEnd"/> bytes erase in 4 KiB sectors and the rest in
        /// blocks of <paramref name="eraseBlockSize"/> (a bottom-boot NOR part, like MCUboot's mixed-sector devices):
        /// the partition table, otadata and the journal keep ESP-IDF's 4 KiB sectors while the app slots erase in
        /// large blocks.
        /// </summary>
        public NorFlash(IFlashMedium medium, int eraseBlockSize, int writeAlignment, byte erasedValue, int bootSectorEnd)
        {
            if (medium == null)
            {
                throw new ArgumentNullException("medium");
            }

            if (eraseBlockSize <= 0 || medium.Size % eraseBlockSize != 0)
            {
                throw new ArgumentOutOfRangeException("eraseBlockSize");
            }

            if (writeAlignment <= 0 || eraseBlockSize % writeAlignment != 0)
            {
                throw new ArgumentOutOfRangeException("writeAlignment");
            }

            if (bootSectorEnd < 0 || bootSectorEnd % eraseBlockSize != 0 || bootSectorEnd > medium.Size || (bootSectorEnd != 0 && eraseBlockSize % BootSectorSize != 0))
            {
                throw new ArgumentOutOfRangeException("bootSectorEnd");
            }

            _medium = medium;
            _eraseBlockSize = eraseBlockSize;
            _bootSectorEnd = bootSectorEnd;
            _writeAlignment = writeAlignment;
            _blockEraseCounts = new int[medium.Size / eraseBlockSize];
            _erasedValue = erasedValue;
            _erased = new byte[eraseBlockSize];
            for (int i = 0; i < eraseBlockSize; i++)
            {
                _erased[i] = erasedValue;
            }
        }

        /// <summary>Size of the chip in bytes.</summary>
        public int Size
        {
            get { return _medium.Size; }
        }

        /// <summary>Erase granularity in bytes.</summary>
        public int EraseBlockSize
        {
            get { return _eraseBlockSize; }
        }

        /// <summary>Erase granularity at <paramref name="address"/>: 4 KiB in the boot sectors, otherwise
        /// <see cref="EraseBlockSize"/>.</summary>
        /// <returns>The size of the erase unit containing the address.</returns>
        public int EraseBlockSizeAt(int address)
        {
            return address < _bootSectorEnd ? BootSectorSize : _eraseBlockSize;
        }

        /// <summary>Required alignment of write addresses and lengths, in bytes.</summary>
        public int WriteAlignment
        {
            get { return _writeAlignment; }
        }

        /// <summary>Value of every byte after an erase (0xFF unless the chip was created otherwise).</summary>
        public byte ErasedValue
        {
            get { return _erasedValue; }
        }

        /// <summary>False after a power cut until <see cref="PowerOn"/>.</summary>
        public bool IsPoweredOn
        {
            get { return _poweredOn; }
        }

        /// <summary>Successful reads so far.</summary>
        public int ReadCount { get; private set; }

        /// <summary>Writes that reached the chip so far (a torn write counts).</summary>
        public int WriteCount { get; private set; }

        /// <summary>Erases that reached the chip so far (a torn erase counts).</summary>
        public int EraseCount { get; private set; }

        /// <summary>Bytes programmed so far.</summary>
        public long BytesWritten { get; private set; }

        /// <summary>Writes plus erases so far: the numbering a <see cref="PowerCutPlan"/> uses. Take the difference
        /// around a run to learn how many operations it does, then sweep a cut over 1 .. that number.</summary>
        public int OperationCount
        {
            get { return WriteCount + EraseCount; }
        }

        /// <summary>Number of erase blocks.</summary>
        public int BlockCount
        {
            get { return _blockEraseCounts.Length; }
        }

        /// <summary>How many times erase block <paramref name="block"/> was erased (wear).</summary>
        /// <returns>The erase count of the block.</returns>
        public int BlockEraseCount(int block)
        {
            return _blockEraseCounts[block];
        }

        /// <summary>Arms a power cut (null disarms); operations are numbered from 1 from now on.</summary>
        public void SetPowerCutPlan(PowerCutPlan plan)
        {
            _plan = plan;
            _operationsSincePlan = 0;
        }

        /// <summary>
        /// Powers the chip back on after a cut: the bytes stay as they are and the spent plan is cleared. Called
        /// without a cut (a plain reset), it changes nothing: an armed plan keeps counting across soft resets.
        /// </summary>
        public void PowerOn()
        {
            if (_poweredOn)
            {
                return;
            }

            _poweredOn = true;
            _plan = null;
            _operationsSincePlan = 0;
        }

        /// <summary>Makes the medium durable (file-backed media).</summary>
        public void Flush()
        {
            _medium.Flush();
        }

        /// <summary>A view of [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="size"/>) addressed from 0,
        /// for a partition. Both must be multiples of the erase block size.</summary>
        /// <returns>The window.</returns>
        /// <exception cref="ArgumentOutOfRangeException">The window is empty, unaligned or leaves the chip.</exception>
        public FlashWindow Window(int offset, int size)
        {
            int unit = EraseBlockSizeAt(offset);
            if (offset < 0 || size <= 0 || offset > Size - size || offset % unit != 0 || size % unit != 0
                || (offset < _bootSectorEnd && offset + size > _bootSectorEnd))
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            return new FlashWindow(this, offset, size, unit);
        }

        /// <summary>Erase blocks erased so far (a block erased twice counts twice; a torn erase counts the blocks it reached).</summary>
        public int ErasedBlocks { get; private set; }

        /// <summary>
        /// Makes the driver fail every write and erase that touches [<paramref name="address"/>,
        /// <paramref name="address"/> + <paramref name="length"/>) with <see cref="FlashStatus.FlashError"/> and
        /// <paramref name="espError"/> (e.g. ESP_ERR_FLASH_OP_FAIL), changing nothing; reads still work.
        /// </summary>
        /// <param name="address">Start of the bad region on the chip.</param>
        /// <param name="length">Its length in bytes.</param>
        /// <param name="espError">The esp_err_t the driver returns there (not ESP_OK).</param>
        public void AddBadRegion(int address, int length, int espError)
        {
            if (address < 0 || length <= 0 || address > Size - length)
            {
                throw new ArgumentOutOfRangeException("address");
            }

            if (espError == EspErrorMap.Ok)
            {
                throw new ArgumentOutOfRangeException("espError");
            }

            _badRegions.Add(new int[] { address, length, espError });
        }

        /// <summary>Reads <paramref name="count"/> bytes at <paramref name="address"/> into <paramref name="buffer"/>.</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/> or <see cref="FlashStatus.OutOfRange"/>.</returns>
        public FlashResult Read(int address, byte[] buffer, int offset, int count)
        {
            CheckBuffer(buffer, offset, count);
            CheckPower();
            if (!InChip(address, count))
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            if (_plan != null && _plan.CountReads)
            {
                CountOperation("read", address, count);
            }

            _medium.Read(address, buffer, offset, count);
            ReadCount++;
            return FlashResult.Ok;
        }

        /// <summary>Programs <paramref name="count"/> bytes at <paramref name="address"/>.</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/>, <see cref="FlashStatus.Unaligned"/>,
        /// <see cref="FlashStatus.NotErased"/> (a bit back to its erased state: nothing is written) or
        /// <see cref="FlashStatus.FlashError"/> with the bad region's esp_err_t.</returns>
        public FlashResult Write(int address, byte[] buffer, int offset, int count)
        {
            CheckBuffer(buffer, offset, count);
            CheckPower();
            if (!InChip(address, count))
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            if (address % _writeAlignment != 0 || count % _writeAlignment != 0)
            {
                return FlashResult.Fail(FlashStatus.Unaligned);
            }

            if (count == 0)
            {
                return FlashResult.Ok;
            }

            int badWrite = BadRegionError(address, count);
            if (badWrite != EspErrorMap.Ok)
            {
                return FlashResult.Fail(FlashStatus.FlashError, badWrite);
            }

            if (!CanProgram(address, buffer, offset, count))
            {
                return FlashResult.Fail(FlashStatus.NotErased);
            }

            int done = CountOperation("write", address, count);
            _medium.Write(address, buffer, offset, done);
            WriteCount++;
            BytesWritten += done;
            if (done < count)
            {
                CutPower("inside write", address, count);
            }

            return FlashResult.Ok;
        }

        /// <summary>Erases [<paramref name="address"/>, <paramref name="address"/> + <paramref name="length"/>) back to <see cref="ErasedValue"/>.</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/>, <see cref="FlashStatus.Unaligned"/>
        /// or <see cref="FlashStatus.FlashError"/> with the bad region's esp_err_t.</returns>
        public FlashResult Erase(int address, int length)
        {
            if (length < 0)
            {
                throw new ArgumentOutOfRangeException("length");
            }

            CheckPower();
            if (!InChip(address, length))
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            int unit = EraseBlockSizeAt(address);
            if (address % unit != 0 || length % unit != 0 || (address < _bootSectorEnd && address + length > _bootSectorEnd))
            {
                return FlashResult.Fail(FlashStatus.Unaligned);
            }

            if (length == 0)
            {
                return FlashResult.Ok;
            }

            int badErase = BadRegionError(address, length);
            if (badErase != EspErrorMap.Ok)
            {
                return FlashResult.Fail(FlashStatus.FlashError, badErase);
            }

            int done = CountOperation("erase", address, length);
            EraseCount++;
            int position = 0;
            while (position < done)
            {
                int piece = done - position < unit ? done - position : unit;
                _medium.Write(address + position, _erased, 0, piece);
                _blockEraseCounts[(address + position) / _eraseBlockSize]++;
                ErasedBlocks++;
                position += piece;
            }

            if (done < length)
            {
                CutPower("inside erase", address, length);
            }

            return FlashResult.Ok;
        }

        private int BadRegionError(int address, int length)
        {
            for (int i = 0; i < _badRegions.Count; i++)
            {
                int[] bad = (int[])_badRegions[i];
                if (address < bad[0] + bad[1] && bad[0] < address + length)
                {
                    return bad[2];
                }
            }

            return EspErrorMap.Ok;
        }

        private static void CheckBuffer(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
        }

        private bool InChip(int address, int count)
        {
            return address >= 0 && count >= 0 && address <= Size - count;
        }

        private void CheckPower()
        {
            if (!_poweredOn)
            {
                throw new PowerLossException("flash is powered off: call PowerOn");
            }
        }

        /// <summary>Numbers one operation against the plan.</summary>
        /// <returns>How many of its <paramref name="length"/> bytes happen (length when the plan does not hit it);
        /// throws when the plan cuts before it.</returns>
        private int CountOperation(string kind, int address, int length)
        {
            if (_plan == null)
            {
                return length;
            }

            _operationsSincePlan++;
            if (_operationsSincePlan != _plan.Operation)
            {
                return length;
            }

            if (!_plan.IsTorn || kind == "read")
            {
                CutPower("before " + kind, address, length);
            }

            return _plan.TornPrefix(length);
        }

        private void CutPower(string where, int address, int length)
        {
            _poweredOn = false;
            int operation = _operationsSincePlan;
            _plan = null;
            throw new PowerLossException("power cut " + where + " #" + operation.ToString() + " at 0x" + address.ToString("x") + " length " + length.ToString());
        }

        private bool CanProgram(int address, byte[] buffer, int offset, int count)
        {
            int checkedBytes = 0;
            while (checkedBytes < count)
            {
                int piece = count - checkedBytes < ScratchSize ? count - checkedBytes : ScratchSize;
                _medium.Read(address + checkedBytes, _scratch, 0, piece);
                for (int i = 0; i < piece; i++)
                {
                    // A programmed bit (one that differs from the erased value) may not return to its erased state.
                    if (((_scratch[i] ^ _erasedValue) & ~(buffer[offset + checkedBytes + i] ^ _erasedValue)) != 0)
                    {
                        return false;
                    }
                }

                checkedBytes += piece;
            }

            return true;
        }
    }
}
