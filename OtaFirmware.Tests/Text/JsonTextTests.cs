// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
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
        public void AppendString_OutsideTheBmp_Utf8BytesNotSurrogateEscapes()
        {
            // The character reaches the payload through Encoding.UTF8 (right on both runtimes), never as two
            // surrogate halves taken from text[i] (wrong on nanoCLR, where strings are UTF-8 inside).
            string value = "v\U0001F600\u00e9";
            StringBuilder json = new StringBuilder();
            JsonText.AppendString(json, value);
            byte[] payload = JsonText.ToUtf8(json);
            byte[] inner = Encoding.UTF8.GetBytes(value);
            Assert.AreEqual(inner.Length + 2, payload.Length);
            Assert.AreEqual((int)'"', (int)payload[0]);
            Assert.AreEqual(HexText.From(inner), HexText.From(payload, 1, inner.Length));
        }

        [TestMethod]
        public void AppendString_OneEscapingRule_ShortEscapesAndU00XX()
        {
            StringBuilder json = new StringBuilder();
            JsonText.AppendString(json, "q\"b\\n\nr\rt\tc\u0001\u001f/\u00fc\U0001F600");
            Assert.AreEqual("\"q\\\"b\\\\n\\nr\\rt\\tc\\u0001\\u001f/\u00fc\U0001F600\"", json.ToString());
            json = new StringBuilder();
            JsonText.AppendString(json, null);
            Assert.AreEqual("\"\"", json.ToString());
        }
    }
}
