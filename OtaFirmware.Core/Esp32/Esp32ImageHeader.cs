// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Esp32
{
    /// <summary>
    /// The identifying fields at the start of an ESP32 application image: esp_image_header_t (24 bytes), the first
    /// segment header (8 bytes) and esp_app_desc_t at offset 32 (magic 0xABCD5432, version at 48, project at 80).
    /// Enough of an image to refuse a wrong file before the first byte is written to flash.
    /// </summary>
    public sealed class Esp32ImageHeader
    {
        /// <summary>esp_image_header_t.magic.</summary>
        public const byte ImageMagic = 0xE9;

        /// <summary>esp_app_desc_t.magic_word.</summary>
        public const uint AppDescriptorMagic = 0xABCD5432;

        /// <summary>Bytes needed to parse the header, segment header and the app descriptor up to the project name.</summary>
        public const int MinimumLength = 112;

        private Esp32ImageHeader()
        {
        }

        /// <summary>esp_image_header_t.segment_count.</summary>
        public int SegmentCount { get; private set; }

        /// <summary>esp_image_header_t.chip_id (ESP32 0x0000, ESP32-S3 0x0009, ...).</summary>
        public int ChipId { get; private set; }

        /// <summary>esp_image_header_t.hash_appended: a SHA-256 of the image follows it.</summary>
        public bool HashAppended { get; private set; }

        /// <summary>esp_app_desc_t.version.</summary>
        public string Version { get; private set; }

        /// <summary>esp_app_desc_t.project_name.</summary>
        public string ProjectName { get; private set; }

        /// <summary>Parses the first bytes of an image.</summary>
        /// <param name="header">The parsed header, or null.</param>
        /// <param name="reason">Why the bytes are not an application image, or null.</param>
        /// <returns>True when <paramref name="buffer"/> starts with an ESP32 application image.</returns>
        public static bool TryParse(byte[] buffer, int offset, int count, out Esp32ImageHeader header, out string reason)
        {
            header = null;
            if (count < MinimumLength)
            {
                reason = "fewer than " + MinimumLength.ToString() + " bytes";
                return false;
            }

            if (buffer[offset] != ImageMagic)
            {
                reason = "no image magic 0xE9";
                return false;
            }

            uint descriptorMagic = (uint)(buffer[offset + 32] | (buffer[offset + 33] << 8) | (buffer[offset + 34] << 16) | (buffer[offset + 35] << 24));
            if (descriptorMagic != AppDescriptorMagic)
            {
                reason = "no app descriptor (magic 0xABCD5432 at offset 32)";
                return false;
            }

            string version = ReadCString(buffer, offset + 48, 32);
            if (version == null || version.Length == 0)
            {
                reason = "app descriptor has no version";
                return false;
            }

            header = new Esp32ImageHeader();
            header.SegmentCount = buffer[offset + 1];
            header.ChipId = buffer[offset + 12] | (buffer[offset + 13] << 8);
            header.HashAppended = buffer[offset + 23] == 1;
            header.Version = version;
            header.ProjectName = ReadCString(buffer, offset + 80, 32);
            reason = null;
            return true;
        }

        private static string ReadCString(byte[] buffer, int offset, int max)
        {
            int length = 0;
            while (length < max && buffer[offset + length] != 0)
            {
                byte b = buffer[offset + length];
                if (b < 0x20 || b > 0x7E)
                {
                    return null;
                }

                length++;
            }

            if (length == max)
            {
                return null; // not NUL-terminated
            }

            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)buffer[offset + i];
            }

            return new string(chars);
        }
    }
}
