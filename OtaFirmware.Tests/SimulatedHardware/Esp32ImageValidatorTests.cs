// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.SimulatedHardware;
#endif

namespace OtaFirmware.Tests.SimulatedHardware
{
    [TestClass]
    public class Esp32ImageValidatorTests
    {
        private const int RegionSize = 0x10000;

        private static FlashWindow Place(byte[] image, int count)
        {
            NorFlash flash = new NorFlash(new MemoryFlashMedium(RegionSize));
            int aligned = (count / 4) * 4;
            Assert.AreEqual(FlashStatus.Ok, flash.Write(0, image, 0, aligned).Status);
            return flash.Window(0, RegionSize);
        }

        private static Esp32ImageCheck Check(byte[] image)
        {
            return new Esp32ImageValidator().Validate(Place(image, image.Length), Esp32ImageValidator.AnyChip);
        }

        [TestMethod]
        public void Validate_BuiltImages_PassWithTheirLength()
        {
            int[] sizes = new int[] { 512, 528, 4096, 10000 - (10000 % 16), 60000 };
            for (int i = 0; i < sizes.Length; i++)
            {
                byte[] image = Esp32ImageBuilder.Build("v" + i.ToString(), "p", Esp32ImageHeader.ChipEsp32, sizes[i], i);
                Assert.AreEqual(sizes[i], image.Length);

                Esp32ImageCheck check = Check(image);

                Assert.IsTrue(check.IsOk, check.Detail);
                Assert.AreEqual(sizes[i], check.Length);
            }
        }

        [TestMethod]
        public void Build_Image_HasEspIdfChecksumAndHashLayout()
        {
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 1024, 9);

            // Walk the segments independently: XOR of the data bytes seeded with 0xEF sits at the end of a 16-byte block.
            int position = 24;
            byte checksum = 0xEF;
            for (int segment = 0; segment < image[1]; segment++)
            {
                int length = image[position + 4] | (image[position + 5] << 8) | (image[position + 6] << 16) | (image[position + 7] << 24);
                Assert.AreEqual(0, length % 4);
                position += 8;
                for (int i = 0; i < length; i++)
                {
                    checksum ^= image[position + i];
                }

                position += length;
            }

            int checksumAt = position | 15;
            Assert.AreEqual(checksum, image[checksumAt]);
            Assert.AreEqual(image.Length - 32, checksumAt + 1);

            Sha256 sha = new Sha256();
            sha.Append(image, 0, image.Length - 32);
            byte[] digest = new byte[32];
            sha.Finish(digest, 0);
            Assert.AreEqual(HexText.From(digest), HexText.From(image, image.Length - 32, 32));
        }

        [TestMethod]
        public void Build_SameArguments_SameBytes()
        {
            CollectionAssert.AreEqual(
                Esp32ImageBuilder.Build("1.0", "p", 0, 2048, 5),
                Esp32ImageBuilder.Build("1.0", "p", 0, 2048, 5));
            Assert.IsFalse(
                HexText.From(Esp32ImageBuilder.Build("1.0", "p", 0, 2048, 5)) == HexText.From(Esp32ImageBuilder.Build("1.0", "p", 0, 2048, 6)),
                "another seed gives other bytes");
        }

        [TestMethod]
        public void Validate_FlippedByteAnywhere_IsRefused()
        {
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 1024, 4);
            for (int i = 0; i < image.Length; i += 7)
            {
                byte[] damaged = (byte[])image.Clone();
                damaged[i] ^= 0x10;

                Esp32ImageCheck check = Check(damaged);

                Assert.IsFalse(check.IsOk, "flip at " + i.ToString());
            }
        }

        [TestMethod]
        public void Validate_FlippedPayloadByte_IsChecksumMismatch()
        {
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 1024, 4);
            image[600] ^= 0x01;

            Assert.AreEqual((int)Esp32ImageStatus.ChecksumMismatch, (int)Check(image).Status);
        }

        [TestMethod]
        public void Validate_FlippedHashByte_IsHashMismatch()
        {
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 1024, 4);
            image[image.Length - 1] ^= 0x01;

            Assert.AreEqual((int)Esp32ImageStatus.HashMismatch, (int)Check(image).Status);
        }

        [TestMethod]
        public void Validate_WrongMagicOrSegments_IsRefused()
        {
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 1024, 4);
            byte[] badMagic = (byte[])image.Clone();
            badMagic[0] = 0x00;
            Assert.AreEqual((int)Esp32ImageStatus.BadMagic, (int)Check(badMagic).Status);

            byte[] badCount = (byte[])image.Clone();
            badCount[1] = 0;
            Assert.AreEqual((int)Esp32ImageStatus.BadSegmentCount, (int)Check(badCount).Status);

            byte[] oddLength = (byte[])image.Clone();
            oddLength[24 + 4] ^= 0x02;
            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)Check(oddLength).Status);

            byte[] hugeLength = (byte[])image.Clone();
            hugeLength[24 + 7] = 0x7F;
            Assert.AreEqual((int)Esp32ImageStatus.Truncated, (int)Check(hugeLength).Status);
        }

        [TestMethod]
        public void Validate_TruncatedImage_IsRefused()
        {
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 4096, 4);

            Esp32ImageCheck check = new Esp32ImageValidator().Validate(Place(image, 3000), Esp32ImageValidator.AnyChip);

            Assert.IsFalse(check.IsOk);
            Assert.AreEqual(0, check.Length);
        }

        [TestMethod]
        public void Validate_ImageLargerThanRegion_IsTruncated()
        {
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 8192, 4);
            NorFlash flash = new NorFlash(new MemoryFlashMedium(8192));
            flash.Write(0, image, 0, 8192);

            Esp32ImageCheck check = new Esp32ImageValidator().Validate(flash.Window(0, 4096), Esp32ImageValidator.AnyChip);

            Assert.AreEqual((int)Esp32ImageStatus.Truncated, (int)check.Status);
        }

        [TestMethod]
        public void Validate_OtherChip_IsWrongChip()
        {
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32S3, 1024, 4);
            Esp32ImageValidator validator = new Esp32ImageValidator();

            Assert.AreEqual((int)Esp32ImageStatus.WrongChip, (int)validator.Validate(Place(image, image.Length), Esp32ImageHeader.ChipEsp32).Status);
            Assert.IsTrue(validator.Validate(Place(image, image.Length), Esp32ImageHeader.ChipEsp32S3).IsOk);
        }

        [TestMethod]
        public void Validate_ErasedRegion_IsBadMagic()
        {
            NorFlash flash = new NorFlash(new MemoryFlashMedium(4096));

            Assert.AreEqual((int)Esp32ImageStatus.BadMagic, (int)new Esp32ImageValidator().Validate(flash, Esp32ImageValidator.AnyChip).Status);
        }
    }
}
