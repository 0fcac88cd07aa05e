// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Flash
{
    /// <summary>
    /// A block-aligned part of another <see cref="IFlashRegion"/>, addressed from 0, that cannot reach outside itself:
    /// a partition of the simulated NOR flash, one staging journal or the staged images' area of the gateway's staging
    /// partition on the device.
    /// </summary>
    /// <remarks>
    /// Why one adapter: the simulated chip and the gateway both cut regions into parts, and both need the same rule
    /// (esp_partition_* in ESP-IDF's partition.c refuses any access that leaves the partition with ESP_ERR_INVALID_ARG
    /// before it reaches the chip). Results from the inner region pass through unchanged, esp_err_t included.
    /// </remarks>
    public sealed class FlashWindow : IFlashRegion
    {
        private readonly IFlashRegion _inner;
        private readonly int _eraseBlockSize;

        /// <summary>Creates the window [<paramref name="offset"/>, <paramref name="offset"/> + <paramref name="size"/>) of <paramref name="inner"/>.</summary>
        /// <param name="inner">The region to cut from.</param>
        /// <param name="offset">Start of the window in <paramref name="inner"/>; a multiple of its erase block size.</param>
        /// <param name="size">Size of the window; a positive multiple of the erase block size that fits.</param>
        /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The window is empty, unaligned or leaves <paramref name="inner"/>.</exception>
        public FlashWindow(IFlashRegion inner, int offset, int size)
            : this(inner, offset, size, inner == null ? 0 : inner.EraseBlockSize)
        {
        }

        /// <summary>
        /// Creates a window whose erase block size differs from the inner region's, for chips whose erase granularity
        /// depends on the address (a simulated chip with 4 KiB boot sectors below 64 KiB blocks).
        /// </summary>
        /// <param name="inner">The region to cut from.</param>
        /// <param name="offset">Start of the window; a multiple of <paramref name="eraseBlockSize"/>.</param>
        /// <param name="size">Size of the window; a positive multiple of <paramref name="eraseBlockSize"/> that fits.</param>
        /// <param name="eraseBlockSize">The erase granularity inside the window.</param>
        /// <exception cref="ArgumentNullException"><paramref name="inner"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The window is empty, unaligned or leaves <paramref name="inner"/>.</exception>
        public FlashWindow(IFlashRegion inner, int offset, int size, int eraseBlockSize)
        {
            if (inner == null)
            {
                throw new ArgumentNullException("inner");
            }

            int block = eraseBlockSize;
            if (block <= 0 || offset < 0 || size <= 0 || offset > inner.Size - size || offset % block != 0 || size % block != 0)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            _inner = inner;
            _eraseBlockSize = eraseBlockSize;
            Offset = offset;
            Size = size;
        }

        /// <summary>Start of the window in the inner region.</summary>
        public int Offset { get; private set; }

        /// <summary>Size of the window in bytes.</summary>
        public int Size { get; private set; }

        /// <summary>Erase granularity in bytes (the inner region's, unless the window was given its own).</summary>
        public int EraseBlockSize
        {
            get { return _eraseBlockSize; }
        }

        /// <summary>Required alignment of write addresses and lengths (the inner region's).</summary>
        public int WriteAlignment
        {
            get { return _inner.WriteAlignment; }
        }

        /// <summary>Value of an erased byte (the inner region's).</summary>
        public byte ErasedValue
        {
            get { return _inner.ErasedValue; }
        }

        /// <summary>Reads bytes of the window.</summary>
        /// <returns><see cref="FlashStatus.OutOfRange"/> when the range leaves the window, otherwise the inner region's result.</returns>
        public FlashResult Read(int address, byte[] buffer, int offset, int count)
        {
            return Inside(address, count) ? _inner.Read(Offset + address, buffer, offset, count) : FlashResult.Fail(FlashStatus.OutOfRange);
        }

        /// <summary>Programs bytes of the window.</summary>
        /// <returns><see cref="FlashStatus.OutOfRange"/> when the range leaves the window, otherwise the inner region's result.</returns>
        public FlashResult Write(int address, byte[] buffer, int offset, int count)
        {
            return Inside(address, count) ? _inner.Write(Offset + address, buffer, offset, count) : FlashResult.Fail(FlashStatus.OutOfRange);
        }

        /// <summary>Erases blocks of the window.</summary>
        /// <returns><see cref="FlashStatus.OutOfRange"/> when the range leaves the window, otherwise the inner region's result.</returns>
        public FlashResult Erase(int address, int length)
        {
            return Inside(address, length) ? _inner.Erase(Offset + address, length) : FlashResult.Fail(FlashStatus.OutOfRange);
        }

        private bool Inside(int address, int count)
        {
            return address >= 0 && count >= 0 && address <= Size - count;
        }
    }
}
