// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Text;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Text
{
    [TestClass]
    public class HexTests
    {
        [TestMethod]
        public void TryParse_MixedCase_SameBytes()
        {
            byte[] lower;
            byte[] upper;
            string reason;
            Assert.IsTrue(Hex.TryParse("00ff7a", 3, out lower, out reason));
            Assert.IsTrue(Hex.TryParse("00FF7A", 3, out upper, out reason));
            CollectionAssert.AreEqual(new byte[] { 0x00, 0xFF, 0x7A }, lower);
            CollectionAssert.AreEqual(lower, upper);
            Assert.AreEqual("00ff7a", Hex.ToLower(upper));
        }

        [TestMethod]
        public void TryParse_WrongLengthOrCharacter_ReasonNamesIt()
        {
            byte[] bytes;
            string reason;
            Assert.IsFalse(Hex.TryParse("00ff7", 3, out bytes, out reason));
            Assert.AreEqual("is 5 characters, expected 6 hex digits", reason);
            Assert.IsNull(bytes);
            Assert.IsFalse(Hex.TryParse("00fg7a", 3, out bytes, out reason));
            Assert.AreEqual("has a non-hex character at 3", reason);
            Assert.IsFalse(Hex.TryParse("0x00ff", 3, out bytes, out reason));
            Assert.AreEqual("has a non-hex character at 1", reason);
            Assert.IsFalse(Hex.TryParse(" 0ff7a", 3, out bytes, out reason));
            Assert.IsFalse(Hex.TryParse(null, 3, out bytes, out reason));
            Assert.AreEqual("is empty", reason);
        }
    }
}
