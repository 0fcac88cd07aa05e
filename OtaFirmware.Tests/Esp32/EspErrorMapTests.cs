// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Esp32
{
    [TestClass]
    public class EspErrorMapTests
    {
        private static readonly int[] Codes = { 0, 0x102, 0x104, 0x1503, 0x1505, 0x1501, 0x105, -1, 0x10B, 0x6001 };

        private static readonly FlashStatus[] Statuses =
        {
            FlashStatus.Ok, FlashStatus.OutOfRange, FlashStatus.Unaligned, FlashStatus.InvalidImage,
            FlashStatus.NoRollbackTarget, FlashStatus.FlashError, FlashStatus.FlashError, FlashStatus.FlashError,
            FlashStatus.FlashError, FlashStatus.FlashError,
        };

        [TestMethod]
        public void ToResult_KnownCodes_MappedWithTheCodeKept()
        {
            for (int i = 0; i < Codes.Length; i++)
            {
                FlashResult result = EspErrorMap.ToResult(Codes[i]);
                Assert.AreEqual((int)Statuses[i], (int)result.Status, Codes[i].ToString());
                Assert.AreEqual(Codes[i], result.PlatformCode, Codes[i].ToString());
                Assert.AreEqual(Codes[i] == 0, result.IsOk, Codes[i].ToString());
            }
        }

        [TestMethod]
        public void ToResult_FlashDriverFailure_ReadsStatusAndEspErr()
        {
            Assert.AreEqual("FlashError (esp_err 0x105 ESP_ERR_NOT_FOUND)", EspErrorMap.ToResult(0x105).ToString());
            Assert.AreEqual("FlashError (esp_err 0x6001 ESP_ERR_FLASH_OP_FAIL)", EspErrorMap.ToResult(0x6001).ToString());
            Assert.AreEqual("Ok", EspErrorMap.ToResult(0).ToString());
        }

        [TestMethod]
        public void ToImageState_EspStatesAndFailures_Mapped()
        {
            Assert.AreEqual((int)ImageState.New, (int)EspErrorMap.ToImageState(0, 0));
            Assert.AreEqual((int)ImageState.PendingVerify, (int)EspErrorMap.ToImageState(0, 1));
            Assert.AreEqual((int)ImageState.Valid, (int)EspErrorMap.ToImageState(0, 2));
            Assert.AreEqual((int)ImageState.Invalid, (int)EspErrorMap.ToImageState(0, 3));
            Assert.AreEqual((int)ImageState.Aborted, (int)EspErrorMap.ToImageState(0, 4));
            Assert.AreEqual((int)ImageState.Undefined, (int)EspErrorMap.ToImageState(0, -1));
            Assert.AreEqual((int)ImageState.Undefined, (int)EspErrorMap.ToImageState(0x105, 1));
            Assert.AreEqual((int)ImageState.Undefined, (int)EspErrorMap.ToImageState(0x106, 2));
        }

        [TestMethod]
        public void Describe_KnownAndUnknown_HexWithName()
        {
            Assert.AreEqual("esp_err 0x1503 ESP_ERR_OTA_VALIDATE_FAILED", EspErrorMap.Describe(0x1503));
            Assert.AreEqual("esp_err -1 ESP_FAIL", EspErrorMap.Describe(-1));
            Assert.AreEqual("esp_err 0x10B", EspErrorMap.Describe(0x10B));
        }
    }
}
