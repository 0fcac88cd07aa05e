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
    public class Utf8Tests
    {
        // Hex of a byte sequence, and the index of its first bad byte (-1: valid).
        private static readonly string[] Sequences = new string[]
        {
            "7b7d", "e59bbae4bbb6", "f09f9880", "c2a0", "7bc0af7d", "7bc0807d", "eda080", "e4ba", "f5808080", "f4908080", "7b007d",
            "80", "c1bf", "e08080", "f08f8080",
        };

        private static readonly int[] FirstBad = new int[] { -1, -1, -1, -1, 1, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0 };

        [TestMethod]
        public void FindInvalid_StrictTable_FirstBadByte()
        {
            for (int i = 0; i < Sequences.Length; i++)
            {
                byte[] bytes = HexText.ToBytes(Sequences[i]);
                Assert.AreEqual(FirstBad[i], Utf8.FindInvalid(bytes, 0, bytes.Length), Sequences[i]);
            }
        }

        [TestMethod]
        public void Encode_EveryLength_SameAsEncodingUtf8()
        {
            int[] codePoints = new int[] { 0x41, 0xE9, 0x6C34, 0x1F600, 0x10FFFF };
            string[] texts = new string[] { "A", "\u00e9", "\u6c34", "\U0001F600", "\U0010FFFF" };
            byte[] buffer = new byte[4];
            for (int i = 0; i < codePoints.Length; i++)
            {
                int length = Utf8.Encode(codePoints[i], buffer, 0);
                Assert.AreEqual(HexText.From(Encoding.UTF8.GetBytes(texts[i])), HexText.From(buffer, 0, length));
            }

            Assert.AreEqual(0, Utf8.Encode(0xD800, buffer, 0));
            Assert.AreEqual(0, Utf8.Encode(0x110000, buffer, 0));
            Assert.AreEqual(0, Utf8.Encode(0x1F600, buffer, 1));
        }
    }
}
