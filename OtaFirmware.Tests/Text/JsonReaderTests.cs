// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Text;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Text
{
    [TestClass]
    public class JsonReaderTests
    {
        // Text the reader must refuse, and the start of its reason.
        private static readonly string[] Refused = new string[]
        {
            "{\"a\":1,\"a\":2}", "duplicate key 'a'",
            "{\"a\":\"\\ud800\"}", "lone high surrogate",
            "{\"a\":\"\\udc00x\"}", "lone low surrogate",
            "{\"a\":\"\\u0000\"}", "\\u0000 in a string",
            "{\"a\":01}", "number with a leading zero",
            "{\"a\":1.}", "invalid number",
            "{\"a\":-}", "invalid number",
            "{\"a\":tru}", "invalid literal",
            "{\"a\":1,}", "trailing comma",
            "{\"a\":1} x", "text after the end of the value",
            "{\"a\":\"x", "unterminated string",
            "{\"a\" 1}", "expected ':'",
            "{\"a\":1 \"b\":2}", "expected ',' or '}'",
            "{'a':1}", "expected a key",
            "{\"a\":\"\\q\"}", "invalid escape",
            "{\"a\":\"\\u12\"}", "invalid \\u escape",
            "{\"a\":NaN}", "expected a value",
        };

        [TestMethod]
        public void Skip_RefusedText_FailsWithReasonAndNeverThrows()
        {
            for (int i = 0; i < Refused.Length; i += 2)
            {
                JsonReader reader = Reader(Refused[i]);
                bool ok = reader.Skip() && reader.ReadEnd();
                Assert.IsFalse(ok, Refused[i]);
                Assert.IsTrue(reader.Failed, Refused[i]);
                Assert.AreEqual(0, reader.Error.IndexOf(Refused[i + 1]), Refused[i] + " gave " + reader.Error);
                Assert.IsFalse(reader.Skip(), "a failed reader stays failed");
            }
        }

        [TestMethod]
        public void ReadFields_FlatMessage_StringsNumbersNullsAndUnknownKeysSkipped()
        {
            JsonReader reader = Reader("{\"type\":\"update_firmware\",\"file_size\":175436,\"md5sum\":null,\"x\":{\"y\":[1,true,false,null,\"z\"]},\"version\":\"1.3.0\"}");
            string[] names = new string[] { "type", "file_size", "md5sum", "version", "url" };
            string[] values = new string[names.Length];
            Assert.IsTrue(reader.ReadFields(names, values), reader.Error);
            Assert.IsTrue(reader.ReadEnd());
            Assert.AreEqual("update_firmware", values[0]);
            Assert.AreEqual("175436", values[1]);
            Assert.IsNull(values[2]);
            Assert.AreEqual("1.3.0", values[3]);
            Assert.IsNull(values[4]);
        }

        [TestMethod]
        public void ReadString_EscapesAndSurrogatePair_SameAsEncodingUtf8()
        {
            JsonReader reader = Reader("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u6c34\\ud83d\\ude00\"");
            string value;
            Assert.IsTrue(reader.ReadString(out value), reader.Error);
            string expected = "a\"b\\c/d\b\f\n\r\t\u00e9\u6c34\U0001F600";
            Assert.AreEqual(HexText.From(Encoding.UTF8.GetBytes(expected)), HexText.From(Encoding.UTF8.GetBytes(value)));
        }

        [TestMethod]
        public void ReadString_RawNonAscii_DecodedThroughEncodingUtf8()
        {
            byte[] text = Encoding.UTF8.GetBytes("\"\u56fa\u4ef6 \U0001F680\"");
            JsonReader reader = new JsonReader(text, 0, text.Length);
            string value;
            Assert.IsTrue(reader.ReadString(out value), reader.Error);
            Assert.AreEqual(HexText.From(text, 1, text.Length - 2), HexText.From(Encoding.UTF8.GetBytes(value)));
        }

        [TestMethod]
        public void Depth_SixteenAcceptedSeventeenRefused()
        {
            Assert.IsTrue(Reader(Brackets(16)).Skip());
            JsonReader deep = Reader(Brackets(17));
            Assert.IsFalse(deep.Skip());
            Assert.AreEqual(0, deep.Error.IndexOf("nesting deeper than 16"), deep.Error);
            JsonReader huge = Reader(Brackets(5000));
            Assert.IsFalse(huge.Skip());
        }

        [TestMethod]
        public void Construction_InvalidUtf8NulOrTooLarge_FailedBeforeReading()
        {
            byte[] overlong = new byte[] { 0x22, 0xC0, 0xAF, 0x22 };
            JsonReader reader = new JsonReader(overlong, 0, overlong.Length);
            Assert.IsTrue(reader.Failed);
            Assert.AreEqual(0, reader.Error.IndexOf("not valid UTF-8 (byte 1)"), reader.Error);

            byte[] nul = new byte[] { 0x22, 0x61, 0x00, 0x22 };
            Assert.IsTrue(new JsonReader(nul, 0, nul.Length).Failed);
            byte[] big = Encoding.UTF8.GetBytes("\"0123456789\"");
            Assert.IsTrue(new JsonReader(big, 0, big.Length, 16, 8).Failed);
            Assert.IsTrue(new JsonReader(null, 0, 0).Failed);
            Assert.IsTrue(new JsonReader(big, 4, 100).Failed);
            Assert.AreEqual((int)JsonToken.Invalid, (int)new JsonReader(big, 4, 100).Peek());
        }

        [TestMethod]
        public void ReadStringOrNumber_HugeNumberAndBoolean_LiteralTextOrRefused()
        {
            string digits = "-12345678901234567890123456789.5e+300";
            JsonReader reader = Reader(digits);
            string value;
            Assert.IsTrue(reader.ReadStringOrNumber(out value), reader.Error);
            Assert.AreEqual(digits, value);
            JsonReader boolean = Reader("true");
            Assert.IsFalse(boolean.ReadStringOrNumber(out value));
            Assert.AreEqual(0, boolean.Error.IndexOf("expected a string or a number, found a boolean"), boolean.Error);
        }

        [TestMethod]
        public void ReadInt32_RangeAndFractions_IntegersOnly()
        {
            int value;
            Assert.IsTrue(Reader("-2147483648").ReadInt32(out value));
            Assert.AreEqual(int.MinValue, value);
            Assert.IsTrue(Reader("2147483647").ReadInt32(out value));
            Assert.AreEqual(int.MaxValue, value);
            Assert.IsFalse(Reader("2147483648").ReadInt32(out value));
            Assert.IsFalse(Reader("99999999999999999999999").ReadInt32(out value));
            Assert.IsFalse(Reader("1.0").ReadInt32(out value));
            Assert.IsFalse(Reader("\"1\"").ReadInt32(out value));
        }

        [TestMethod]
        public void NextMember_NestedObjects_SameKeyAllowedPerObject()
        {
            JsonReader reader = Reader("{\"a\":{\"a\":{\"a\":[]}},\"b\":{\"a\":1}}");
            Assert.IsTrue(reader.Skip(), reader.Error);
            Assert.IsTrue(reader.ReadEnd());
            Assert.AreEqual(0, reader.Depth);
        }

        private static JsonReader Reader(string json)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(json);
            return new JsonReader(bytes, 0, bytes.Length);
        }

        private static string Brackets(int depth)
        {
            return new string('[', depth) + new string(']', depth);
        }
    }
}
