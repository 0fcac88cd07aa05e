// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Flash;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>A partition of a <see cref="NorFlash"/>: an <see cref="IFlashRegion"/> addressed from 0 that cannot reach outside itself.</summary>
    public sealed class FlashWindow : IFlashRegion
    {
        private readonly NorFlash _flash;

        internal FlashWindow(NorFlash flash, int offset, int size)
        {
            _flash = flash;
            Offset = offset;
            Size = size;
        }

        /// <summary>Start of the window on the chip.</summary>
        public int Offset { get; private set; }

        /// <summary>Size of the window in bytes.</summary>
        public int Size { get; private set; }

        /// <summary>Erase granularity in bytes.</summary>
        public int EraseBlockSize
        {
            get { return _flash.EraseBlockSizeAt(Offset); }
        }

        /// <summary>Required alignment of write addresses and lengths, in bytes.</summary>
        public int WriteAlignment
        {
            get { return _flash.WriteAlignment; }
        }

        /// <summary>0xFF.</summary>
        public byte ErasedValue
        {
            get { return _flash.ErasedValue; }
        }

        /// <summary>Reads bytes of the window.</summary>
        /// <returns><see cref="FlashStatus.Ok"/> or <see cref="FlashStatus.OutOfRange"/>.</returns>
        public FlashStatus Read(int address, byte[] buffer, int offset, int count)
        {
            if (!Inside(address, count))
            {
                return FlashStatus.OutOfRange;
            }

            return _flash.Read(Offset + address, buffer, offset, count);
        }

        /// <summary>Programs bytes of the window.</summary>
        /// <returns><see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/>, <see cref="FlashStatus.Unaligned"/> or <see cref="FlashStatus.NotErased"/>.</returns>
        public FlashStatus Write(int address, byte[] buffer, int offset, int count)
        {
            if (!Inside(address, count))
            {
                return FlashStatus.OutOfRange;
            }

            return _flash.Write(Offset + address, buffer, offset, count);
        }

        /// <summary>Erases blocks of the window.</summary>
        /// <returns><see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/> or <see cref="FlashStatus.Unaligned"/>.</returns>
        public FlashStatus Erase(int address, int length)
        {
            if (!Inside(address, length))
            {
                return FlashStatus.OutOfRange;
            }

            return _flash.Erase(Offset + address, length);
        }

        private bool Inside(int address, int count)
        {
            if (count < 0)
            {
                throw new ArgumentOutOfRangeException("count");
            }

            return address >= 0 && address <= Size - count;
        }
    }
}
