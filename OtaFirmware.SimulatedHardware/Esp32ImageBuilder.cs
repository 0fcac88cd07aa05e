// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Esp32;
using OtaFirmware.Integrity;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// Builds app images with the real ESP32 structure for the simulator and tests: the 24-byte header (hash_appended = 1,
    /// the board's flash size, the chip revisions the image allows: by default from v0.0 to ESP-IDF v5's
    /// CONFIG_ESP_REV_MAX_FULL default), three segments (DROM starting with a 256-byte esp_app_desc_t, IRAM, IROM) of
    /// deterministic pseudo-random bytes, zero padding, the 0xEF-seeded XOR checksum as the last byte of a 16-byte block,
    /// and the appended SHA-256.
    /// </summary>
    /// <remarks>
    /// Segments sit at the chip's own addresses (soc.h of ESP-IDF v5.5) so that the images pass the bootloader's
    /// checks and esptool's image-info (which reads esp_app_desc_t from the DROM segment): DROM on its first MMU page
    /// at data offset 0x20, IRAM at most 32 KiB at the start of IRAM, IROM mapped at the MMU page of its own data offset
    /// (load address ≡ data offset modulo 64 KiB, as esp_image_format.c requires), so DROM and IROM never share a page.
    /// </remarks>
    public static class Esp32ImageBuilder
    {
        /// <summary>Smallest image the builder makes.</summary>
        public const int MinimumSize = 512;

        private const int SegmentCount = 3;
        private const int AppDescriptorLength = 256;
        private const int MaxIramLength = 0x8000;

        // DROM low, IRAM low (the entry point), IROM low: components/soc/<chip>/include/soc/soc.h.
        private static readonly uint[] Esp32Addresses = new uint[] { 0x3F400000, 0x40080000, 0x400D0000 };
        private static readonly uint[] Esp32S3Addresses = new uint[] { 0x3C000000, 0x40378000, 0x42000000 };

        /// <summary>Builds an image of exactly <paramref name="totalSize"/> bytes (a multiple of 16, at least 512).</summary>
        /// <param name="version">esp_app_desc_t.version (at most 31 bytes are kept).</param>
        /// <param name="projectName">esp_app_desc_t.project_name (at most 31 bytes are kept).</param>
        /// <param name="chipId">esp_image_header_t.chip_id (0 ESP32, 9 ESP32-S3).</param>
        /// <param name="totalSize">Length of the whole image including checksum padding and hash.</param>
        /// <param name="seed">Seed of the payload bytes: the same arguments give the same image.</param>
        /// <returns>The image.</returns>
        public static byte[] Build(string version, string projectName, int chipId, int totalSize, int seed)
        {
            return Build(version, projectName, chipId, totalSize, seed, chipId == Esp32ImageHeader.ChipEsp32S3 ? 0x800000 : 0x400000);
        }

        /// <summary>Builds an image of exactly <paramref name="totalSize"/> bytes for a board of <paramref name="flashSize"/> bytes.</summary>
        /// <param name="version">esp_app_desc_t.version (at most 31 bytes are kept).</param>
        /// <param name="projectName">esp_app_desc_t.project_name (at most 31 bytes are kept).</param>
        /// <param name="chipId">esp_image_header_t.chip_id (0 ESP32, 9 ESP32-S3).</param>
        /// <param name="totalSize">Length of the whole image including checksum padding and hash.</param>
        /// <param name="seed">Seed of the payload bytes: the same arguments give the same image.</param>
        /// <param name="flashSize">The board's flash size, 1, 2, 4, 8 or 16 MiB (spi_size in the header).</param>
        /// <returns>The image.</returns>
        public static byte[] Build(string version, string projectName, int chipId, int totalSize, int seed, int flashSize)
        {
            return Build(version, projectName, chipId, totalSize, seed, flashSize, 0);
        }

        /// <summary>Builds an image that also carries <paramref name="secureVersion"/> in esp_app_desc_t.secure_version
        /// (the anti-rollback version, CONFIG_BOOTLOADER_APP_SECURE_VERSION).</summary>
        /// <returns>The image.</returns>
        public static byte[] Build(string version, string projectName, int chipId, int totalSize, int seed, int flashSize, uint secureVersion)
        {
            return Build(version, projectName, chipId, totalSize, seed, flashSize, secureVersion, 0, DefaultMaximumRevision(chipId));
        }

        /// <summary>Builds an image whose header allows chip revisions <paramref name="minimumRevision"/> to
        /// <paramref name="maximumRevision"/> (min_chip_rev_full, max_chip_rev_full: major * 100 + minor; the legacy
        /// min_chip_rev byte gets the major, as esptool writes it).</summary>
        /// <param name="version">esp_app_desc_t.version (at most 31 bytes are kept).</param>
        /// <param name="projectName">esp_app_desc_t.project_name (at most 31 bytes are kept).</param>
        /// <param name="chipId">esp_image_header_t.chip_id (0 ESP32, 9 ESP32-S3).</param>
        /// <param name="totalSize">Length of the whole image including checksum padding and hash.</param>
        /// <param name="seed">Seed of the payload bytes: the same arguments give the same image.</param>
        /// <param name="flashSize">The board's flash size, 1, 2, 4, 8 or 16 MiB (spi_size in the header).</param>
        /// <param name="secureVersion">esp_app_desc_t.secure_version.</param>
        /// <param name="minimumRevision">min_chip_rev_full, 0 to 0xFFFF.</param>
        /// <param name="maximumRevision">max_chip_rev_full, 0 to 0xFFFF (0xFFFF: no maximum).</param>
        /// <returns>The image.</returns>
        public static byte[] Build(string version, string projectName, int chipId, int totalSize, int seed, int flashSize, uint secureVersion, int minimumRevision, int maximumRevision)
        {
            if (minimumRevision < 0 || minimumRevision > 0xFFFF)
            {
                throw new ArgumentOutOfRangeException("minimumRevision");
            }

            if (maximumRevision < 0 || maximumRevision > 0xFFFF)
            {
                throw new ArgumentOutOfRangeException("maximumRevision");
            }

            if (version == null)
            {
                throw new ArgumentNullException("version");
            }

            if (projectName == null)
            {
                throw new ArgumentNullException("projectName");
            }

            if (totalSize < MinimumSize || totalSize % 16 != 0)
            {
                throw new ArgumentOutOfRangeException("totalSize");
            }

            uint[] addresses = chipId == Esp32ImageHeader.ChipEsp32S3 ? Esp32S3Addresses : chipId == Esp32ImageHeader.ChipEsp32 ? Esp32Addresses : null;
            int sizeCode = FlashSizeCode(flashSize);
            if (addresses == null)
            {
                throw new ArgumentOutOfRangeException("chipId");
            }

            if (sizeCode < 0)
            {
                throw new ArgumentOutOfRangeException("flashSize");
            }

            byte[] image = new byte[totalSize];
            int hashOffset = totalSize - 32;

            // Segment data ends 16 bytes before the hash: 15 bytes of zero padding, then the checksum byte.
            int dataTotal = hashOffset - 16 - Esp32ImageHeader.HeaderLength - (SegmentCount * 8);
            int[] lengths = new int[SegmentCount];
            lengths[0] = AppDescriptorLength + (((dataTotal - AppDescriptorLength) / 3) & ~3);
            lengths[1] = ((dataTotal - lengths[0]) / 2) & ~3;
            if (lengths[1] > MaxIramLength)
            {
                lengths[1] = MaxIramLength;
            }

            lengths[2] = dataTotal - lengths[0] - lengths[1];

            image[0] = Esp32ImageHeader.ImageMagic;
            image[1] = SegmentCount;
            image[2] = 2; // spi_mode DIO
            image[3] = (byte)(sizeCode << 4); // spi_speed 40 MHz, spi_size
            WriteUInt32(image, 4, addresses[1]); // entry_addr: start of the IRAM segment
            image[8] = 0xEE; // wp_pin: not used
            image[12] = (byte)chipId;
            image[13] = (byte)(chipId >> 8);
            image[14] = (byte)(minimumRevision / 100); // min_chip_rev (legacy: the major only)
            image[15] = (byte)minimumRevision; // min_chip_rev_full
            image[16] = (byte)(minimumRevision >> 8);
            image[17] = (byte)maximumRevision; // max_chip_rev_full
            image[18] = (byte)(maximumRevision >> 8);
            image[23] = 1; // hash_appended

            uint random = (uint)seed * 2654435761u + 0x12345u;
            int position = Esp32ImageHeader.HeaderLength;
            for (int segment = 0; segment < SegmentCount; segment++)
            {
                // DROM data starts at offset 0x20 of its page; IROM is mapped at the page of its own data offset.
                uint load = segment == 1 ? addresses[1] : addresses[segment] + (uint)(position + 8);
                WriteUInt32(image, position, load);
                WriteUInt32(image, position + 4, (uint)lengths[segment]);
                position += 8;
                int start = position;
                if (segment == 0)
                {
                    WriteAppDescriptor(image, position, version, projectName, seed, secureVersion);
                    start += AppDescriptorLength;
                }

                for (int i = start; i < position + lengths[segment]; i++)
                {
                    random = (random * 1103515245u) + 12345u;
                    image[i] = (byte)(random >> 16);
                }

                position += lengths[segment];
            }

            byte checksum = 0xEF;
            position = Esp32ImageHeader.HeaderLength;
            for (int segment = 0; segment < SegmentCount; segment++)
            {
                position += 8;
                for (int i = position; i < position + lengths[segment]; i++)
                {
                    checksum ^= image[i];
                }

                position += lengths[segment];
            }

            image[hashOffset - 1] = checksum;
            Sha256 sha = new Sha256();
            sha.Append(image, 0, hashOffset);
            sha.Finish(image, hashOffset);
            return image;
        }

        /// <summary>CONFIG_ESP_REV_MAX_FULL's default in ESP-IDF v5 (ESP32: v3.99, ESP32-S3: v0.99).</summary>
        private static int DefaultMaximumRevision(int chipId)
        {
            return chipId == Esp32ImageHeader.ChipEsp32S3 ? 99 : 399;
        }

        private static int FlashSizeCode(int flashSize)
        {
            int code = 0;
            for (int size = 0x100000; size <= 0x1000000; size *= 2)
            {
                if (size == flashSize)
                {
                    return code;
                }

                code++;
            }

            return -1;
        }

        private static void WriteAppDescriptor(byte[] image, int offset, string version, string projectName, int seed, uint secureVersion)
        {
            WriteUInt32(image, offset, Esp32ImageHeader.AppDescriptorMagic);
            WriteUInt32(image, offset + 4, secureVersion);
            WriteText(image, offset + 16, version);
            WriteText(image, offset + 48, projectName);
            WriteText(image, offset + 80, "00:00:00");
            WriteText(image, offset + 96, "Jan  1 2026");
            WriteText(image, offset + 112, "v5.5-simulated");
            byte[] elfHash = new byte[32];
            Sha256 sha = new Sha256();
            byte[] seedBytes = new byte[4];
            WriteUInt32(seedBytes, 0, (uint)seed);
            sha.Append(seedBytes, 0, 4);
            sha.Finish(elfHash, 0);
            Array.Copy(elfHash, 0, image, offset + 144, 32);
        }

        private static void WriteText(byte[] image, int offset, string text)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(text);
            int length = bytes.Length < 31 ? bytes.Length : 31;
            Array.Copy(bytes, 0, image, offset, length);
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
