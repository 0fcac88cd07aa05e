// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds;
using OtaFirmware.Text;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Clouds
{
    [TestClass]
    public class ReportTextTests
    {
        [TestMethod]
        public void Failure_DetailOrFallback_Cut()
        {
            Assert.AreEqual("flash write at 0x1000 failed", ReportText.Failure(UpdateResult.Fail(UpdateError.FlashError, 0, "flash write at 0x1000 failed"), "upgrade failed"));
            Assert.AreEqual("upgrade failed", ReportText.Failure(UpdateResult.Fail(UpdateError.FlashError, 0, string.Empty), "upgrade failed"));
            Assert.AreEqual("upgrade failed", ReportText.Failure(null, "upgrade failed"));
            Assert.AreEqual(JsonText.MaxMessageLength, ReportText.Failure(UpdateResult.Fail(UpdateError.FlashError, 0, new string('d', 300)), "upgrade failed").Length);
        }
    }
}
