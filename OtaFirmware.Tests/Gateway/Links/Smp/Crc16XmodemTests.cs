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
    public class Crc16XmodemTests
    {
        [TestMethod]
        public void Compute_CheckString_0x31C3()
        {
            // CRC-16/XMODEM check value; also python3 binascii.crc_hqx(b"123456789", 0).
            byte[] data = Encoding.UTF8.GetBytes("123456789");
            Assert.AreEqual(0x31C3, Crc16Xmodem.Compute(data, 0, data.Length, 0));
        }

        [TestMethod]
        public void Compute_EchoPacket_MatchesPythonVector()
        {
            byte[] packet = HexText.ToBytes("0200000900004200a161646568656c6c6f");
            Assert.AreEqual(0xC109, Crc16Xmodem.Compute(packet, 0, packet.Length, 0));
        }

        [TestMethod]
        public void Compute_InPiecesAndWithCrcAppended_ContinuesAndGivesZero()
        {
            byte[] data = Encoding.UTF8.GetBytes("123456789\x31\xC3");
            data[9] = 0x31;
            data[10] = 0xC3;
            int first = Crc16Xmodem.Compute(data, 0, 4, 0);
            Assert.AreEqual(0x31C3, Crc16Xmodem.Compute(data, 4, 5, first));
            Assert.AreEqual(0, Crc16Xmodem.Compute(data, 0, 11, 0));
        }
    }
}
