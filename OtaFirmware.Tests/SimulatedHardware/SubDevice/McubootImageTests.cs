// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Tests.Fakes;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.SimulatedHardware.SubDevice;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.SimulatedHardware.SubDevice
{
    [TestClass]
    public class McubootImageTests
    {
        [TestMethod]
        public void Build_Header_LittleEndianMagicSizeAndVersion()
        {
            byte[] image = McubootImage.Build(1, 2, 0x0304, 0, 100, 5);
            Assert.AreEqual(132 + 40, image.Length);
            Assert.AreEqual("3db8f396", HexText.From(image, 0, 4));
            Assert.AreEqual("64000000", HexText.From(image, 12, 4));
            string version;
            Assert.IsTrue(McubootImage.TryReadVersion(image, 0, image.Length, out version));
            Assert.AreEqual("1.2.772", version);
            Assert.IsTrue(McubootImage.TryReadVersion(McubootImage.Build(3, 0, 1, 42, 0, 0), 0, 32, out version));
            Assert.AreEqual("3.0.1.42", version);
        }

        [TestMethod]
        public void Build_TlvArea_AsImgtoolWithSha256OfHeaderAndBody()
        {
            byte[] unsealed = McubootImage.BuildUnsealed(1, 2, 3, 0, 100, 5);
            byte[] image = McubootImage.Build(1, 2, 3, 0, 100, 5);

            // struct image_tlv_info { 0x6907, it_tlv_tot = 4 + 4 + 32 }, then struct image_tlv { 0x10, 32 } and the hash.
            Assert.AreEqual("07692800", HexText.From(image, 132, 4));
            Assert.AreEqual("10002000", HexText.From(image, 136, 4));
            Assert.AreEqual(HexText.From(Sha256Of.Bytes(unsealed), 0, 32), HexText.From(image, 140, 32));
        }

        [TestMethod]
        public void AddProtectedTlv_Layout_AsImgtoolWithSizeInHeaderAndAreaHashed()
        {
            byte[] unsealed = McubootImage.AddProtectedTlv(McubootImage.BuildUnsealed(1, 2, 3, 0, 100, 5), 0x50, new byte[] { 7, 0, 0, 0 });
            unsealed = McubootImage.AddProtectedTlv(unsealed, 0xa0, new byte[] { 1, 2 });
            byte[] image = McubootImage.Seal(unsealed, null, 0, null);

            // ih_protect_tlv_size = 4 (info) + 8 (SEC_CNT) + 6 (custom) = 18, then the protected area after the body:
            // { 0x6908, 18 }, { 0x50, 4 } 07000000, { 0xa0, 2 } 0102, then the unprotected area with the SHA-256 TLV.
            Assert.AreEqual("1200", HexText.From(image, 10, 2));
            Assert.AreEqual("08691200" + "50000400" + "07000000" + "a0000200" + "0102", HexText.From(image, 132, 18));
            Assert.AreEqual("07692800", HexText.From(image, 150, 4));
            Assert.AreEqual(HexText.From(Sha256Of.Bytes(unsealed), 0, 32), HexText.From(image, 158, 32));
            Assert.AreEqual(150, unsealed.Length);
        }

        [TestMethod]
        public void TryReadVersion_NoMagicOrShort_False()
        {
            byte[] image = McubootImage.Build(1, 0, 0, 0, 10, 1);
            string version;
            Assert.IsFalse(McubootImage.TryReadVersion(image, 0, 31, out version));
            image[0] ^= 1;
            Assert.IsFalse(McubootImage.TryReadVersion(image, 0, image.Length, out version));
            Assert.IsNull(version);
        }
    }
}
