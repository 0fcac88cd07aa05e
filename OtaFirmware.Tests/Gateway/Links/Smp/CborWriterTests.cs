// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Gateway.Links.Smp
{
    [TestClass]
    public class CborWriterTests
    {
        // RFC 8949 appendix A vectors.
        private static readonly long[] Integers = new long[] { 0, 23, 24, 100, 1000, 1000000, 1000000000000, -1, -10, -100, -1000 };
        private static readonly string[] IntegerHex = new string[] { "00", "17", "1818", "1864", "1903e8", "1a000f4240", "1b000000e8d4a51000", "20", "29", "3863", "3903e7" };
        private static readonly string[] Texts = new string[] { "", "a", "IETF", "\u00fc", "\u6c34", "\ud800\udd51" };
        private static readonly string[] TextHex = new string[] { "60", "6161", "6449455446", "62c3bc", "63e6b0b4", "64f0908591" };

        [TestMethod]
        public void WriteInt_Rfc8949Vectors_ShortestEncoding()
        {
            byte[] buffer = new byte[16];
            CborWriter writer = new CborWriter(buffer, 0, buffer.Length);
            for (int i = 0; i < Integers.Length; i++)
            {
                writer.Reset();
                Assert.IsTrue(writer.WriteInt(Integers[i]));
                Assert.AreEqual(IntegerHex[i], HexText.From(buffer, 0, writer.Length));
            }
        }

        [TestMethod]
        public void WriteText_Rfc8949Vectors_Utf8()
        {
            byte[] buffer = new byte[16];
            CborWriter writer = new CborWriter(buffer, 0, buffer.Length);
            for (int i = 0; i < Texts.Length; i++)
            {
                writer.Reset();
                Assert.IsTrue(writer.WriteText(Texts[i]));
                Assert.AreEqual(TextHex[i], HexText.From(buffer, 0, writer.Length));
            }
        }

        [TestMethod]
        public void WriteText_OutsideTheBmp_SameBytesAsEncodingUtf8()
        {
            // On nanoCLR strings are UTF-8 inside and text[i] is wrong outside the BMP: the bytes must come from
            // Encoding.UTF8, which both runtimes get right.
            string text = "fw \U0001F680 v2 \u6c34";
            byte[] expected = Encoding.UTF8.GetBytes(text);
            byte[] buffer = new byte[32];
            CborWriter writer = new CborWriter(buffer, 0, buffer.Length);
            Assert.IsTrue(writer.WriteText(text));
            Assert.AreEqual(1 + expected.Length, writer.Length);
            Assert.AreEqual(0x60 + expected.Length, (int)buffer[0]);
            Assert.AreEqual(HexText.From(expected), HexText.From(buffer, 1, expected.Length));
        }

#if !NANOFRAMEWORK_1_0
        [TestMethod]
        public void WriteText_LoneSurrogate_ValidUtf8ReplacementNotCesu()
        {
            // A lone UTF-16 surrogate (a cut string) must not become ED A0 80, which is not UTF-8.
            byte[] buffer = new byte[8];
            CborWriter writer = new CborWriter(buffer, 0, buffer.Length);
            Assert.IsTrue(writer.WriteText("a\ud800"));
            Assert.AreEqual("6461efbfbd", HexText.From(buffer, 0, writer.Length));
        }
#endif

        [TestMethod]
        public void WriteMap_NestedArrayBytesBool_Rfc8949Layout()
        {
            byte[] buffer = new byte[32];
            CborWriter writer = new CborWriter(buffer, 0, buffer.Length);
            writer.WriteMapStart(3);
            writer.WriteText("a");
            writer.WriteUInt(1);
            writer.WriteText("b");
            writer.WriteArrayStart(2);
            writer.WriteUInt(2);
            writer.WriteUInt(3);
            writer.WriteText("c");
            writer.WriteBytes(new byte[] { 1, 2, 3, 4 }, 0, 4);
            writer.WriteBool(false);
            writer.WriteBool(true);
            Assert.AreEqual("a3616101616282020361634401020304f4f5", HexText.From(buffer, 0, writer.Length));
        }

        [TestMethod]
        public void WriteBytes_BufferTooSmall_FalseAndNothingWritten()
        {
            byte[] buffer = new byte[6];
            CborWriter writer = new CborWriter(buffer, 0, buffer.Length);
            Assert.IsTrue(writer.WriteUInt(1));
            Assert.IsFalse(writer.WriteBytes(new byte[5], 0, 5));
            Assert.AreEqual(1, writer.Length);
            Assert.IsFalse(writer.WriteText("abcdefgh"));
            Assert.AreEqual(1, writer.Length);
            Assert.IsFalse(writer.WriteUInt(0x100000000));
            Assert.AreEqual(1, writer.Length);
        }

        [TestMethod]
        public void Constructor_BadRange_Throws()
        {
            TestAssert.Throws(typeof(System.ArgumentOutOfRangeException), delegate { new CborWriter(new byte[4], 2, 3); });
            TestAssert.Throws(typeof(System.ArgumentNullException), delegate { new CborWriter(null, 0, 0); });
        }
    }
}
