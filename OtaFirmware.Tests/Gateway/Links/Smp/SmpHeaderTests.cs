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
    public class SmpHeaderTests
    {
        [TestMethod]
        public void WriteTo_ImageUpload_BigEndianLayout()
        {
            SmpHeader header = new SmpHeader();
            header.Set((int)SmpOperation.Write, 0x0102, SmpCommands.ImageUpload, 0xAB, 0x0304);
            byte[] buffer = new byte[10];
            header.WriteTo(buffer, 1);
            Assert.AreEqual("00020003040102ab0100", HexText.From(buffer, 0, 10));
        }

        [TestMethod]
        public void TryReadFrom_ResponseWithVersionBits_FieldsBack()
        {
            byte[] packet = HexText.ToBytes("0b0000010001070ea0");
            SmpHeader header = new SmpHeader();
            Assert.IsTrue(header.TryReadFrom(packet, 0, packet.Length));
            Assert.AreEqual((int)SmpOperation.WriteResponse, header.Operation);
            Assert.AreEqual(1, header.Version);
            Assert.AreEqual(1, header.DataLength);
            Assert.AreEqual(1, header.Group);
            Assert.AreEqual(7, header.Sequence);
            Assert.AreEqual(14, header.Command);
        }

        [TestMethod]
        public void TryReadFrom_ShortReservedBitsOrLengthMismatch_False()
        {
            SmpHeader header = new SmpHeader();
            byte[] shortPacket = HexText.ToBytes("03000000000100");
            Assert.IsFalse(header.TryReadFrom(shortPacket, 0, shortPacket.Length));
            byte[] reserved = HexText.ToBytes("2300000000010001");
            Assert.IsFalse(header.TryReadFrom(reserved, 0, reserved.Length));
            byte[] mismatch = HexText.ToBytes("0300000200010001a0");
            Assert.IsFalse(header.TryReadFrom(mismatch, 0, mismatch.Length));
        }
    }
}
