// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Flash;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;

namespace OtaFirmware.Gateway.Staging
{
    /// <summary>A block-aligned part of another <see cref="IFlashRegion"/>, addressed from 0 (one staging journal,
    /// or the staged images' area).</summary>
    internal sealed class RegionWindow : IFlashRegion
    {
        private readonly IFlashRegion _inner;
        private readonly int _start;
        private readonly int _size;

        internal RegionWindow(IFlashRegion inner, int start, int size)
        {
            _inner = inner;
            _start = start;
            _size = size;
        }

        public int Size
        {
            get { return _size; }
        }

        public int EraseBlockSize
        {
            get { return _inner.EraseBlockSize; }
        }

        public int WriteAlignment
        {
            get { return _inner.WriteAlignment; }
        }

        public byte ErasedValue
        {
            get { return _inner.ErasedValue; }
        }

        public FlashStatus Read(int address, byte[] buffer, int offset, int count)
        {
            return Inside(address, count) ? _inner.Read(_start + address, buffer, offset, count) : FlashStatus.OutOfRange;
        }

        public FlashStatus Write(int address, byte[] buffer, int offset, int count)
        {
            return Inside(address, count) ? _inner.Write(_start + address, buffer, offset, count) : FlashStatus.OutOfRange;
        }

        public FlashStatus Erase(int address, int length)
        {
            return Inside(address, length) ? _inner.Erase(_start + address, length) : FlashStatus.OutOfRange;
        }

        private bool Inside(int address, int count)
        {
            return address >= 0 && count >= 0 && address <= _size - count;
        }
    }
}
