// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Esp32
{
    [TestClass]
    public class ChipIdsTests
    {
        private static readonly string[] Names =
        {
            "ESP32_REV0", "ESP32_REV3", "ESP32_PSRAM_REV3", "esp32_psram_rev0", "ESP32_S3", "ESP32_S3_ALL",
            "ESP32_S3_BLE", "ESP32_S2_USB", "ESP32_C3", "ESP32_C6_THREAD", "ESP32_H2_THREAD", "ESP32_P4",
            "ESP32_LILYGO", "ST_STM32F769I_DISCOVERY", "", TableCell.Null,
        };

        private static readonly int[] Ids =
        {
            ChipIds.Esp32, ChipIds.Esp32, ChipIds.Esp32, ChipIds.Esp32, ChipIds.Esp32S3, ChipIds.Esp32S3,
            ChipIds.Esp32S3, ChipIds.Esp32S2, ChipIds.Esp32C3, ChipIds.Esp32C6, ChipIds.Esp32H2, ChipIds.Esp32P4,
            ChipIds.Esp32, ChipIds.Unknown, ChipIds.Unknown, ChipIds.Unknown,
        };

        [TestMethod]
        public void FromTargetName_NanoFrameworkTargets_ImageHeaderChipId()
        {
            for (int i = 0; i < Names.Length; i++)
            {
                Assert.AreEqual(Ids[i], ChipIds.FromTargetName(TableCell.Value(Names[i])), TableCell.Value(Names[i]) == null ? "null" : TableCell.Value(Names[i]));
            }
        }
    }
}
