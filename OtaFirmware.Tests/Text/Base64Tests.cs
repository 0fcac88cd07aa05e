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
    public class Base64Tests
    {
        [TestMethod]
        public void TryDecode_BadBase64_FalseWithoutException()
        {
            // nanoCLR throws System.Exception here, .NET FormatException: both must end as a clean false.
            string[] bad = new string[] { "not base64!", "abc", "ab=c", "====", "\u00e9\u00e9\u00e9\u00e9" };
            for (int i = 0; i < bad.Length; i++)
            {
                byte[] bytes;
                Assert.IsFalse(Base64.TryDecode(bad[i], out bytes), bad[i]);
                Assert.IsNull(bytes);
            }
        }

        [TestMethod]
        public void TryDecode_ValidOrEmpty_BytesOrFalse()
        {
            byte[] bytes;
            Assert.IsTrue(Base64.TryDecode("AQID", out bytes));
            Assert.AreEqual("010203", HexText.From(bytes));
            Assert.IsFalse(Base64.TryDecode(string.Empty, out bytes));
            Assert.IsFalse(Base64.TryDecode(null, out bytes));
        }
    }
}
