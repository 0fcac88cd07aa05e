// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;
using OtaFirmware.Flash;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>A flash region whose reads fail from a given address on while <see cref="FailReads"/> is set.</summary>
    public sealed class UnreadableRegion : IFlashRegion
    {
        private readonly IFlashRegion _inner;

        /// <summary>Wraps <paramref name="inner"/>.</summary>
        public UnreadableRegion(IFlashRegion inner)
        {
            _inner = inner;
        }

        /// <summary>Reads at or above <see cref="FailFrom"/> fail with ESP_ERR_FLASH_OP_FAIL.</summary>
        public bool FailReads { get; set; }

        /// <summary>First failing address.</summary>
        public int FailFrom { get; set; }

        /// <inheritdoc />
        public int Size
        {
            get { return _inner.Size; }
        }

        /// <inheritdoc />
        public int EraseBlockSize
        {
            get { return _inner.EraseBlockSize; }
        }

        /// <inheritdoc />
        public int WriteAlignment
        {
            get { return _inner.WriteAlignment; }
        }

        /// <inheritdoc />
        public byte ErasedValue
        {
            get { return _inner.ErasedValue; }
        }

        /// <inheritdoc />
        public FlashResult Read(int address, byte[] buffer, int offset, int count)
        {
            return FailReads && address >= FailFrom ? FlashResult.Fail(FlashStatus.FlashError, EspErrorMap.FlashOpFail) : _inner.Read(address, buffer, offset, count);
        }

        /// <inheritdoc />
        public FlashResult Write(int address, byte[] buffer, int offset, int count)
        {
            return _inner.Write(address, buffer, offset, count);
        }

        /// <inheritdoc />
        public FlashResult Erase(int address, int length)
        {
            return _inner.Erase(address, length);
        }
    }
}
