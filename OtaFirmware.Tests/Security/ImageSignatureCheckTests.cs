// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Integrity;
using OtaFirmware.Security;
using OtaFirmware.Tests.Fakes;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Security
{
    /// <summary>
    /// The portable half of the signature check (sector layout, block CRC, image digest read back from the slot, trusted
    /// key digest, which block decides) with the stand-in signer of the fakes: a "signature" verifies when its first 32
    /// bytes equal the digest. The real RSA-PSS round trip against espsecure's format is in the host tests.
    /// </summary>
    [TestClass]
    public class ImageSignatureCheckTests
    {
        private const int ImageLength = 10000;

        [TestMethod]
        public void Check_SignedWithTrustedKey_Ok()
        {
            byte[] file = SignedFile(KeyA());

            SignatureResult result = NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]);

            Assert.AreEqual(SignatureStatus.Ok, result.Status, result.Detail);
        }

        [TestMethod]
        public void Check_SmallBuffer_ReadsInPiecesAndVerifies()
        {
            byte[] file = SignedFile(KeyA());

            SignatureResult result = NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[SignatureBlock.BlockSize]);

            Assert.AreEqual(SignatureStatus.Ok, result.Status, result.Detail);
        }

        [TestMethod]
        public void Check_UnsignedAlignedFile_NotSigned()
        {
            byte[] file = SignedFile(KeyA());
            for (int i = file.Length - SignatureBlock.SectorSize; i < file.Length; i++)
            {
                file[i] = 0xFF;
            }

            Assert.AreEqual(SignatureStatus.NotSigned, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_LengthNotSectorAligned_BadLength()
        {
            byte[] file = SignedFile(KeyA());

            Assert.AreEqual(SignatureStatus.BadLength, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length - 1, new byte[4096]).Status);
            Assert.AreEqual(SignatureStatus.BadLength, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), SignatureBlock.SectorSize, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_FlippedByteInImageHeader_DigestMismatch()
        {
            byte[] file = SignedFile(KeyA());
            file[3] ^= 0x01;

            Assert.AreEqual(SignatureStatus.DigestMismatch, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_FlippedByteInImageBody_DigestMismatch()
        {
            byte[] file = SignedFile(KeyA());
            file[ImageLength - 7] ^= 0x80;

            Assert.AreEqual(SignatureStatus.DigestMismatch, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_FlippedByteInPadding_DigestMismatch()
        {
            byte[] file = SignedFile(KeyA());
            file[ImageLength + 5] = 0x00;

            Assert.AreEqual(SignatureStatus.DigestMismatch, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_FlippedByteInBlockWithoutNewCrc_NotSigned()
        {
            byte[] file = SignedFile(KeyA());
            file[file.Length - SignatureBlock.SectorSize + SignatureBlock.SignatureOffset + 100] ^= 0x01;

            Assert.AreEqual(SignatureStatus.NotSigned, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_SignatureAlteredAndCrcFixed_BadSignature()
        {
            byte[] file = SignedFile(KeyA());
            int block = file.Length - SignatureBlock.SectorSize;
            file[block + SignatureBlock.SignatureOffset] ^= 0x01;
            FixCrc(file, block);

            Assert.AreEqual(SignatureStatus.BadSignature, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_SignedWithAnotherKey_UntrustedKey()
        {
            byte[] file = SignedFile(KeyB());

            SignatureResult result = NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]);

            Assert.AreEqual(SignatureStatus.UntrustedKey, result.Status);
            Assert.IsTrue(result.Detail.IndexOf("does not trust") >= 0, result.Detail);
        }

        [TestMethod]
        public void Check_KeySwappedForTrustedOneAndCrcFixed_BadSignature()
        {
            byte[] file = SignedFile(KeyB());
            int block = file.Length - SignatureBlock.SectorSize;
            Array.Copy(KeyA(), 0, file, block + SignatureBlock.KeyOffset, SignatureBlock.KeyLength);
            file[block + SignatureBlock.SignatureOffset] ^= 0xFF; // the attacker cannot produce the trusted key's signature
            FixCrc(file, block);

            Assert.AreEqual(SignatureStatus.BadSignature, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_FirstBlockUntrustedSecondTrusted_Ok()
        {
            byte[] file = SignedFile(KeyB());
            byte[] second = SignedFile(KeyA());
            int sector = file.Length - SignatureBlock.SectorSize;
            Array.Copy(second, sector, file, sector + SignatureBlock.BlockSize, SignatureBlock.BlockSize);

            Assert.AreEqual(SignatureStatus.Ok, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_SeveralTrustedDigests_AnyOneVerifies()
        {
            byte[] file = SignedFile(KeyB());
            byte[] trusted = new byte[64];
            Array.Copy(KeyDigest(KeyA()), 0, trusted, 0, 32);
            Array.Copy(KeyDigest(KeyB()), 0, trusted, 32, 32);

            Assert.AreEqual(SignatureStatus.Ok, NewCheck(trusted).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_NoTrustedKeyConfigured_NoTrustedKey()
        {
            byte[] file = SignedFile(KeyA());

            Assert.AreEqual(SignatureStatus.NoTrustedKey, NewCheck(null).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
            Assert.AreEqual(SignatureStatus.NoTrustedKey, NewCheck(new byte[0]).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_ReadBackFails_ReadFailedWithPlatformCode()
        {
            byte[] file = SignedFile(KeyA());
            MemorySlot slot = new MemorySlot(file);
            slot.FailReadsFrom = 5000;

            SignatureResult result = NewCheck(KeyDigest(KeyA())).Check(slot, file.Length, new byte[4096]);

            Assert.AreEqual(SignatureStatus.ReadFailed, result.Status);
            Assert.AreNotEqual(0, result.PlatformCode);
        }

        [TestMethod]
        public void Check_BufferSmallerThanABlock_Throws()
        {
            byte[] file = SignedFile(KeyA());

            TestAssert.Throws(typeof(ArgumentException), delegate { NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[1000]); });
        }

        [TestMethod]
        public void IsValidRsaBlock_WrongMagicOrVersion_False()
        {
            byte[] file = SignedFile(KeyA());
            int block = file.Length - SignatureBlock.SectorSize;
            Assert.IsTrue(SignatureBlock.IsValidRsaBlock(file, block));

            file[block + 1] = 0x03; // an ECDSA block: not accepted by an RSA device
            FixCrc(file, block);
            Assert.IsFalse(SignatureBlock.IsValidRsaBlock(file, block));
            Assert.IsFalse(SignatureBlock.IsValidRsaBlock(file, file.Length - 10));
        }

        private static ImageSignatureCheck NewCheck(byte[] trusted)
        {
            return new ImageSignatureCheck(new EchoRsaPssVerifier(), new Sha256(), trusted);
        }

        private static byte[] KeyA()
        {
            return StandInSigner.Key(17);
        }

        private static byte[] KeyB()
        {
            return StandInSigner.Key(91);
        }

        private static byte[] KeyDigest(byte[] key)
        {
            return StandInSigner.KeyDigest(key);
        }

        /// <summary>An image of ImageLength bytes signed (stand-in RSA) with <paramref name="key"/>.</summary>
        private static byte[] SignedFile(byte[] key)
        {
            byte[] image = new byte[ImageLength];
            for (int i = 0; i < image.Length; i++)
            {
                image[i] = (byte)((i * 31) + 3);
            }

            image[0] = 0xE9;
            return StandInSigner.Sign(image, key);
        }

        private static void FixCrc(byte[] file, int block)
        {
            StandInSigner.FixCrc(file, block);
        }
    }
}
