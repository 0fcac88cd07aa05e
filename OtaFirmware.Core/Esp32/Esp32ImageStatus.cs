// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Esp32
{
    /// <summary>Why bytes are not an acceptable ESP32 app image. Values are pinned: they appear in logs and reports.</summary>
    public enum Esp32ImageStatus
    {
        /// <summary>The image (or header) is acceptable.</summary>
        Ok = 0,

        /// <summary>Fewer bytes than the header and app descriptor need.</summary>
        TooShort = 1,

        /// <summary>The first byte is not 0xE9.</summary>
        BadMagic = 2,

        /// <summary>The segment count is 0 or above 16.</summary>
        BadSegmentCount = 3,

        /// <summary>No esp_app_desc_t magic 0xABCD5432 at offset 32.</summary>
        NoAppDescriptor = 4,

        /// <summary>A segment length is not a multiple of 4.</summary>
        BadSegment = 5,

        /// <summary>The segments, checksum or appended hash run past the end of the region.</summary>
        Truncated = 6,

        /// <summary>The 0xEF-seeded XOR checksum byte does not match the segment data.</summary>
        ChecksumMismatch = 7,

        /// <summary>The appended SHA-256 does not match the image.</summary>
        HashMismatch = 8,

        /// <summary>The header names another chip.</summary>
        WrongChip = 9,

        /// <summary>Reading the flash failed.</summary>
        FlashError = 10,
    }
}
