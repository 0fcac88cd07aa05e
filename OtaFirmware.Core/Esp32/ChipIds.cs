// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Esp32
{
    /// <summary>
    /// ESP-IDF image header chip ids (<c>esp_image_header_t.chip_id</c>) and the mapping from nanoFramework target
    /// names (<c>SystemInfo.TargetName</c>, e.g. "ESP32_PSRAM_REV3", "ESP32_S3_ALL") to them, so the agent can refuse
    /// an image built for another chip.
    /// </summary>
    public static class ChipIds
    {
        /// <summary>ESP32.</summary>
        public const int Esp32 = 0x0000;

        /// <summary>ESP32-S2.</summary>
        public const int Esp32S2 = 0x0002;

        /// <summary>ESP32-C3.</summary>
        public const int Esp32C3 = 0x0005;

        /// <summary>ESP32-S3.</summary>
        public const int Esp32S3 = 0x0009;

        /// <summary>ESP32-C6.</summary>
        public const int Esp32C6 = 0x000D;

        /// <summary>ESP32-H2.</summary>
        public const int Esp32H2 = 0x0010;

        /// <summary>ESP32-P4.</summary>
        public const int Esp32P4 = 0x0012;

        /// <summary>Not an ESP32 target name.</summary>
        public const int Unknown = -1;

        /// <summary>The chip id for a nanoFramework target name (case-insensitive).</summary>
        /// <returns>The chip id; plain "ESP32..." names (REV0, REV3, PSRAM, board names starting with ESP32_) give
        /// <see cref="Esp32"/>; null or anything else gives <see cref="Unknown"/>.</returns>
        public static int FromTargetName(string targetName)
        {
            if (targetName == null)
            {
                return Unknown;
            }

            string name = targetName.Trim().ToUpper();
            if (name.IndexOf("ESP32") != 0)
            {
                return Unknown;
            }

            string rest = name.Substring(5);
            if (rest.IndexOf("_S3") == 0 || rest.IndexOf("-S3") == 0 || rest.IndexOf("S3") == 0)
            {
                return Esp32S3;
            }

            if (rest.IndexOf("_S2") == 0 || rest.IndexOf("-S2") == 0 || rest.IndexOf("S2") == 0)
            {
                return Esp32S2;
            }

            if (rest.IndexOf("_C3") == 0 || rest.IndexOf("-C3") == 0 || rest.IndexOf("C3") == 0)
            {
                return Esp32C3;
            }

            if (rest.IndexOf("_C6") == 0 || rest.IndexOf("-C6") == 0 || rest.IndexOf("C6") == 0)
            {
                return Esp32C6;
            }

            if (rest.IndexOf("_H2") == 0 || rest.IndexOf("-H2") == 0 || rest.IndexOf("H2") == 0)
            {
                return Esp32H2;
            }

            if (rest.IndexOf("_P4") == 0 || rest.IndexOf("-P4") == 0 || rest.IndexOf("P4") == 0)
            {
                return Esp32P4;
            }

            return Esp32;
        }
    }
}
