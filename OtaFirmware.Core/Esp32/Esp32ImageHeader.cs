// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;

namespace OtaFirmware.Esp32
{
    /// <summary>
    /// What the first bytes of an ESP32 app image say (esp_image_header_t at 0, esp_app_desc_t at 32): magic, segment
    /// count, chip id, whether a SHA-256 is appended, the version and project name. Used on the device to check the
    /// first chunk of a download before writing more, and by the simulator.
    /// </summary>
    public sealed class Esp32ImageHeader
    {
        /// <summary>esp_image_header_t.magic.</summary>
        public const byte ImageMagic = 0xE9;

        /// <summary>esp_app_desc_t.magic_word.</summary>
        public const uint AppDescriptorMagic = 0xABCD5432;

        /// <summary>Bytes needed to parse: the header, the first segment header and the descriptor up to the version.</summary>
        public const int MinimumLength = 80;

        /// <summary>Bytes that also hold the project name.</summary>
        public const int LengthWithProjectName = 112;

        /// <summary>Size of esp_image_header_t.</summary>
        public const int HeaderLength = 24;

        /// <summary>Offset of esp_app_desc_t in the image (header + first segment header).</summary>
        public const int AppDescriptorOffset = 32;

        /// <summary>ESP_IMAGE_MAX_SEGMENTS.</summary>
        public const int MaxSegments = 16;

        /// <summary>esp_chip_id_t of the ESP32.</summary>
        public const int ChipEsp32 = 0x0000;

        /// <summary>esp_chip_id_t of the ESP32-S3.</summary>
        public const int ChipEsp32S3 = 0x0009;

        private Esp32ImageHeader(Esp32ImageStatus status, string detail)
        {
            Status = status;
            Detail = detail;
            Version = string.Empty;
            ProjectName = string.Empty;
        }

        /// <summary>Ok, or why the bytes are not an app image: TooShort, BadMagic, BadSegmentCount or NoAppDescriptor.</summary>
        public Esp32ImageStatus Status { get; private set; }

        /// <summary>A short English description.</summary>
        public string Detail { get; private set; }

        /// <summary>True when <see cref="Status"/> is Ok.</summary>
        public bool IsOk
        {
            get { return Status == Esp32ImageStatus.Ok; }
        }

        /// <summary>esp_image_header_t.segment_count.</summary>
        public int SegmentCount { get; private set; }

        /// <summary>esp_image_header_t.chip_id (0 ESP32, 9 ESP32-S3).</summary>
        public int ChipId { get; private set; }

        /// <summary>esp_image_header_t.hash_appended is not 0 (a SHA-256 follows the checksum block).</summary>
        public bool HashAppended { get; private set; }

        /// <summary>esp_app_desc_t.secure_version.</summary>
        public uint SecureVersion { get; private set; }

        /// <summary>esp_app_desc_t.version (up to the first NUL, at most 32 bytes).</summary>
        public string Version { get; private set; }

        /// <summary>esp_app_desc_t.project_name, empty when fewer than 112 bytes were given.</summary>
        public string ProjectName { get; private set; }

        /// <summary>Parses <paramref name="count"/> bytes of <paramref name="buffer"/> at <paramref name="offset"/> (the image start).</summary>
        /// <returns>The header; check <see cref="Status"/>.</returns>
        public static Esp32ImageHeader Parse(byte[] buffer, int offset, int count)
        {
            if (buffer == null)
            {
                throw new ArgumentNullException("buffer");
            }

            if (offset < 0 || count < 0 || offset > buffer.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            if (count < MinimumLength)
            {
                return new Esp32ImageHeader(Esp32ImageStatus.TooShort, "need 80 bytes, got " + count.ToString());
            }

            if (buffer[offset] != ImageMagic)
            {
                return new Esp32ImageHeader(Esp32ImageStatus.BadMagic, "first byte is not 0xE9");
            }

            int segments = buffer[offset + 1];
            if (segments == 0 || segments > MaxSegments)
            {
                return new Esp32ImageHeader(Esp32ImageStatus.BadSegmentCount, "segment count " + segments.ToString() + " is not 1..16");
            }

            if (ReadUInt32(buffer, offset + AppDescriptorOffset) != AppDescriptorMagic)
            {
                return new Esp32ImageHeader(Esp32ImageStatus.NoAppDescriptor, "no app descriptor magic at offset 32");
            }

            Esp32ImageHeader header = new Esp32ImageHeader(Esp32ImageStatus.Ok, "ok");
            header.SegmentCount = segments;
            header.ChipId = buffer[offset + 12] | (buffer[offset + 13] << 8);
            header.HashAppended = buffer[offset + 23] != 0;
            header.SecureVersion = ReadUInt32(buffer, offset + AppDescriptorOffset + 4);
            header.Version = ReadText(buffer, offset + 48, 32);
            if (count >= LengthWithProjectName)
            {
                header.ProjectName = ReadText(buffer, offset + 80, 32);
            }

            return header;
        }

        private static string ReadText(byte[] buffer, int offset, int maxLength)
        {
            int length = 0;
            while (length < maxLength && buffer[offset + length] != 0)
            {
                length++;
            }

            return Encoding.UTF8.GetString(buffer, offset, length);
        }

        private static uint ReadUInt32(byte[] data, int offset)
        {
            return data[offset] | ((uint)data[offset + 1] << 8) | ((uint)data[offset + 2] << 16) | ((uint)data[offset + 3] << 24);
        }
    }
}
