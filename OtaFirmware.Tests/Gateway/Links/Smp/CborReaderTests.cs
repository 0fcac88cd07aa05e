// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

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
    public class CborReaderTests
    {
        // Inputs that must be refused with a status (never an exception) by Skip.
        private static readonly string[] MalformedHex = new string[]
        {
            "",             // nothing
            "18",           // uint8 with its byte missing
            "1b000000",     // uint64 truncated
            "1c",           // reserved additional information 28
            "5f4101ff",     // indefinite byte string: unsupported
            "44010203",     // byte string shorter than announced
            "7bffffffffffffffff", // absurd text length
            "9bffffffffffffffff", // absurd array length
            "a2616101",     // map with a missing pair
            "ff",           // break outside a container
            "9f01",         // indefinite array without break
            "f8",           // simple value with its byte missing
        };

        private static readonly int[] MalformedStatus = new int[]
        {
            (int)CborStatus.EndOfData, (int)CborStatus.EndOfData, (int)CborStatus.EndOfData, (int)CborStatus.Malformed,
            (int)CborStatus.Unsupported, (int)CborStatus.EndOfData, (int)CborStatus.EndOfData, (int)CborStatus.Malformed,
            (int)CborStatus.EndOfData, (int)CborStatus.Malformed, (int)CborStatus.EndOfData, (int)CborStatus.EndOfData,
        };

        [TestMethod]
        public void RoundTrip_SmpUploadShapedMap_ValuesBack()
        {
            byte[] buffer = new byte[128];
            byte[] data = new byte[] { 9, 8, 7, 6, 5 };
            CborWriter writer = new CborWriter(buffer, 0, buffer.Length);
            writer.WriteMapStart(5);
            writer.WriteText("off");
            writer.WriteUInt(70000);
            writer.WriteText("rc");
            writer.WriteInt(-3);
            writer.WriteText("data");
            writer.WriteBytes(data, 0, data.Length);
            writer.WriteText("rsn");
            writer.WriteText("w\u00fcrde");
            writer.WriteText("match");
            writer.WriteBool(true);

            CborReader reader = new CborReader(buffer, 0, writer.Length);
            int pairs;
            Assert.AreEqual(CborStatus.Ok, reader.ReadMapStart(out pairs));
            Assert.AreEqual(5, pairs);
            int o;
            int l;
            Assert.AreEqual(CborStatus.Ok, reader.ReadTextString(out o, out l));
            Assert.IsTrue(reader.TextEquals(o, l, "off"));
            Assert.IsFalse(reader.TextEquals(o, l, "of"));
            long off;
            Assert.AreEqual(CborStatus.Ok, reader.ReadInt64(out off));
            Assert.AreEqual(70000L, off);
            string key;
            Assert.AreEqual(CborStatus.Ok, reader.ReadText(out key));
            Assert.AreEqual("rc", key);
            int rc;
            Assert.AreEqual(CborStatus.Ok, reader.ReadInt32(out rc));
            Assert.AreEqual(-3, rc);
            reader.ReadText(out key);
            byte[] back;
            Assert.AreEqual(CborStatus.Ok, reader.ReadBytes(out back));
            CollectionAssert.AreEqual(data, back);
            reader.ReadText(out key);
            string reason;
            Assert.AreEqual(CborStatus.Ok, reader.ReadText(out reason));
            Assert.AreEqual("w\u00fcrde", reason);
            reader.ReadText(out key);
            bool match;
            Assert.AreEqual(CborStatus.Ok, reader.ReadBool(out match));
            Assert.IsTrue(match);
            Assert.AreEqual(0, reader.Remaining);
        }

        [TestMethod]
        public void ReadMapStart_IndefiniteRfcVector_CountMinusOneAndBreak()
        {
            // {_ "a": 1, "b": [_ 2, 3]}
            byte[] input = HexText.ToBytes("bf61610161629f0203ffff");
            CborReader reader = new CborReader(input, 0, input.Length);
            int pairs;
            Assert.AreEqual(CborStatus.Ok, reader.ReadMapStart(out pairs));
            Assert.AreEqual(-1, pairs);
            Assert.AreEqual(CborStatus.Ok, reader.Skip());
            Assert.AreEqual(CborStatus.Ok, reader.Skip());
            string key;
            reader.ReadText(out key);
            Assert.AreEqual("b", key);
            int items;
            Assert.AreEqual(CborStatus.Ok, reader.ReadArrayStart(out items));
            Assert.AreEqual(-1, items);
            Assert.IsFalse(reader.TryReadBreak());
            int value;
            reader.ReadInt32(out value);
            reader.ReadInt32(out value);
            Assert.AreEqual(3, value);
            Assert.IsTrue(reader.TryReadBreak());
            Assert.IsTrue(reader.TryReadBreak());
            Assert.AreEqual(0, reader.Remaining);
        }

        [TestMethod]
        public void Skip_TagFloatNullAndNesting_SkipsWholeItem()
        {
            // [tag 1 (1363896240), 1.5 (half), null, {"x": [[]]}, 1.1 (double)] then 7
            byte[] input = HexText.ToBytes("85c11a514b67b0f93e00f6a161788180fb3ff199999999999a07");
            CborReader reader = new CborReader(input, 0, input.Length);
            Assert.AreEqual(CborStatus.Ok, reader.Skip());
            int value;
            Assert.AreEqual(CborStatus.Ok, reader.ReadInt32(out value));
            Assert.AreEqual(7, value);
        }

        [TestMethod]
        public void Skip_MalformedInputs_StatusAndPositionKept()
        {
            for (int i = 0; i < MalformedHex.Length; i++)
            {
                byte[] input = HexText.ToBytes(MalformedHex[i]);
                CborReader reader = new CborReader(input, 0, input.Length);
                Assert.AreEqual(MalformedStatus[i], (int)reader.Skip(), "input " + MalformedHex[i]);
                Assert.AreEqual(input.Length, reader.Remaining, "position moved on " + MalformedHex[i]);
            }
        }

        [TestMethod]
        public void Skip_NestingBeyondBound_TooDeep()
        {
            byte[] input = new byte[CborReader.MaxDepth + 1];
            for (int i = 0; i < input.Length - 1; i++)
            {
                input[i] = 0x81;
            }

            CborReader reader = new CborReader(input, 0, input.Length);
            Assert.AreEqual(CborStatus.TooDeep, reader.Skip());
        }

        [TestMethod]
        public void TypedReads_WrongType_TypeMismatchAndPositionKept()
        {
            byte[] input = HexText.ToBytes("6161");
            CborReader reader = new CborReader(input, 0, input.Length);
            long number;
            bool flag;
            int pairs;
            int o;
            int l;
            Assert.AreEqual(CborStatus.TypeMismatch, reader.ReadInt64(out number));
            Assert.AreEqual(CborStatus.TypeMismatch, reader.ReadBool(out flag));
            Assert.AreEqual(CborStatus.TypeMismatch, reader.ReadMapStart(out pairs));
            Assert.AreEqual(CborStatus.TypeMismatch, reader.ReadByteString(out o, out l));
            Assert.AreEqual(2, reader.Remaining);
        }

        [TestMethod]
        public void ReadInt_OutOfRange_Overflow()
        {
            byte[] big = HexText.ToBytes("1bffffffffffffffff");
            CborReader reader = new CborReader(big, 0, big.Length);
            long wide;
            ulong unsigned;
            Assert.AreEqual(CborStatus.Overflow, reader.ReadInt64(out wide));
            Assert.AreEqual(CborStatus.Ok, reader.ReadUInt64(out unsigned));
            Assert.AreEqual(ulong.MaxValue, unsigned);

            byte[] medium = HexText.ToBytes("1a80000000");
            reader.Reset(medium, 0, medium.Length);
            int narrow;
            Assert.AreEqual(CborStatus.Overflow, reader.ReadInt32(out narrow));
            Assert.AreEqual(medium.Length, reader.Remaining);
        }

        [TestMethod]
        public void Skip_PseudoRandomGarbage_NeverThrows()
        {
            byte[] input = new byte[64];
            uint state = 12345;
            for (int round = 0; round < 2000; round++)
            {
                for (int i = 0; i < input.Length; i++)
                {
                    state = state * 1664525u + 1013904223u;
                    input[i] = (byte)(state >> 24);
                }

                CborReader reader = new CborReader(input, 0, (int)(state % 64));
                while (reader.Remaining > 0 && reader.Skip() == CborStatus.Ok)
                {
                }

                CborType type;
                reader.PeekType(out type);
            }
        }
    }
}
