// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Flash;
using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.SimulatedHardware.SubDevice
{
    /// <summary>
    /// A strict NOR flash region in RAM: erase sets whole blocks to 0xFF, a write may only turn 1 bits into 0 bits
    /// (otherwise <see cref="FlashStatus.NotErased"/> and nothing is written), addresses and lengths are checked.
    /// The sub-device simulator's slots and the staging tests use it; the shared simulated NorFlash can replace it.
    /// </summary>
    public sealed class RamFlashRegion : IFlashRegion
    {
        private readonly byte[] _bytes;
        private readonly int _eraseBlockSize;

        /// <summary>Creates an erased region of <paramref name="size"/> bytes (a multiple of <paramref name="eraseBlockSize"/>).</summary>
        public RamFlashRegion(int size, int eraseBlockSize)
        {
            if (eraseBlockSize < 1 || size < eraseBlockSize || size % eraseBlockSize != 0)
            {
                throw new ArgumentOutOfRangeException("size");
            }

            _bytes = new byte[size];
            _eraseBlockSize = eraseBlockSize;
            for (int i = 0; i < size; i++)
            {
                _bytes[i] = 0xFF;
            }
        }

        /// <inheritdoc />
        public int Size
        {
            get { return _bytes.Length; }
        }

        /// <inheritdoc />
        public int EraseBlockSize
        {
            get { return _eraseBlockSize; }
        }

        /// <inheritdoc />
        public int WriteAlignment
        {
            get { return 1; }
        }

        /// <inheritdoc />
        public byte ErasedValue
        {
            get { return 0xFF; }
        }

        /// <summary>Erase operations so far (in blocks).</summary>
        public int ErasedBlocks { get; private set; }

        /// <inheritdoc />
        public FlashStatus Read(int address, byte[] buffer, int offset, int count)
        {
            CheckBuffer(buffer, offset, count);
            if (!InRange(address, count))
            {
                return FlashStatus.OutOfRange;
            }

            Array.Copy(_bytes, address, buffer, offset, count);
            return FlashStatus.Ok;
        }

        /// <inheritdoc />
        public FlashStatus Write(int address, byte[] buffer, int offset, int count)
        {
            CheckBuffer(buffer, offset, count);
            if (!InRange(address, count))
            {
                return FlashStatus.OutOfRange;
            }

            for (int i = 0; i < count; i++)
            {
                byte value = buffer[offset + i];
                if ((_bytes[address + i] & value) != value)
                {
                    return FlashStatus.NotErased;
                }
            }

            for (int i = 0; i < count; i++)
            {
                _bytes[address + i] &= buffer[offset + i];
            }

            return FlashStatus.Ok;
        }

        /// <inheritdoc />
        public FlashStatus Erase(int address, int length)
        {
            if (!InRange(address, length))
            {
                return FlashStatus.OutOfRange;
            }

            if (address % _eraseBlockSize != 0 || length % _eraseBlockSize != 0)
            {
                return FlashStatus.Unaligned;
            }

            for (int i = address; i < address + length; i++)
            {
                _bytes[i] = 0xFF;
            }

            ErasedBlocks += length / _eraseBlockSize;
            return FlashStatus.Ok;
        }

        private bool InRange(int address, int count)
        {
            return address >= 0 && count >= 0 && address <= _bytes.Length - count;
        }

        private static void CheckBuffer(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset + count > buffer.Length)
            {
                throw new ArgumentOutOfRangeException("count");
            }
        }
    }
}
