// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Integrity;
using OtaFirmware.Update;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// ESP-IDF esp_ota_select_entry_t, the 32 bytes at the start of each otadata sector:
    /// <c>u32 ota_seq; u8 seq_label[20]; u32 ota_state; u32 crc</c> (little-endian), with
    /// <c>crc = esp_rom_crc32_le(UINT32_MAX, &amp;ota_seq, 4)</c>.
    /// </summary>
    public sealed class OtaSelectEntry
    {
        /// <summary>Length of the entry in bytes.</summary>
        public const int Length = 32;

        /// <summary>Length of seq_label.</summary>
        public const int LabelLength = 20;

        private readonly byte[] _label = new byte[LabelLength];

        /// <summary>Creates a blank (erased) entry: every field 0xFF.</summary>
        public OtaSelectEntry()
        {
            Sequence = 0xFFFFFFFF;
            RawState = 0xFFFFFFFF;
            Crc = 0xFFFFFFFF;
            for (int i = 0; i < LabelLength; i++)
            {
                _label[i] = 0xFF;
            }
        }

        /// <summary>ota_seq: the boot slot is (ota_seq - 1) % slot count; 0xFFFFFFFF when blank.</summary>
        public uint Sequence { get; set; }

        /// <summary>ota_state as stored (0xFFFFFFFF is UNDEFINED).</summary>
        public uint RawState { get; set; }

        /// <summary>crc as stored.</summary>
        public uint Crc { get; set; }

        /// <summary>ota_state as an <see cref="ImageState"/> (values outside the enum stay as numbers).</summary>
        public ImageState State
        {
            get { return (ImageState)(int)RawState; }
            set { RawState = (uint)(int)value; }
        }

        /// <summary>True when <see cref="Crc"/> is the CRC of <see cref="Sequence"/>.</summary>
        public bool IsCrcValid
        {
            get { return Crc == ComputeCrc(Sequence); }
        }

        /// <summary>bootloader_common_ota_select_invalid: blank sequence, or state INVALID or ABORTED.</summary>
        public bool IsInvalid
        {
            get { return Sequence == 0xFFFFFFFF || RawState == (uint)ImageState.Invalid || RawState == (uint)ImageState.Aborted; }
        }

        /// <summary>bootloader_common_ota_select_valid: not invalid and the CRC matches.</summary>
        public bool IsValid
        {
            get { return !IsInvalid && IsCrcValid; }
        }

        /// <summary>esp_rom_crc32_le(UINT32_MAX, &amp;seq, 4).</summary>
        /// <returns>The CRC stored beside <paramref name="sequence"/>.</returns>
        public static uint ComputeCrc(uint sequence)
        {
            byte[] bytes = new byte[4];
            WriteUInt32(bytes, 0, sequence);
            return Crc32.Update(0xFFFFFFFF, bytes, 0, 4);
        }

        /// <summary>Sets <see cref="Crc"/> from <see cref="Sequence"/>.</summary>
        public void UpdateCrc()
        {
            Crc = ComputeCrc(Sequence);
        }

        /// <summary>Loads the entry from 32 bytes at <paramref name="offset"/>.</summary>
        public void ReadFrom(byte[] buffer, int offset)
        {
            CheckRange(buffer, offset);
            Sequence = ReadUInt32(buffer, offset);
            Array.Copy(buffer, offset + 4, _label, 0, LabelLength);
            RawState = ReadUInt32(buffer, offset + 24);
            Crc = ReadUInt32(buffer, offset + 28);
        }

        /// <summary>Writes the entry as 32 bytes at <paramref name="offset"/>.</summary>
        public void WriteTo(byte[] buffer, int offset)
        {
            CheckRange(buffer, offset);
            WriteUInt32(buffer, offset, Sequence);
            Array.Copy(_label, 0, buffer, offset + 4, LabelLength);
            WriteUInt32(buffer, offset + 24, RawState);
            WriteUInt32(buffer, offset + 28, Crc);
        }

        /// <summary>Copies every field of <paramref name="other"/> into this entry.</summary>
        public void CopyFrom(OtaSelectEntry other)
        {
            Sequence = other.Sequence;
            RawState = other.RawState;
            Crc = other.Crc;
            Array.Copy(other._label, 0, _label, 0, LabelLength);
        }

        private static void CheckRange(byte[] buffer, int offset)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || offset > buffer.Length - Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }
        }

        private static uint ReadUInt32(byte[] data, int offset)
        {
            return data[offset] | ((uint)data[offset + 1] << 8) | ((uint)data[offset + 2] << 16) | ((uint)data[offset + 3] << 24);
        }

        private static void WriteUInt32(byte[] data, int offset, uint value)
        {
            data[offset] = (byte)value;
            data[offset + 1] = (byte)(value >> 8);
            data[offset + 2] = (byte)(value >> 16);
            data[offset + 3] = (byte)(value >> 24);
        }
    }
}
