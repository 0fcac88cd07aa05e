// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// Checks an ESP32 app image in flash the way ESP-IDF v5.5's esp_image_verify does (bootloader_support/src/
    /// esp_image_format.c): the 24-byte header, each segment (<c>u32 load_addr, u32 data_len</c>, length a multiple of
    /// 4 and below 16 MiB), the 0xEF-seeded XOR of all segment data stored as the last byte of the 16-byte block that
    /// follows the segments, and, when hash_appended is not 0, the SHA-256 of everything before it stored in the next
    /// 32 bytes. Reuses its buffers between calls.
    /// </summary>
    /// <remarks>
    /// Load addresses follow the chip's memory map (components/soc/&lt;chip&gt;/include/soc/soc.h): a segment in
    /// IROM or DROM is mapped through the flash MMU, so its load address and its data offset must agree modulo the
    /// 64 KiB MMU page (verify_segment_header) and it must end inside its region; any other segment is loaded, so it
    /// must lie entirely inside DRAM, IRAM or RTC memory (verify_load_addresses). The data offset is taken from the
    /// start of the region, which is the flash offset modulo 64 KiB because app partitions are 64 KiB aligned.
    /// </remarks>
    public sealed class Esp32ImageValidator
    {
        /// <summary>Pass as expected chip id to accept any chip.</summary>
        public const int AnyChip = -1;

        private const byte ChecksumSeed = 0xEF;
        private const int SegmentHeaderLength = 8;
        private const uint MmuPageSize = 0x10000;
        private const uint SixteenMegabytes = 0x1000000;

        // Per chip: IROM, DROM (mapped), then DRAM, IRAM, RTC IRAM, RTC DRAM, RTC data (loaded); low and high pairs.
        private static readonly uint[] Esp32Map = new uint[]
        {
            0x400D0000, 0x40400000, 0x3F400000, 0x3F800000,
            0x3FFAE000, 0x40000000, 0x40080000, 0x400A0000, 0x400C0000, 0x400C2000, 0x3FF80000, 0x3FF82000, 0x50000000, 0x50002000,
        };

        private static readonly uint[] Esp32S3Map = new uint[]
        {
            0x42000000, 0x44000000, 0x3C000000, 0x3E000000,
            0x3FC88000, 0x3FD00000, 0x40370000, 0x403E0000, 0x600FE000, 0x60100000, 0x600FE000, 0x60100000, 0x50000000, 0x50002000,
        };

        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _buffer = new byte[4096];
        private readonly byte[] _digest = new byte[32];

        /// <summary>Validates the image at the start of <paramref name="region"/>.</summary>
        /// <param name="region">The app partition.</param>
        /// <param name="expectedChipId">The chip the image must be built for, or <see cref="AnyChip"/>.</param>
        /// <returns>Ok with the image length, or BadMagic, BadSegmentCount, BadSegment, Truncated, ChecksumMismatch,
        /// HashMismatch, WrongChip or FlashError.</returns>
        public Esp32ImageCheck Validate(IFlashRegion region, int expectedChipId)
        {
            if (region == null)
            {
                throw new ArgumentNullException("region");
            }

            int limit = region.Size;
            _sha.Reset();
            if (limit < Esp32ImageHeader.HeaderLength)
            {
                return Refuse(Esp32ImageStatus.Truncated, "region smaller than the image header");
            }

            FlashResult status = region.Read(0, _buffer, 0, Esp32ImageHeader.HeaderLength);
            if (!status.IsOk)
            {
                return ReadFailed(status, 0);
            }

            if (_buffer[0] != Esp32ImageHeader.ImageMagic)
            {
                return Refuse(Esp32ImageStatus.BadMagic, "first byte is not 0xE9");
            }

            int segments = _buffer[1];
            if (segments == 0 || segments > Esp32ImageHeader.MaxSegments)
            {
                return Refuse(Esp32ImageStatus.BadSegmentCount, "segment count " + segments.ToString() + " is not 1..16");
            }

            int chipId = _buffer[12] | (_buffer[13] << 8);
            if (expectedChipId != AnyChip && chipId != expectedChipId)
            {
                return Refuse(Esp32ImageStatus.WrongChip, "image is for chip " + chipId.ToString() + ", not " + expectedChipId.ToString());
            }

            uint[] map = MemoryMap(chipId);
            if (map == null)
            {
                return Refuse(Esp32ImageStatus.WrongChip, "no memory map for chip " + chipId.ToString());
            }

            bool hashAppended = _buffer[23] != 0;
            _sha.Append(_buffer, 0, Esp32ImageHeader.HeaderLength);

            int position = Esp32ImageHeader.HeaderLength;
            byte checksum = ChecksumSeed;
            for (int segment = 0; segment < segments; segment++)
            {
                if (position > limit - SegmentHeaderLength)
                {
                    return Refuse(Esp32ImageStatus.Truncated, "segment " + segment.ToString() + " header runs past the region");
                }

                status = region.Read(position, _buffer, 0, SegmentHeaderLength);
                if (!status.IsOk)
                {
                    return ReadFailed(status, position);
                }

                uint loadAddress = _buffer[0] | ((uint)_buffer[1] << 8) | ((uint)_buffer[2] << 16) | ((uint)_buffer[3] << 24);
                uint dataLength = _buffer[4] | ((uint)_buffer[5] << 8) | ((uint)_buffer[6] << 16) | ((uint)_buffer[7] << 24);
                if (dataLength % 4 != 0 || dataLength >= SixteenMegabytes)
                {
                    return Refuse(Esp32ImageStatus.BadSegment, "segment " + segment.ToString() + " length is not a multiple of 4 below 16 MiB");
                }

                string placement = CheckPlacement(map, loadAddress, dataLength, (uint)(position + SegmentHeaderLength));
                if (placement != null)
                {
                    return Refuse(Esp32ImageStatus.BadSegment, "segment " + segment.ToString() + " at 0x" + loadAddress.ToString("x8") + ": " + placement);
                }

                _sha.Append(_buffer, 0, SegmentHeaderLength);
                position += SegmentHeaderLength;
                if (dataLength > (uint)(limit - position))
                {
                    return Refuse(Esp32ImageStatus.Truncated, "segment " + segment.ToString() + " data runs past the region");
                }

                int remaining = (int)dataLength;
                while (remaining > 0)
                {
                    int piece = remaining < _buffer.Length ? remaining : _buffer.Length;
                    status = region.Read(position, _buffer, 0, piece);
                    if (!status.IsOk)
                    {
                        return ReadFailed(status, position);
                    }

                    for (int i = 0; i < piece; i++)
                    {
                        checksum ^= _buffer[i];
                    }

                    _sha.Append(_buffer, 0, piece);
                    position += piece;
                    remaining -= piece;
                }
            }

            // The checksum is the last byte of the 16-byte block after the segments (esptool pads with zeros).
            int paddedEnd = (position + 1 + 15) & ~15;
            if (paddedEnd > limit)
            {
                return Refuse(Esp32ImageStatus.Truncated, "checksum runs past the region");
            }

            int tail = paddedEnd - position;
            status = region.Read(position, _buffer, 0, tail);
            if (!status.IsOk)
            {
                return ReadFailed(status, position);
            }

            if (_buffer[tail - 1] != checksum)
            {
                return Refuse(Esp32ImageStatus.ChecksumMismatch, "checksum byte 0x" + _buffer[tail - 1].ToString("x2") + " should be 0x" + checksum.ToString("x2"));
            }

            _sha.Append(_buffer, 0, tail);
            if (!hashAppended)
            {
                return new Esp32ImageCheck(Esp32ImageStatus.Ok, paddedEnd, FlashResult.Ok, "ok");
            }

            if (paddedEnd > limit - 32)
            {
                return Refuse(Esp32ImageStatus.Truncated, "appended SHA-256 runs past the region");
            }

            status = region.Read(paddedEnd, _buffer, 0, 32);
            if (!status.IsOk)
            {
                return ReadFailed(status, paddedEnd);
            }

            _sha.Finish(_digest, 0);
            for (int i = 0; i < 32; i++)
            {
                if (_digest[i] != _buffer[i])
                {
                    return Refuse(Esp32ImageStatus.HashMismatch, "appended SHA-256 does not match the image");
                }
            }

            return new Esp32ImageCheck(Esp32ImageStatus.Ok, paddedEnd + 32, FlashResult.Ok, "ok");
        }

        private static uint[] MemoryMap(int chipId)
        {
            if (chipId == Esp32ImageHeader.ChipEsp32)
            {
                return Esp32Map;
            }

            return chipId == Esp32ImageHeader.ChipEsp32S3 ? Esp32S3Map : null;
        }

        /// <summary>esp_image_format.c verify_segment_header (MMU page) and verify_load_addresses (memory regions).</summary>
        /// <returns>Null when the segment is placed correctly, otherwise why not.</returns>
        private static string CheckPlacement(uint[] map, uint load, uint length, uint dataOffset)
        {
            ulong end = (ulong)load + length;
            for (int region = 0; region < 2; region++)
            {
                uint low = map[region * 2];
                uint high = map[(region * 2) + 1];
                if (load >= low && load < high)
                {
                    if (dataOffset % MmuPageSize != load % MmuPageSize)
                    {
                        return "mapped segment's load address does not match its data offset 0x" + dataOffset.ToString("x") + " modulo the 64 KiB MMU page";
                    }

                    return end <= high ? null : "mapped segment runs past the end of " + (region == 0 ? "IROM" : "DROM");
                }
            }

            ulong last = length == 0 ? load : end - 1;
            for (int region = 2; region < map.Length / 2; region++)
            {
                uint low = map[region * 2];
                uint high = map[(region * 2) + 1];
                if (load >= low && load < high && last < high)
                {
                    return null;
                }
            }

            return "load range 0x" + load.ToString("x8") + "-0x" + ((uint)last).ToString("x8") + " is not inside one of the chip's DRAM, IRAM or RTC regions";
        }

        private static Esp32ImageCheck Refuse(Esp32ImageStatus status, string detail)
        {
            return new Esp32ImageCheck(status, 0, FlashResult.Ok, detail);
        }

        private static Esp32ImageCheck ReadFailed(FlashResult status, int address)
        {
            return new Esp32ImageCheck(Esp32ImageStatus.FlashError, 0, status, "flash read failed at 0x" + address.ToString("x") + ": " + status.ToString());
        }
    }
}
