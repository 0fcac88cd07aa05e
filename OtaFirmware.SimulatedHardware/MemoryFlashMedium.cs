// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>An <see cref="IFlashMedium"/> in memory, created erased (all 0xFF unless told otherwise).</summary>
    /// <remarks>
    /// The bytes live in pieces of <see cref="PieceSize"/> bytes, never in one array: a nanoCLR object is at most
    /// 65,535 heap blocks (about 768 KiB for a byte[] on a 32-bit build), so one array for a 4 MB chip would not
    /// allocate on the emulator or on a device.
    /// </remarks>
    public sealed class MemoryFlashMedium : IFlashMedium
    {
        /// <summary>Size of one piece of storage in bytes (64 KiB).</summary>
        public const int PieceSize = 0x10000;

        private readonly byte[][] _pieces;
        private readonly int _size;

        /// <summary>Creates an erased medium of <paramref name="size"/> bytes, every byte 0xFF.</summary>
        public MemoryFlashMedium(int size)
            : this(size, 0xFF)
        {
        }

        /// <summary>Creates a medium of <paramref name="size"/> bytes, every byte <paramref name="erasedValue"/>
        /// (0x00 for the chips MCUboot's simulator models with that erased value).</summary>
        public MemoryFlashMedium(int size, byte erasedValue)
        {
            if (size <= 0)
            {
                throw new ArgumentOutOfRangeException("size");
            }

            _size = size;
            _pieces = new byte[(size + PieceSize - 1) / PieceSize][];
            for (int p = 0; p < _pieces.Length; p++)
            {
                int length = size - (p * PieceSize) < PieceSize ? size - (p * PieceSize) : PieceSize;
                byte[] piece = new byte[length];
                if (erasedValue != 0)
                {
                    for (int i = 0; i < length; i++)
                    {
                        piece[i] = erasedValue;
                    }
                }

                _pieces[p] = piece;
            }
        }

        /// <summary>Size of the medium in bytes.</summary>
        public int Size
        {
            get { return _size; }
        }

        /// <summary>Copies <paramref name="count"/> bytes at <paramref name="address"/> into <paramref name="buffer"/>.</summary>
        public void Read(int address, byte[] buffer, int offset, int count)
        {
            CheckRange(address, buffer, offset, count);
            while (count > 0)
            {
                int piece = address / PieceSize;
                int inPiece = address % PieceSize;
                int length = PieceSize - inPiece < count ? PieceSize - inPiece : count;
                Array.Copy(_pieces[piece], inPiece, buffer, offset, length);
                address += length;
                offset += length;
                count -= length;
            }
        }

        /// <summary>Stores <paramref name="count"/> bytes of <paramref name="buffer"/> at <paramref name="address"/>.</summary>
        public void Write(int address, byte[] buffer, int offset, int count)
        {
            CheckRange(address, buffer, offset, count);
            while (count > 0)
            {
                int piece = address / PieceSize;
                int inPiece = address % PieceSize;
                int length = PieceSize - inPiece < count ? PieceSize - inPiece : count;
                Array.Copy(buffer, offset, _pieces[piece], inPiece, length);
                address += length;
                offset += length;
                count -= length;
            }
        }

        /// <summary>Does nothing: memory has nothing to flush.</summary>
        public void Flush()
        {
        }

        private void CheckRange(int address, byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (address < 0 || count < 0 || address > _size - count || offset < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("address");
            }
        }
    }
}
