// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Update
{
    [TestClass]
    public class UpdateResultTests
    {
        [TestMethod]
        public void ErrorName_EveryValue_MatchesTheEnumMemberName()
        {
            Assert.AreEqual("Ok", UpdateResult.ErrorName(UpdateError.Ok));
            Assert.AreEqual("DigestMismatch", UpdateResult.ErrorName(UpdateError.DigestMismatch));
            Assert.AreEqual("HttpError", UpdateResult.ErrorName(UpdateError.HttpError));
            Assert.AreEqual("99", UpdateResult.ErrorName((UpdateError)99));
        }

        [TestMethod]
        public void ErrorName_RetiredValues_Number()
        {
            Assert.AreEqual("4", UpdateResult.ErrorName((UpdateError)4));
            Assert.AreEqual("19", UpdateResult.ErrorName((UpdateError)19));
        }

        [TestMethod]
        public void ToString_WithPlatformCode_NamesErrorCodeAndDetail()
        {
            Assert.AreEqual("Forbidden (403): expired", UpdateResult.Fail(UpdateError.Forbidden, 403, "expired").ToString());
            Assert.AreEqual("TooLarge: big", UpdateResult.Fail(UpdateError.TooLarge, 0, "big").ToString());
        }

        [TestMethod]
        public void FromFlash_DriverFailure_KeepsEspErrInCodeAndDetail()
        {
            UpdateResult result = UpdateResult.FromFlash(UpdateError.FlashError, FlashResult.Fail(FlashStatus.FlashError, 0x105), "flash write failed at byte 4096");

            Assert.AreEqual(0x105, result.PlatformCode);
            Assert.AreEqual("flash write failed at byte 4096: FlashError (esp_err 0x105 ESP_ERR_NOT_FOUND)", result.Detail);
            Assert.AreEqual("FlashError: flash write failed at byte 4096: FlashError (esp_err 0x105 ESP_ERR_NOT_FOUND)", result.ToString());
            Assert.IsFalse(result.IsOk);
            Assert.IsTrue(UpdateResult.Ok.IsOk);
        }
    }
}
