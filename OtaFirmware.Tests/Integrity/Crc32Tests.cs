// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Integrity;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Integrity
{
    [TestClass]
    public class Crc32Tests
    {
        [TestMethod]
        public void Update_CheckString_GivesStandardCheckValue()
        {
            byte[] data = Encoding.UTF8.GetBytes("123456789");

            Assert.AreEqual(0xCBF43926u, Crc32.Update(0, data, 0, data.Length));
        }

        [TestMethod]
        public void Update_EmptyInput_ReturnsInitialValue()
        {
            byte[] data = new byte[4];

            Assert.AreEqual(0u, Crc32.Update(0, data, 0, 0));
            Assert.AreEqual(0xFFFFFFFFu, Crc32.Update(0xFFFFFFFF, data, 2, 0));
        }

        [TestMethod]
        public void Update_InPieces_EqualsOneCall()
        {
            byte[] data = Encoding.UTF8.GetBytes("123456789");
            uint crc = 0;
            crc = Crc32.Update(crc, data, 0, 4);
            crc = Crc32.Update(crc, data, 4, 5);

            Assert.AreEqual(0xCBF43926u, crc);
        }

        [TestMethod]
        public void Update_OtadataSequenceOne_MatchesEspIdfEntryCrc()
        {
            // esp_ota_select_entry_t.crc = esp_rom_crc32_le(UINT32_MAX, &ota_seq, 4); for ota_seq = 1 an ESP-IDF
            // otadata dump shows 9a 98 43 47 at offset 28 (zlib.crc32(b"\x01\0\0\0", 0xFFFFFFFF)).
            Assert.AreEqual(0x4743989Au, Crc32.Update(0xFFFFFFFF, new byte[] { 1, 0, 0, 0 }, 0, 4));
            Assert.AreEqual(0x55F63774u, Crc32.Update(0xFFFFFFFF, new byte[] { 2, 0, 0, 0 }, 0, 4));
        }

        [TestMethod]
        public void Update_RangeOutsideBuffer_Throws()
        {
            TestAssert.Throws(typeof(System.ArgumentOutOfRangeException), delegate { Crc32.Update(0, new byte[4], 2, 3); });
            TestAssert.Throws(typeof(System.ArgumentNullException), delegate { Crc32.Update(0, null, 0, 0); });
        }
    }
}
