// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

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
            Assert.AreEqual("None", UpdateResult.ErrorName(UpdateError.None));
            Assert.AreEqual("DigestMismatch", UpdateResult.ErrorName(UpdateError.DigestMismatch));
            Assert.AreEqual("AlreadyRunning", UpdateResult.ErrorName(UpdateError.AlreadyRunning));
            Assert.AreEqual("99", UpdateResult.ErrorName((UpdateError)99));
        }

        [TestMethod]
        public void ToString_WithPlatformCode_NamesErrorCodeAndDetail()
        {
            Assert.AreEqual("Forbidden (403): expired", UpdateResult.Fail(UpdateError.Forbidden, 403, "expired").ToString());
            Assert.AreEqual("TooLarge: big", UpdateResult.Fail(UpdateError.TooLarge, 0, "big").ToString());
        }
    }
}
