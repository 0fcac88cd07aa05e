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
    /// key digest, which block decides) with a stand-in for RSA: a "signature" verifies when its first 32 bytes equal the
    /// digest. The real RSA-PSS round trip against espsecure's format is in the host tests.
    /// </summary>
    [TestClass]
    public class ImageSignatureCheckTests
    {
        private const int ImageLength = 10000;

        [TestMethod]
        public void Check_SignedWithTrustedKey_Ok()
        {
            byte[] file = SignedFile(KeyA(), 0);

            SignatureResult result = NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]);

            Assert.AreEqual(SignatureStatus.Ok, result.Status, result.Detail);
        }

        [TestMethod]
        public void Check_SmallBuffer_ReadsInPiecesAndVerifies()
        {
            byte[] file = SignedFile(KeyA(), 0);

            SignatureResult result = NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[SignatureBlock.BlockSize]);

            Assert.AreEqual(SignatureStatus.Ok, result.Status, result.Detail);
        }

        [TestMethod]
        public void Check_UnsignedAlignedFile_NotSigned()
        {
            byte[] file = SignedFile(KeyA(), 0);
            for (int i = file.Length - SignatureBlock.SectorSize; i < file.Length; i++)
            {
                file[i] = 0xFF;
            }

            Assert.AreEqual(SignatureStatus.NotSigned, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_LengthNotSectorAligned_BadLength()
        {
            byte[] file = SignedFile(KeyA(), 0);

            Assert.AreEqual(SignatureStatus.BadLength, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length - 1, new byte[4096]).Status);
            Assert.AreEqual(SignatureStatus.BadLength, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), SignatureBlock.SectorSize, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_FlippedByteInImageHeader_DigestMismatch()
        {
            byte[] file = SignedFile(KeyA(), 0);
            file[3] ^= 0x01;

            Assert.AreEqual(SignatureStatus.DigestMismatch, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_FlippedByteInImageBody_DigestMismatch()
        {
            byte[] file = SignedFile(KeyA(), 0);
            file[ImageLength - 7] ^= 0x80;

            Assert.AreEqual(SignatureStatus.DigestMismatch, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_FlippedByteInPadding_DigestMismatch()
        {
            byte[] file = SignedFile(KeyA(), 0);
            file[ImageLength + 5] = 0x00;

            Assert.AreEqual(SignatureStatus.DigestMismatch, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_FlippedByteInBlockWithoutNewCrc_NotSigned()
        {
            byte[] file = SignedFile(KeyA(), 0);
            file[file.Length - SignatureBlock.SectorSize + SignatureBlock.SignatureOffset + 100] ^= 0x01;

            Assert.AreEqual(SignatureStatus.NotSigned, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_SignatureAlteredAndCrcFixed_BadSignature()
        {
            byte[] file = SignedFile(KeyA(), 0);
            int block = file.Length - SignatureBlock.SectorSize;
            file[block + SignatureBlock.SignatureOffset] ^= 0x01;
            FixCrc(file, block);

            Assert.AreEqual(SignatureStatus.BadSignature, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_SignedWithAnotherKey_UntrustedKey()
        {
            byte[] file = SignedFile(KeyB(), 0);

            SignatureResult result = NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]);

            Assert.AreEqual(SignatureStatus.UntrustedKey, result.Status);
            Assert.IsTrue(result.Detail.IndexOf("does not trust") >= 0, result.Detail);
        }

        [TestMethod]
        public void Check_KeySwappedForTrustedOneAndCrcFixed_BadSignature()
        {
            byte[] file = SignedFile(KeyB(), 0);
            int block = file.Length - SignatureBlock.SectorSize;
            Array.Copy(KeyA(), 0, file, block + SignatureBlock.KeyOffset, SignatureBlock.KeyLength);
            file[block + SignatureBlock.SignatureOffset] ^= 0xFF; // the attacker cannot produce the trusted key's signature
            FixCrc(file, block);

            Assert.AreEqual(SignatureStatus.BadSignature, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_FirstBlockUntrustedSecondTrusted_Ok()
        {
            byte[] file = SignedFile(KeyB(), 0);
            byte[] second = SignedFile(KeyA(), 0);
            int sector = file.Length - SignatureBlock.SectorSize;
            Array.Copy(second, sector, file, sector + SignatureBlock.BlockSize, SignatureBlock.BlockSize);

            Assert.AreEqual(SignatureStatus.Ok, NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_SeveralTrustedDigests_AnyOneVerifies()
        {
            byte[] file = SignedFile(KeyB(), 0);
            byte[] trusted = new byte[64];
            Array.Copy(KeyDigest(KeyA()), 0, trusted, 0, 32);
            Array.Copy(KeyDigest(KeyB()), 0, trusted, 32, 32);

            Assert.AreEqual(SignatureStatus.Ok, NewCheck(trusted).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_NoTrustedKeyConfigured_NoTrustedKey()
        {
            byte[] file = SignedFile(KeyA(), 0);

            Assert.AreEqual(SignatureStatus.NoTrustedKey, NewCheck(null).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
            Assert.AreEqual(SignatureStatus.NoTrustedKey, NewCheck(new byte[0]).Check(new MemorySlot(file), file.Length, new byte[4096]).Status);
        }

        [TestMethod]
        public void Check_ReadBackFails_ReadFailedWithPlatformCode()
        {
            byte[] file = SignedFile(KeyA(), 0);
            MemorySlot slot = new MemorySlot(file);
            slot.FailReadsFrom = 5000;

            SignatureResult result = NewCheck(KeyDigest(KeyA())).Check(slot, file.Length, new byte[4096]);

            Assert.AreEqual(SignatureStatus.ReadFailed, result.Status);
            Assert.AreNotEqual(0, result.PlatformCode);
        }

        [TestMethod]
        public void Check_BufferSmallerThanABlock_Throws()
        {
            byte[] file = SignedFile(KeyA(), 0);

            TestAssert.Throws(typeof(ArgumentException), delegate { NewCheck(KeyDigest(KeyA())).Check(new MemorySlot(file), file.Length, new byte[1000]); });
        }

        [TestMethod]
        public void IsValidRsaBlock_WrongMagicOrVersion_False()
        {
            byte[] file = SignedFile(KeyA(), 0);
            int block = file.Length - SignatureBlock.SectorSize;
            Assert.IsTrue(SignatureBlock.IsValidRsaBlock(file, block));

            file[block + 1] = 0x03; // an ECDSA block: not accepted by an RSA device
            FixCrc(file, block);
            Assert.IsFalse(SignatureBlock.IsValidRsaBlock(file, block));
            Assert.IsFalse(SignatureBlock.IsValidRsaBlock(file, file.Length - 10));
        }

        private static ImageSignatureCheck NewCheck(byte[] trusted)
        {
            return new ImageSignatureCheck(new DigestEchoVerifier(), new Sha256(), trusted);
        }

        private static byte[] KeyA()
        {
            return Pattern(SignatureBlock.KeyLength, 17);
        }

        private static byte[] KeyB()
        {
            return Pattern(SignatureBlock.KeyLength, 91);
        }

        private static byte[] KeyDigest(byte[] key)
        {
            Sha256 sha = new Sha256();
            sha.Append(key, 0, key.Length);
            byte[] digest = new byte[32];
            sha.Finish(digest, 0);
            return digest;
        }

        private static byte[] Pattern(int length, int seed)
        {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = (byte)((i * 31) + seed);
            }

            return bytes;
        }

        /// <summary>An image of ImageLength bytes padded with 0xFF to 4 KiB, then a sector with one block signed (stand-in) with <paramref name="key"/>.</summary>
        private static byte[] SignedFile(byte[] key, int blockIndex)
        {
            int content = ((ImageLength + 4095) / 4096) * 4096;
            byte[] file = new byte[content + SignatureBlock.SectorSize];
            for (int i = 0; i < file.Length; i++)
            {
                file[i] = 0xFF;
            }

            byte[] image = Pattern(ImageLength, 3);
            image[0] = 0xE9;
            Array.Copy(image, file, ImageLength);
            Sha256 sha = new Sha256();
            sha.Append(file, 0, content);
            byte[] digest = new byte[32];
            sha.Finish(digest, 0);

            int block = content + (blockIndex * SignatureBlock.BlockSize);
            file[block] = SignatureBlock.Magic;
            file[block + 1] = SignatureBlock.VersionRsa;
            file[block + 2] = 0;
            file[block + 3] = 0;
            Array.Copy(digest, 0, file, block + SignatureBlock.ImageDigestOffset, 32);
            Array.Copy(key, 0, file, block + SignatureBlock.KeyOffset, SignatureBlock.KeyLength);
            for (int i = 0; i < SignatureBlock.RsaLength; i++)
            {
                file[block + SignatureBlock.SignatureOffset + i] = i < 32 ? digest[i] : (byte)0;
            }

            for (int i = SignatureBlock.CrcOffset + 4; i < SignatureBlock.BlockSize; i++)
            {
                file[block + i] = 0;
            }

            FixCrc(file, block);
            return file;
        }

        private static void FixCrc(byte[] file, int block)
        {
            uint crc = Crc32.Update(0, file, block, SignatureBlock.CrcOffset);
            file[block + SignatureBlock.CrcOffset] = (byte)crc;
            file[block + SignatureBlock.CrcOffset + 1] = (byte)(crc >> 8);
            file[block + SignatureBlock.CrcOffset + 2] = (byte)(crc >> 16);
            file[block + SignatureBlock.CrcOffset + 3] = (byte)(crc >> 24);
        }

        /// <summary>Stand-in for RSA-PSS: the "signature" verifies when its first 32 bytes are the digest.</summary>
        private sealed class DigestEchoVerifier : IRsaPssVerifier
        {
            public bool Verify(byte[] block, int blockOffset, byte[] digest, int digestOffset)
            {
                return SignatureBlock.FixedTimeEquals(block, blockOffset + SignatureBlock.SignatureOffset, digest, digestOffset, 32);
            }
        }
    }
}
