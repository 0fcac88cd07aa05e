// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// The board partition tables as text, for code that cannot read files (portable tests, the emulator). They are
    /// identical to boards/esp32-4mb/partitions.csv and boards/esp32s3-8mb/partitions.csv (a host test checks it).
    /// </summary>
    public static class BoardLayouts
    {
        /// <summary>Flash size of the ESP32 4 MB board.</summary>
        public const int Esp32FlashSize = 0x400000;

        /// <summary>Flash size of the ESP32-S3 8 MB board.</summary>
        public const int Esp32S3FlashSize = 0x800000;

        /// <summary>boards/esp32-4mb/partitions.csv.</summary>
        public const string Esp32FourMegabytes =
            "# OtaFirmware ESP32 4 MB layout (partition table at 0x8000, first partition at 0x9000).\n" +
            "# ota_0, ota_1: two equal app slots of 0x1B0000 (1728 KiB) each, for nanoCLR builds of ~1.6-1.7 MB.\n" +
            "# otarec: 0x2000 (two 4 KiB sectors, custom type 0x40 subtype 0x00) OTA resume journal. deploy: 0x5E000 (376 KiB) nanoFramework managed code.\n" +
            "# config: 0x30000 (192 KiB) littlefs. Total 0x400000.\n" +
            "# Name,   Type, SubType,  Offset,   Size,     Flags\n" +
            "nvs,      data, nvs,      0x9000,   0x4000,\n" +
            "otadata,  data, ota,      0xd000,   0x2000,\n" +
            "phy_init, data, phy,      0xf000,   0x1000,\n" +
            "ota_0,    app,  ota_0,    0x10000,  0x1B0000,\n" +
            "ota_1,    app,  ota_1,    0x1C0000, 0x1B0000,\n" +
            "otarec,   0x40, 0x00,     0x370000, 0x2000,\n" +
            "deploy,   data, 0x84,     0x372000, 0x5E000,\n" +
            "config,   data, littlefs, 0x3D0000, 0x30000,\n";

        /// <summary>boards/esp32s3-8mb/partitions.csv.</summary>
        public const string Esp32S3EightMegabytes =
            "# OtaFirmware ESP32-S3 8 MB layout (partition table at 0x8000, first partition at 0x9000).\n" +
            "# ota_0, ota_1: two equal app slots of 0x350000 (3392 KiB) each, for nanoCLR builds of ~1.6-1.9 MB with room to grow.\n" +
            "# otarec: 0x2000 (two 4 KiB sectors, custom type 0x40 subtype 0x00) OTA resume journal. deploy: 0x8E000 (568 KiB) nanoFramework managed code.\n" +
            "# staging: 0x80000 (512 KiB, custom type 0x40 subtype 0x01) gateway sub-device images. config: 0x40000 (256 KiB) littlefs.\n" +
            "# Total 0x800000.\n" +
            "# Name,   Type, SubType,  Offset,   Size,     Flags\n" +
            "nvs,      data, nvs,      0x9000,   0x4000,\n" +
            "otadata,  data, ota,      0xd000,   0x2000,\n" +
            "phy_init, data, phy,      0xf000,   0x1000,\n" +
            "ota_0,    app,  ota_0,    0x10000,  0x350000,\n" +
            "ota_1,    app,  ota_1,    0x360000, 0x350000,\n" +
            "otarec,   0x40, 0x00,     0x6B0000, 0x2000,\n" +
            "deploy,   data, 0x84,     0x6B2000, 0x8E000,\n" +
            "staging,  0x40, 0x01,     0x740000, 0x80000,\n" +
            "config,   data, littlefs, 0x7C0000, 0x40000,\n";
    }
}
