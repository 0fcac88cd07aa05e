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
        private static readonly int[] SlotCodes = { 0, 0x102, 0x104, 0x1503, 0x1505, 0x1501, 0x105, -1, 0x10B };

        private static readonly SlotStatus[] SlotStatuses =
        {
            SlotStatus.Ok, SlotStatus.OutOfRange, SlotStatus.OutOfRange, SlotStatus.InvalidImage,
            SlotStatus.NoRollbackTarget, SlotStatus.FlashError, SlotStatus.FlashError, SlotStatus.FlashError,
            SlotStatus.FlashError,
        };

        [TestMethod]
        public void ToSlotStatus_KnownCodes_Mapped()
        {
            for (int i = 0; i < SlotCodes.Length; i++)
            {
                Assert.AreEqual((int)SlotStatuses[i], (int)EspErrorMap.ToSlotStatus(SlotCodes[i]), SlotCodes[i].ToString());
            }
        }

        [TestMethod]
        public void ToFlashStatus_KnownCodes_Mapped()
        {
            Assert.AreEqual((int)FlashStatus.Ok, (int)EspErrorMap.ToFlashStatus(0));
            Assert.AreEqual((int)FlashStatus.OutOfRange, (int)EspErrorMap.ToFlashStatus(0x102));
            Assert.AreEqual((int)FlashStatus.Unaligned, (int)EspErrorMap.ToFlashStatus(0x104));
            Assert.AreEqual((int)FlashStatus.DeviceError, (int)EspErrorMap.ToFlashStatus(0x1501));
            Assert.AreEqual((int)FlashStatus.DeviceError, (int)EspErrorMap.ToFlashStatus(-1));
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
