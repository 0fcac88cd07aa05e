// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>An <see cref="IFlashMedium"/> in a byte array, created erased (all 0xFF).</summary>
    public sealed class MemoryFlashMedium : IFlashMedium
    {
        private readonly byte[] _bytes;

        /// <summary>Creates an erased medium of <paramref name="size"/> bytes.</summary>
        public MemoryFlashMedium(int size)
        {
            if (size <= 0)
            {
                throw new ArgumentOutOfRangeException("size");
            }

            _bytes = new byte[size];
            for (int i = 0; i < size; i++)
            {
                _bytes[i] = 0xFF;
            }
        }

        /// <summary>Size of the medium in bytes.</summary>
        public int Size
        {
            get { return _bytes.Length; }
        }

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="address"/> into <paramref name="buffer"/>.</summary>
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            Array.Copy(_bytes, address, buffer, offset, count);
        }

        /// <summary>Stores <paramref name="count"/> bytes of <paramref name="buffer"/> at <paramref name="address"/>.</summary>
        public void Write(int address, byte[] buffer, int offset, int count)
        {
            Array.Copy(buffer, offset, _bytes, address, count);
        }

        /// <summary>Does nothing: memory has nothing to flush.</summary>
        public void Flush()
        {
        }
    }
}
