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
    public class UpdateJobTests
    {
        [TestMethod]
        public void IsSameImage_DifferentUrlSameImage_True()
        {
            byte[] md5 = new byte[16];
            md5[3] = 7;
            UpdateJob a = new UpdateJob("1.1.0", 1000, md5, null, "https://a/x.bin?sig=1", "t1");
            UpdateJob b = new UpdateJob("1.1.0", 1000, (byte[])md5.Clone(), null, "https://b/y.bin?sig=2", "t2");
            Assert.IsTrue(a.IsSameImage(b));
        }

        [TestMethod]
        public void IsSameImage_DifferentDigestOrSizeOrVersion_False()
        {
            byte[] md5 = new byte[16];
            byte[] other = new byte[16];
            other[15] = 1;
            UpdateJob a = new UpdateJob("1.1.0", 1000, md5, null, "u", null);
            Assert.IsFalse(a.IsSameImage(new UpdateJob("1.1.0", 1000, other, null, "u", null)));
            Assert.IsFalse(a.IsSameImage(new UpdateJob("1.1.0", 1001, md5, null, "u", null)));
            Assert.IsFalse(a.IsSameImage(new UpdateJob("1.2.0", 1000, md5, null, "u", null)));
            Assert.IsFalse(a.IsSameImage(new UpdateJob("1.1.0", 1000, md5, new byte[32], "u", null)));
            Assert.IsFalse(a.IsSameImage(null));
        }
    }
}
