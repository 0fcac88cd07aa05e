// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// Checks an ESP32 app image in flash the way ESP-IDF v5.5's esp_image_verify does (bootloader_support/src/
    /// esp_image_format.c): the 24-byte header, the chip id and revision (bootloader_common_check_chip_validity), each
    /// segment (<c>u32 load_addr, u32 data_len</c>, length a multiple of 4 and below 16 MiB), the 0xEF-seeded XOR of
    /// all segment data stored as the last byte of the 16-byte block that follows the segments, and, when
    /// hash_appended is not 0, the SHA-256 of everything before it stored in the next 32 bytes. Reuses its buffers
    /// between calls.
    /// </summary>
    /// <remarks>
    /// <para>Chip: the header's chip_id must be the chip's; min_chip_rev_full must be at most the chip's revision
    /// (major * 100 + minor, ESP_CHIP_REV_ABOVE); max_chip_rev_full, unless it is 0 or 0xFFFF ("not set",
    /// bootloader_common_loader.c IS_FIELD_SET), must be at least the revision. The legacy min_chip_rev byte is not
    /// looked at (ESP-IDF v5 reads only the _full fields).</para>
    /// <para>Segments follow the chip's memory map (components/soc/&lt;chip&gt;/include/soc/soc.h of ESP-IDF v5.x). A
    /// segment in IROM or DROM is mapped through the flash MMU, so its load address and its data offset must agree
    /// modulo the 64 KiB MMU page (verify_segment_header) and, stricter than ESP-IDF, it must end inside its region.
    /// A segment below 0x10000000 (esptool's padding) is neither mapped nor loaded (should_load). Any other segment
    /// is loaded. When the bootloader loads (<c>loading</c>: verify_load_addresses, compiled only into the
    /// bootloader), a loaded segment must lie in DRAM, IRAM or RTC memory and must not overlap the 2nd-stage
    /// bootloader's own RAM: its stack (from SP − 32 KiB, STACK_LOAD_HEADROOM, up to SOC_ROM_STACK_START), its data
    /// (<c>_dram_start.._dram_end</c>, inside the bootloader.ld dram_seg) and its loader code
    /// (<c>_loader_text_start.._loader_text_end</c>, inside iram_loader_seg), with a D/IRAM segment also checked
    /// through its alias on the other bus. The simulator takes the whole dram_seg and iram_loader_seg, and an SP at
    /// the bottom of an 8 KiB ROM stack (SOC_ROM_STACK_SIZE on ESP32-S3; the same is assumed on ESP32), so it
    /// refuses at least every segment the chip refuses. The app's own check (esp_ota_end, rollback) does not run
    /// verify_load_addresses; there the simulator only requires the segment to lie inside one of the chip's RAM
    /// regions, which ESP-IDF's app does not check.</para>
    /// <para>The data offset is taken from the start of the region, which is the flash offset modulo 64 KiB because
    /// app partitions are 64 KiB aligned.</para>
    /// </remarks>
    public sealed class Esp32ImageValidator
    {
        /// <summary>Pass as expected chip id to accept any chip.</summary>
        public const int AnyChip = -1;

        /// <summary>Pass as chip revision to skip the min/max chip revision check.</summary>
        public const int AnyRevision = -1;

        /// <summary>max_chip_rev_full value meaning "no maximum" (0 means the same to the bootloader).</summary>
        public const int NoMaximumRevision = 0xFFFF;

        private const byte ChecksumSeed = 0xEF;
        private const int SegmentHeaderLength = 8;
        private const uint MmuPageSize = 0x10000;
        private const uint SixteenMegabytes = 0x1000000;
        private const uint FirstLoadableAddress = 0x10000000;
        private const uint StackLoadHeadroom = 32768;

        // Indexes into a chip's table (low/high pairs are [low, high)).
        private const int IromLow = 0;
        private const int DromLow = 2;
        private const int DramLow = 4;
        private const int IramLow = 6;
        private const int DiramIramLow = 8;
        private const int DiramDramLow = 10;
        private const int RtcIramLow = 12;
        private const int RtcDramLow = 14;
        private const int RtcDataLow = 16;
        private const int BootloaderDramLow = 18;
        private const int LoaderTextLow = 20;
        private const int RomStackStart = 22;
        private const int RomStackSize = 23;
        private const int DiramInverted = 24;

        // ESP32, soc.h (ESP-IDF v5.x): IROM, DROM, DRAM, IRAM (SOC_IRAM_HIGH 0x400AA000), D/IRAM as IRAM and as DRAM
        // (word order inverted), RTC IRAM, RTC DRAM, RTC slow; bootloader.ld: dram_seg 0x3FFF0000 + 0x10000 (later
        // linker scripts shorten it to 0x6000; the longer one covers both), iram_loader_seg 0x40078000 + 0x8000 (only
        // IRAM with CONFIG_ESP_SYSTEM_SINGLE_CORE_MODE, so a dual-core check never reaches it); SOC_ROM_STACK_START
        // 0x3ffe3f20.
        private static readonly uint[] Esp32Map = new uint[]
        {
            0x400D0000, 0x40400000, 0x3F400000, 0x3F800000, 0x3FFAE000, 0x40000000, 0x40080000, 0x400AA000,
            0x400A0000, 0x400C0000, 0x3FFE0000, 0x40000000, 0x400C0000, 0x400C2000, 0x3FF80000, 0x3FF82000,
            0x50000000, 0x50002000, 0x3FFF0000, 0x40000000, 0x40078000, 0x40080000, 0x3FFE3F20, 0x2000, 1,
        };

        // ESP32-S3, soc.h (ESP-IDF v5.x; DROM 0x3C000000-0x3E000000 as ext_mem_defs.h SOC_DRAM0_CACHE_ADDRESS_HIGH
        // and memory.ld.in drom0_0_seg): IROM, DROM, DRAM, IRAM, D/IRAM, RTC fast (one range for I and D), RTC slow;
        // bootloader.ld: dram_seg and iram_loader_seg derived from bootloader_usable_dram_end 0x3fce9700 minus
        // 0x2000 of stack overhead, with dram_seg 0x4000 (iram_loader at 0x403CC700) or 0x5000 long (0x403CB700)
        // in the v5 line: both layouts are covered; SOC_ROM_STACK_START 0x3fceb710, SOC_ROM_STACK_SIZE 0x2000.
        private static readonly uint[] Esp32S3Map = new uint[]
        {
            0x42000000, 0x44000000, 0x3C000000, 0x3E000000, 0x3FC88000, 0x3FD00000, 0x40370000, 0x403E0000,
            0x40378000, 0x403E0000, 0x3FC88000, 0x3FCF0000, 0x600FE000, 0x60100000, 0x600FE000, 0x60100000,
            0x50000000, 0x50002000, 0x3FCE2700, 0x3FCE7700, 0x403CB700, 0x403D3700, 0x3FCEB710, 0x2000, 0,
        };

        private readonly Sha256 _sha = new Sha256();
        private readonly byte[] _buffer = new byte[4096];
        private readonly byte[] _digest = new byte[32];

        /// <summary>Validates the image at the start of <paramref name="region"/> as the bootloader loads it, without the
        /// chip revision check.</summary>
        /// <param name="region">The app partition.</param>
        /// <param name="expectedChipId">The chip the image must be built for, or <see cref="AnyChip"/>.</param>
        /// <returns>Ok with the image length, or BadMagic, BadSegmentCount, BadSegment, Truncated, ChecksumMismatch,
        /// HashMismatch, WrongChip or FlashError.</returns>
        public Esp32ImageCheck Validate(IFlashRegion region, int expectedChipId)
        {
            return Validate(region, expectedChipId, AnyRevision, true);
        }

        /// <summary>Validates the image at the start of <paramref name="region"/>.</summary>
        /// <param name="region">The app partition.</param>
        /// <param name="expectedChipId">The chip the image must be built for, or <see cref="AnyChip"/>.</param>
        /// <param name="chipRevision">The chip's revision, major * 100 + minor (efuse_hal_chip_revision), or
        /// <see cref="AnyRevision"/>.</param>
        /// <param name="loading">True for the bootloader, which also refuses loaded segments that overlap its own RAM
        /// (verify_load_addresses); false for the app's esp_image_verify.</param>
        /// <returns>Ok with the image length, or BadMagic, BadSegmentCount, BadSegment, Truncated, ChecksumMismatch,
        /// HashMismatch, WrongChip or FlashError.</returns>
        public Esp32ImageCheck Validate(IFlashRegion region, int expectedChipId, int chipRevision, bool loading)
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

            string revision = CheckRevision(chipRevision, _buffer[15] | (_buffer[16] << 8), _buffer[17] | (_buffer[18] << 8));
            if (revision != null)
            {
                return Refuse(Esp32ImageStatus.WrongChip, revision);
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

                string placement = CheckPlacement(map, loadAddress, dataLength, (uint)(position + SegmentHeaderLength), loading);
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

        /// <summary>
        /// bootloader_common_loader.c bootloader_common_check_chip_revision_validity (with the maximum, as for apps).
        /// </summary>
        /// <returns>Null when the chip may run the image, otherwise why not.</returns>
        private static string CheckRevision(int chipRevision, int minimum, int maximum)
        {
            if (chipRevision == AnyRevision)
            {
                return null;
            }

            if (minimum > chipRevision)
            {
                return "chip revision check failed: required >= v" + RevisionText(minimum) + ", found v" + RevisionText(chipRevision);
            }

            bool maximumSet = maximum != NoMaximumRevision && maximum != 0;
            if (maximumSet && chipRevision > maximum)
            {
                return "chip revision check failed: required <= v" + RevisionText(maximum) + ", found v" + RevisionText(chipRevision);
            }

            return null;
        }

        private static string RevisionText(int revision)
        {
            return (revision / 100).ToString() + "." + (revision % 100).ToString();
        }

        /// <summary>esp_image_format.c verify_segment_header (MMU page), should_load and, when loading,
        /// verify_load_addresses.</summary>
        /// <returns>Null when the segment is placed correctly, otherwise why not.</returns>
        private static string CheckPlacement(uint[] map, uint load, uint length, uint dataOffset, bool loading)
        {
            ulong end = (ulong)load + length;
            for (int region = IromLow; region <= DromLow; region += 2)
            {
                uint low = map[region];
                uint high = map[region + 1];
                if (load >= low && load < high)
                {
                    if (dataOffset % MmuPageSize != load % MmuPageSize)
                    {
                        return "mapped segment's load address does not match its data offset 0x" + dataOffset.ToString("x") + " modulo the 64 KiB MMU page";
                    }

                    return end <= high ? null : "mapped segment runs past the end of " + (region == IromLow ? "IROM" : "DROM");
                }
            }

            if (load < FirstLoadableAddress || length == 0)
            {
                return null;
            }

            if (loading)
            {
                return VerifyLoadAddresses(map, (long)load, (long)end, false);
            }

            ulong last = end - 1;
            for (int region = DramLow; region <= RtcDataLow; region += 2)
            {
                if (load >= map[region] && last < map[region + 1])
                {
                    return null;
                }
            }

            return "load range 0x" + load.ToString("x8") + "-0x" + ((uint)last).ToString("x8") + " is not inside one of the chip's DRAM, IRAM or RTC regions";
        }

        /// <summary>esp_image_format.c verify_load_addresses: [load, end) must be RAM the bootloader does not use itself.</summary>
        /// <returns>Null when the bootloader may load there, otherwise why not (the bootloader's own words).</returns>
        private static string VerifyLoadAddresses(uint[] map, long load, long end, bool noRecurse)
        {
            long last = end - 1;
            if (In(map, DramLow, load) && In(map, DramLow, last))
            {
                long stackTop = map[RomStackStart];
                long lowestStackPointer = stackTop - map[RomStackSize];
                if (Overlap(lowestStackPointer - StackLoadHeadroom, stackTop, load, end))
                {
                    return Invalid(load, end, "overlaps bootloader stack");
                }

                if (Overlap(map[BootloaderDramLow], map[BootloaderDramLow + 1], load, end))
                {
                    return Invalid(load, end, "overlaps bootloader data");
                }

                if (!noRecurse && Overlap(map[DiramDramLow], map[DiramDramLow + 1], load, end))
                {
                    long aliasLoad = DramToIram(map, In(map, DiramDramLow, load) ? load : map[DiramDramLow]);
                    long aliasEnd = DramToIram(map, In(map, DiramDramLow, last) ? end : map[DiramDramLow + 1]);
                    return aliasEnd < aliasLoad ? VerifyLoadAddresses(map, aliasEnd, aliasLoad, true) : VerifyLoadAddresses(map, aliasLoad, aliasEnd, true);
                }

                return null;
            }

            if (In(map, IramLow, load) && In(map, IramLow, last))
            {
                if (Overlap(map[LoaderTextLow], map[LoaderTextLow + 1], load, end))
                {
                    return Invalid(load, end, "overlaps loader IRAM");
                }

                if (!noRecurse && Overlap(map[DiramIramLow], map[DiramIramLow + 1], load, end))
                {
                    long aliasLoad = IramToDram(map, In(map, DiramIramLow, load) ? load : map[DiramIramLow]);
                    long aliasEnd = IramToDram(map, In(map, DiramIramLow, last) ? end : map[DiramIramLow + 1]);
                    return aliasEnd < aliasLoad ? VerifyLoadAddresses(map, aliasEnd, aliasLoad, true) : VerifyLoadAddresses(map, aliasLoad, aliasEnd, true);
                }

                return null;
            }

            for (int region = RtcIramLow; region <= RtcDataLow; region += 2)
            {
                if (In(map, region, load) && In(map, region, last))
                {
                    return null;
                }
            }

            return Invalid(load, end, "bad load address range");
        }

        private static bool In(uint[] map, int region, long address)
        {
            return address >= map[region] && address < map[region + 1];
        }

        /// <summary>bootloader_util_regions_overlap.</summary>
        private static bool Overlap(long start1, long end1, long start2, long end2)
        {
            return end1 > start2 && end2 > start1;
        }

        /// <summary>bootloader_memory_utils.h esp_ptr_diram_dram_to_iram.</summary>
        private static long DramToIram(uint[] map, long address)
        {
            return map[DiramInverted] != 0
                ? map[DiramIramLow] + (map[DiramDramLow + 1] - address) - 4
                : map[DiramIramLow] + (address - map[DiramDramLow]);
        }

        /// <summary>bootloader_memory_utils.h esp_ptr_diram_iram_to_dram.</summary>
        private static long IramToDram(uint[] map, long address)
        {
            return map[DiramInverted] != 0
                ? map[DiramDramLow] + (map[DiramIramLow + 1] - address) - 4
                : map[DiramDramLow] + (address - map[DiramIramLow]);
        }

        private static string Invalid(long load, long end, string reason)
        {
            return "0x" + ((uint)load).ToString("x8") + "-0x" + ((uint)end).ToString("x8") + " invalid: " + reason;
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
