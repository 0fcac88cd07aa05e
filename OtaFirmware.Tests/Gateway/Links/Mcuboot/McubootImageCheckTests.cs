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

        [TestMethod]
        public void Check_ProtectedTlvs_OkWithHashOverHeaderBodyAndProtectedArea()
        {
            byte[] unsealed = Protected(McubootImage.BuildUnsealed(1, 2, 3, 0, 500, 1));
            McubootCheckResult result = new McubootImageCheck(new Sha256(), null).Check(Image(McubootImage.Seal(unsealed, null, 0, null)));
            Assert.AreEqual(McubootCheckStatus.Ok, result.Status, result.Detail);
            CollectionAssert.AreEqual(Sha256Of.Bytes(unsealed), result.Hash);
            Assert.AreEqual(McubootCheckStatus.Ok, new McubootImageCheck(new Sha256(), null).ReadInfo(Image(McubootImage.Seal(unsealed, null, 0, null))).Status);
        }

        [TestMethod]
        public void Check_ProtectedTlvByteFlipped_HashMismatch()
        {
            byte[] image = McubootImage.Seal(Protected(McubootImage.BuildUnsealed(1, 2, 3, 0, 500, 1)), null, 0, null);
            image[532 + 8] ^= 1; // the security counter's value, inside the protected area
            McubootCheckResult result = new McubootImageCheck(new Sha256(), null).Check(Image(image));
            Assert.AreEqual(McubootCheckStatus.HashMismatch, result.Status);
            Assert.IsTrue(result.Detail.IndexOf("protected") >= 0, result.Detail);
        }

        [TestMethod]
        public void Check_ProtectedAreaNotAsHeaderSays_BadTlvAreaAsBootutil()
        {
            McubootImageCheck check = new McubootImageCheck(new Sha256(), null);

            // ih_protect_tlv_size one less than the protected info's total (tlv.c: they must be equal).
            byte[] wrongSize = McubootImage.Seal(Protected(McubootImage.BuildUnsealed(1, 2, 3, 0, 500, 1)), null, 0, null);
            wrongSize[10]--;
            Assert.AreEqual(McubootCheckStatus.BadTlvArea, check.Check(Image(wrongSize)).Status);
            Assert.AreEqual(McubootCheckStatus.BadTlvArea, check.ReadInfo(Image(wrongSize)).Status);

            // A protected area the header does not announce (ih_protect_tlv_size 0).
            byte[] unannounced = McubootImage.Seal(Protected(McubootImage.BuildUnsealed(1, 2, 3, 0, 500, 1)), null, 0, null);
            unannounced[10] = 0;
            unannounced[11] = 0;
            Assert.AreEqual(McubootCheckStatus.BadTlvArea, check.Check(Image(unannounced)).Status);

            // A protected TLV whose length runs into the unprotected area.
            byte[] overrun = McubootImage.Seal(Protected(McubootImage.BuildUnsealed(1, 2, 3, 0, 500, 1)), null, 0, null);
            overrun[532 + 6] = 20;
            Assert.AreEqual(McubootCheckStatus.BadTlvArea, check.Check(Image(overrun)).Status);
        }

        [TestMethod]
        public void Check_Sha256TlvOfOtherLength_BadTlvAreaAsBootutil()
        {
            byte[] unsealed = McubootImage.BuildUnsealed(1, 0, 0, 0, 500, 1);
            byte[] image = McubootImage.Seal(unsealed, null, 0, null);
            image[532 + 6] = 31; // SHA-256 TLV length 31: image_validate.c fails on len != sizeof(hash)
            image[532 + 2] = 39;
            byte[] shorter = new byte[image.Length - 1];
            System.Array.Copy(image, shorter, shorter.Length);
            Assert.AreEqual(McubootCheckStatus.BadTlvArea, new McubootImageCheck(new Sha256(), null).Check(Image(shorter)).Status);
        }

        [TestMethod]
        public void Check_SignatureWithTrustedKey_Ok()
        {
            byte[] unsealed = Protected(McubootImage.BuildUnsealed(1, 0, 0, 0, 500, 1));
            byte[] image = McubootImage.Seal(unsealed, HashEchoVerifier.TrustedKeyHash(), McubootFormat.TlvEcdsaSignature, McubootImage.HashOf(unsealed));
            McubootCheckResult result = new McubootImageCheck(new Sha256(), new HashEchoVerifier()).Check(Image(image));
            Assert.AreEqual(McubootCheckStatus.Ok, result.Status, result.Detail);
        }

        [TestMethod]
        public void Check_SignatureAfterOtherKeyHash_IgnoredAsBootutilSoSignatureMissing()
        {
            byte[] unsealed = McubootImage.BuildUnsealed(1, 0, 0, 0, 500, 1);
            byte[] otherKey = HashEchoVerifier.TrustedKeyHash();
            otherKey[0] ^= 1;
            byte[] image = McubootImage.Seal(unsealed, otherKey, McubootFormat.TlvEcdsaSignature, McubootImage.HashOf(unsealed));
            McubootCheckResult result = new McubootImageCheck(new Sha256(), new HashEchoVerifier()).Check(Image(image));
            Assert.AreEqual(McubootCheckStatus.SignatureMissing, result.Status);
            Assert.IsTrue(result.Detail.IndexOf("another key") >= 0, result.Detail);
        }

        [TestMethod]
        public void Check_SignatureNotVerifying_SignatureInvalid()
        {
            byte[] unsealed = McubootImage.BuildUnsealed(1, 0, 0, 0, 500, 1);
            byte[] wrong = McubootImage.HashOf(unsealed);
            wrong[5] ^= 1;
            byte[] image = McubootImage.Seal(unsealed, HashEchoVerifier.TrustedKeyHash(), McubootFormat.TlvEcdsaSignature, wrong);
            McubootCheckResult result = new McubootImageCheck(new Sha256(), new HashEchoVerifier()).Check(Image(image));
            Assert.AreEqual(McubootCheckStatus.SignatureInvalid, result.Status);
            Assert.IsTrue(result.Detail.IndexOf("trusted key") >= 0, result.Detail);
        }

        // imgtool --security-counter 7 --custom-tlv 0xa0 0x0102: two protected TLVs, 4 + 8 + 6 = 18 bytes.
        private static byte[] Protected(byte[] unsealed)
        {
            return McubootImage.AddProtectedTlv(McubootImage.AddProtectedTlv(unsealed, 0x50, new byte[] { 7, 0, 0, 0 }), 0xa0, new byte[] { 1, 2 });
        }

        private static ByteArrayImage Image(byte[] bytes)
        {
            return new ByteArrayImage(bytes, Sha256Of.Bytes(bytes));
        }

        // Accepts a "signature" equal to the image hash, for the key hash 00 01 02 ... 1f.
        private sealed class HashEchoVerifier : IImageSignatureVerifier
        {
            public int SignatureTlvType
            {
                get { return McubootFormat.TlvEcdsaSignature; }
            }

            public byte[] KeyHash
            {
                get { return TrustedKeyHash(); }
            }

            public static byte[] TrustedKeyHash()
            {
                byte[] hash = new byte[32];
                for (int i = 0; i < hash.Length; i++)
                {
                    hash[i] = (byte)i;
                }

                return hash;
            }

            public bool Verify(byte[] imageHash, byte[] signature, int offset, int count)
            {
                if (count != imageHash.Length)
                {
                    return false;
                }

                for (int i = 0; i < count; i++)
                {
                    if (signature[offset + i] != imageHash[i])
                    {
                        return false;
                    }
                }

                return true;
            }
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
