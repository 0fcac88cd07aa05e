// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using OtaFirmware.Gateway.Links.Mcuboot;

namespace OtaFirmware.Tests.Gateway.Links.Mcuboot
{
    [TestClass]
    public class McubootVersionTests
    {
        [TestMethod]
        public void Same_ImgtoolBuildAndZephyrSpelling_Equal()
        {
            Assert.IsTrue(McubootVersion.Same("1.2.3+9", "1.2.3.9"));
            Assert.IsTrue(McubootVersion.Same("1.2.3", "1.2.3.9"));
            Assert.IsTrue(McubootVersion.Same("1.2", "1.2.0"));
            Assert.IsFalse(McubootVersion.Same("1.2.3", "1.2.4"));
            Assert.IsFalse(McubootVersion.Same("1.2.3", null));
            Assert.IsFalse(McubootVersion.Same("1.2.x", "1.2.x"));
            Assert.IsFalse(McubootVersion.Same("1.2+3", "1.2.3"));
            Assert.IsFalse(McubootVersion.Same("256.0.0", "256.0.0"));
        }

        [TestMethod]
        public void Compare_MajorMinorRevision_Ordered()
        {
            McubootVersion a;
            McubootVersion b;
            Assert.IsTrue(McubootVersion.TryParse("1.10.0", out a));
            Assert.IsTrue(McubootVersion.TryParse("1.9.65535+7", out b));
            Assert.IsTrue(McubootVersion.Compare(a, b) > 0);
            Assert.AreEqual("1.9.65535.7", b.ToString());
        }
    }
}
