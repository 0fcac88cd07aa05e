// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using OtaFirmware.Tests.Fakes;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware.SubDevice;

namespace OtaFirmware.Tests.Gateway.Links.Mcuboot
{
    [TestClass]
    public class McubootImageCheckTests
    {
        [TestMethod]
        public void Check_ImgtoolImage_OkWithTlvHashAndVersion()
        {
            McubootCheckResult result = new McubootImageCheck(new Sha256(), null).Check(Image(McubootImage.Build(1, 2, 3, 9, 500, 1)));
            Assert.AreEqual(McubootCheckStatus.Ok, result.Status, result.Detail);
            CollectionAssert.AreEqual(McubootImage.HashOf(McubootImage.BuildUnsealed(1, 2, 3, 9, 500, 1)), result.Hash);
            Assert.AreEqual("1.2.3.9", result.Version);
        }

        [TestMethod]
        public void Check_BrokenImages_RefusedWithReason()
        {
            McubootImageCheck check = new McubootImageCheck(new Sha256(), null);
            Assert.AreEqual(McubootCheckStatus.BadHeader, check.Check(Image(McubootImage.BuildUnsealed(1, 0, 0, 0, 500, 1))).Status);
            byte[] padded = new byte[600];
            System.Array.Copy(McubootImage.BuildUnsealed(1, 0, 0, 0, 500, 1), padded, 532);
            Assert.AreEqual(McubootCheckStatus.BadTlvArea, check.Check(Image(padded)).Status);
            byte[] flipped = McubootImage.Build(1, 0, 0, 0, 500, 1);
            flipped[100] ^= 1;
            Assert.AreEqual(McubootCheckStatus.HashMismatch, check.Check(Image(flipped)).Status);
            byte[] noHash = McubootImage.Build(1, 0, 0, 0, 500, 1);
            noHash[532 + 4] = 0x11;
            Assert.AreEqual(McubootCheckStatus.HashMissing, check.Check(Image(noHash)).Status);
            byte[] noMagic = McubootImage.Build(1, 0, 0, 0, 500, 1);
            noMagic[0] = 0;
            Assert.AreEqual(McubootCheckStatus.BadHeader, check.Check(Image(noMagic)).Status);
            Assert.AreEqual(McubootCheckStatus.BadHeader, check.Check(Image(new byte[10])).Status);
        }

        [TestMethod]
        public void ReadInfo_BodyChanged_StillListsTlvHashAsZephyr()
        {
            byte[] flipped = McubootImage.Build(1, 0, 0, 0, 500, 1);
            flipped[100] ^= 1;
            Assert.AreEqual(McubootCheckStatus.Ok, new McubootImageCheck(new Sha256(), null).ReadInfo(Image(flipped)).Status);
        }

        [TestMethod]
        public void Check_KeyConfiguredImageUnsigned_SignatureMissing()
        {
            McubootImageCheck check = new McubootImageCheck(new Sha256(), new RefusingVerifier());
            Assert.AreEqual(McubootCheckStatus.SignatureMissing, check.Check(Image(McubootImage.Build(1, 0, 0, 0, 500, 1))).Status);
        }

        private static ByteArrayImage Image(byte[] bytes)
        {
            return new ByteArrayImage(bytes, Sha256Of.Bytes(bytes));
        }

        private sealed class RefusingVerifier : IImageSignatureVerifier
        {
            public int SignatureTlvType
            {
                get { return McubootFormat.TlvEcdsaSignature; }
            }

            public byte[] KeyHash
            {
                get { return new byte[32]; }
            }

            public bool Verify(byte[] imageHash, byte[] signature, int offset, int count)
            {
                return false;
            }
        }
    }
}
