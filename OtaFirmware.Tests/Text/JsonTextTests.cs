// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Text;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Text
{
    [TestClass]
    public class JsonTextTests
    {
        [TestMethod]
        public void LimitMessage_TextAndDetail_JoinedOrTextAloneAndCut()
        {
            Assert.AreEqual("rejected: size is zero", JsonText.LimitMessage("rejected", "size is zero"));
            Assert.AreEqual("rejected", JsonText.LimitMessage("rejected", null));
            Assert.AreEqual("rejected", JsonText.LimitMessage("rejected", string.Empty));
            string joined = JsonText.LimitMessage("rejected", new string('x', 200));
            Assert.AreEqual(JsonText.MaxMessageLength, joined.Length);
            Assert.AreEqual("rejected: xx", joined.Substring(0, 12));
        }

        [TestMethod]
        public void FailureMessage_DetailOrFallback_Cut()
        {
            Assert.AreEqual("flash write at 0x1000 failed", JsonText.FailureMessage(UpdateResult.Fail(UpdateError.FlashError, 0, "flash write at 0x1000 failed"), "upgrade failed"));
            Assert.AreEqual("upgrade failed", JsonText.FailureMessage(UpdateResult.Fail(UpdateError.FlashError, 0, string.Empty), "upgrade failed"));
            Assert.AreEqual("upgrade failed", JsonText.FailureMessage(null, "upgrade failed"));
            Assert.AreEqual(JsonText.MaxMessageLength, JsonText.FailureMessage(UpdateResult.Fail(UpdateError.FlashError, 0, new string('d', 300)), "upgrade failed").Length);
        }
    }
}
