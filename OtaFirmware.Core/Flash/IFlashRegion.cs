// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Flash
{
    /// <summary>
    /// A contiguous area of NOR flash addressed from 0: an ESP-IDF partition on the device (through the OTA interop),
    /// a window of the simulated flash on the host. Bits can only be programmed from 1 to 0; an erase sets a whole
    /// erase block back to <see cref="ErasedValue"/>.
    /// </summary>
    /// <remarks>Every operation returns a <see cref="FlashResult"/>: the portable status and, when the driver failed,
    /// its esp_err_t beside it, so the cloud report says what the chip said.</remarks>
    public interface IFlashRegion
    {
        /// <summary>Size of the region in bytes (a multiple of <see cref="EraseBlockSize"/>).</summary>
        int Size { get; }

        /// <summary>Erase granularity in bytes (4096 on ESP32 SPI flash).</summary>
        int EraseBlockSize { get; }

        /// <summary>Required alignment of write addresses and lengths, in bytes.</summary>
        int WriteAlignment { get; }

        /// <summary>Value of every byte after an erase (0xFF on NOR flash).</summary>
        byte ErasedValue { get; }

        /// <summary>Reads <paramref name="count"/> bytes at <paramref name="address"/> into <paramref name="buffer"/>.</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/> or <see cref="FlashStatus.FlashError"/> (with the esp_err_t).</returns>
        FlashResult Read(int address, byte[] buffer, int offset, int count);

        /// <summary>Programs <paramref name="count"/> bytes at <paramref name="address"/> (aligned to <see cref="WriteAlignment"/>).</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/>, <see cref="FlashStatus.Unaligned"/>,
        /// <see cref="FlashStatus.NotErased"/> (a 1 written over a 0) or <see cref="FlashStatus.FlashError"/> (with the esp_err_t).</returns>
        FlashResult Write(int address, byte[] buffer, int offset, int count);

        /// <summary>Erases the erase blocks covering [<paramref name="address"/>, <paramref name="address"/> + <paramref name="length"/>);
        /// both must be multiples of <see cref="EraseBlockSize"/>.</summary>
        /// <returns>A result with <see cref="FlashStatus.Ok"/>, <see cref="FlashStatus.OutOfRange"/>, <see cref="FlashStatus.Unaligned"/> or <see cref="FlashStatus.FlashError"/> (with the esp_err_t).</returns>
        FlashResult Erase(int address, int length);
    }
}
