// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
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

            // esp_image_format.c verify_segment_header: a length of 16 MiB or more is invalid in itself.
            byte[] hugeLength = (byte[])image.Clone();
            hugeLength[24 + 7] = 0x7F;
            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)Check(hugeLength).Status);

            byte[] longLength = (byte[])image.Clone();
            longLength[24 + 6] = 0x20;
            Assert.AreEqual((int)Esp32ImageStatus.Truncated, (int)Check(longLength).Status);
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

        private static uint SegmentLoad(byte[] image, int segment)
        {
            int position = SegmentHeader(image, segment);
            return image[position] | ((uint)image[position + 1] << 8) | ((uint)image[position + 2] << 16) | ((uint)image[position + 3] << 24);
        }

        private static int SegmentHeader(byte[] image, int segment)
        {
            int position = 24;
            for (int i = 0; i < segment; i++)
            {
                position += 8 + (image[position + 4] | (image[position + 5] << 8) | (image[position + 6] << 16) | (image[position + 7] << 24));
            }

            return position;
        }

        /// <summary>Moves a segment's load address and appends the SHA-256 again (the checksum covers data only).</summary>
        private static byte[] WithLoadAddress(byte[] image, int segment, uint load)
        {
            byte[] copy = new byte[image.Length];
            System.Array.Copy(image, copy, image.Length);
            int position = SegmentHeader(copy, segment);
            copy[position] = (byte)load;
            copy[position + 1] = (byte)(load >> 8);
            copy[position + 2] = (byte)(load >> 16);
            copy[position + 3] = (byte)(load >> 24);
            Sha256 sha = new Sha256();
            sha.Append(copy, 0, copy.Length - 32);
            sha.Finish(copy, copy.Length - 32);
            return copy;
        }

        [TestMethod]
        public void Validate_MappedSegmentOffItsMmuPage_IsBadSegment()
        {
            // esp_image_format.c verify_segment_header: an IROM/DROM load address must equal its data offset modulo
            // the 64 KiB MMU page (the old builder put IROM at 0x400D0020 whatever its offset).
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 8192, 3);
            Assert.IsTrue(Check(image).IsOk, Check(image).Detail);

            Esp32ImageCheck check = Check(WithLoadAddress(image, 2, 0x400D0020));

            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)check.Status, check.Detail);
        }

        [TestMethod]
        public void Validate_LoadedSegmentOutsideTheMemoryMap_IsBadSegment()
        {
            // verify_load_addresses: a loaded segment lies wholly inside one of DRAM, IRAM or RTC memory of the chip.
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 8192, 3);
            uint iramHigh = 0x400A0000;

            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)Check(WithLoadAddress(image, 1, iramHigh - 16)).Status, "runs past IRAM");
            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)Check(WithLoadAddress(image, 1, 0x40000000)).Status, "ROM");
            Assert.IsTrue(Check(WithLoadAddress(image, 1, 0x3FFB0000)).IsOk, "DRAM is a load region");
        }

        [TestMethod]
        public void Validate_S3ImageAtEsp32Addresses_IsBadSegment()
        {
            // ESP32-S3's DROM is 0x3C000000-0x3E000000: 0x3F400020 is nowhere in its map.
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32S3, 8192, 3);
            Assert.IsTrue(Check(image).IsOk, Check(image).Detail);

            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)Check(WithLoadAddress(image, 0, 0x3F400020)).Status);
        }

        [TestMethod]
        public void Build_EachChip_SegmentsAtItsAddressesAndFlashSizeInHeader()
        {
            // esptool image-info reads esp_app_desc_t from the DROM segment: the first one, at 0x20 into its page.
            byte[] esp32 = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 1024 * 1024, 5);
            byte[] s3 = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32S3, 8192, 5);

            Assert.AreEqual(0x3F400020u, SegmentLoad(esp32, 0));
            Assert.AreEqual(0x3C000020u, SegmentLoad(s3, 0));
            Assert.IsTrue(SegmentLoad(s3, 2) >= 0x42000000u && SegmentLoad(s3, 2) < 0x44000000u);
            Assert.AreEqual(0x20, esp32[3] & 0xF0, "4 MB");
            Assert.AreEqual(0x30, s3[3] & 0xF0, "8 MB");

            NorFlash flash = new NorFlash(new MemoryFlashMedium(0x110000));
            Assert.AreEqual(FlashStatus.Ok, flash.Write(0, esp32, 0, esp32.Length).Status);
            Esp32ImageCheck check = new Esp32ImageValidator().Validate(flash.Window(0, 0x110000), Esp32ImageHeader.ChipEsp32);
            Assert.IsTrue(check.IsOk, "a 1 MiB image fits IRAM and the MMU rules: " + check.Detail);
        }

        [TestMethod]
        public void Validate_Esp32SegmentOverTheBootloaderStack_IsBadSegment()
        {
            // verify_load_addresses: DRAM from SP - 32 KiB (STACK_LOAD_HEADROOM) up to SOC_ROM_STACK_START 0x3ffe3f20
            // belongs to the running bootloader; the rest of DRAM is the app's.
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 8192, 3);

            Esp32ImageCheck check = Check(WithLoadAddress(image, 1, 0x3FFE3000));

            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)check.Status, check.Detail);
            Assert.IsTrue(check.Detail.IndexOf("overlaps bootloader stack") >= 0, check.Detail);
            Assert.IsTrue(Check(WithLoadAddress(image, 1, 0x3FFC0000)).IsOk, "app DRAM below the stack");
        }

        [TestMethod]
        public void Validate_Esp32SegmentOverTheBootloaderData_IsBadSegment()
        {
            // ESP32 bootloader.ld: dram_seg at 0x3FFF0000 holds the bootloader's bss, data and rodata (_dram_start.._dram_end).
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 8192, 3);

            Esp32ImageCheck check = Check(WithLoadAddress(image, 1, 0x3FFF0000));

            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)check.Status, check.Detail);
            Assert.IsTrue(check.Detail.IndexOf("overlaps bootloader data") >= 0, check.Detail);
        }

        [TestMethod]
        public void Validate_S3SegmentOverTheLoaderIram_IsBadSegment()
        {
            // ESP32-S3 bootloader.ld: iram_loader_seg from 0x403CB700 (0x403CC700 in the older v5 layout) holds the code
            // that copies the app (_loader_text_start.._loader_text_end); its DRAM alias (0x6f0000 lower) is the same RAM.
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32S3, 8192, 3);
            Assert.IsTrue(Check(image).IsOk, Check(image).Detail);

            Esp32ImageCheck iram = Check(WithLoadAddress(image, 1, 0x403CC700));
            Esp32ImageCheck alias = Check(WithLoadAddress(image, 1, 0x403CC700 - 0x6F0000));
            Esp32ImageCheck stack = Check(WithLoadAddress(image, 1, 0x3FCEA000));

            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)iram.Status, iram.Detail);
            Assert.IsTrue(iram.Detail.IndexOf("overlaps loader IRAM") >= 0, iram.Detail);
            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)alias.Status, alias.Detail);
            Assert.IsTrue(alias.Detail.IndexOf("overlaps loader IRAM") >= 0, alias.Detail);
            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)stack.Status, stack.Detail);
            Assert.IsTrue(Check(WithLoadAddress(image, 1, 0x3FC90000)).IsOk, "app DRAM");
        }

        [TestMethod]
        public void Validate_AppCheckOfASegmentOverBootloaderRam_IsOk()
        {
            // verify_load_addresses is compiled into the bootloader only: esp_ota_end in the app accepts the image and
            // the bootloader refuses it at the next boot.
            byte[] image = WithLoadAddress(Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 8192, 3), 1, 0x3FFF0000);
            Esp32ImageValidator validator = new Esp32ImageValidator();

            Assert.IsTrue(validator.Validate(Place(image, image.Length), Esp32ImageHeader.ChipEsp32, 300, false).IsOk);
            Assert.IsFalse(validator.Validate(Place(image, image.Length), Esp32ImageHeader.ChipEsp32, 300, true).IsOk);
        }

        [TestMethod]
        public void Validate_PaddingSegmentBelowTheLoadableRange_IsOk()
        {
            // should_load: addresses below 0x10000000 are reserved for segments that are neither mapped nor loaded
            // (esptool's padding at load address 0).
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 8192, 3);

            Esp32ImageCheck check = Check(WithLoadAddress(image, 1, 0));

            Assert.IsTrue(check.IsOk, check.Detail);
        }

        [TestMethod]
        public void Validate_S3DromUpTo0x3E000000_IsMapped()
        {
            // ESP-IDF v5 soc.h SOC_DROM_HIGH and ext_mem_defs.h SOC_DRAM0_CACHE_ADDRESS_HIGH: 32 MiB of DROM.
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32S3, 8192, 3);

            Assert.IsTrue(Check(WithLoadAddress(image, 0, 0x3D800020)).IsOk, Check(WithLoadAddress(image, 0, 0x3D800020)).Detail);
            Assert.AreEqual((int)Esp32ImageStatus.BadSegment, (int)Check(WithLoadAddress(image, 0, 0x3E000020)).Status);
        }

        private static Esp32ImageCheck CheckRevision(int minimum, int maximum, int chipRevision)
        {
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 4096, 7, 0x400000, 0, minimum, maximum);
            return new Esp32ImageValidator().Validate(Place(image, image.Length), Esp32ImageHeader.ChipEsp32, chipRevision, true);
        }

        [TestMethod]
        public void Validate_ChipBelowTheImagesMinimumRevision_IsWrongChip()
        {
            // bootloader_common_check_chip_revision_validity: min_chip_rev_full <= revision (ESP_CHIP_REV_ABOVE).
            Esp32ImageCheck check = CheckRevision(301, Esp32ImageValidator.NoMaximumRevision, 300);

            Assert.AreEqual((int)Esp32ImageStatus.WrongChip, (int)check.Status, check.Detail);
            Assert.IsTrue(check.Detail.IndexOf(">= v3.1, found v3.0") >= 0, check.Detail);
            Assert.IsTrue(CheckRevision(300, Esp32ImageValidator.NoMaximumRevision, 300).IsOk);
            Assert.IsTrue(CheckRevision(301, Esp32ImageValidator.NoMaximumRevision, Esp32ImageValidator.AnyRevision).IsOk, "no revision given");
        }

        [TestMethod]
        public void Validate_ChipAboveTheImagesMaximumRevision_IsWrongChip()
        {
            // max_chip_rev_full: revision must not exceed it unless it is 0xFFFF or 0 (IS_FIELD_SET: not set).
            Esp32ImageCheck check = CheckRevision(0, 299, 300);

            Assert.AreEqual((int)Esp32ImageStatus.WrongChip, (int)check.Status, check.Detail);
            Assert.IsTrue(CheckRevision(0, 300, 300).IsOk, "equal to the maximum");
            Assert.IsTrue(CheckRevision(0, Esp32ImageValidator.NoMaximumRevision, 300).IsOk, "0xFFFF");
            Assert.IsTrue(CheckRevision(0, 0, 300).IsOk, "0");
        }

        [TestMethod]
        public void Validate_LegacyMinimumRevisionByte_IsIgnored()
        {
            // ESP-IDF v5 reads only min_chip_rev_full; the legacy min_chip_rev byte (offset 14) is not checked.
            byte[] image = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 4096, 7);
            image[14] = 9;
            Sha256 sha = new Sha256();
            sha.Append(image, 0, image.Length - 32);
            sha.Finish(image, image.Length - 32);

            Esp32ImageCheck check = new Esp32ImageValidator().Validate(Place(image, image.Length), Esp32ImageHeader.ChipEsp32, 100, true);

            Assert.IsTrue(check.IsOk, check.Detail);
        }

        [TestMethod]
        public void Build_EachChip_AllowsItsUsualRevisions()
        {
            // Without arguments the image allows v0.0 up to CONFIG_ESP_REV_MAX_FULL's default (ESP32 v3.99, S3 v0.99).
            byte[] esp32 = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32, 1024, 5);
            byte[] s3 = Esp32ImageBuilder.Build("1.0", "p", Esp32ImageHeader.ChipEsp32S3, 1024, 5);

            Assert.AreEqual(0, esp32[15] | (esp32[16] << 8));
            Assert.AreEqual(399, esp32[17] | (esp32[18] << 8));
            Assert.AreEqual(99, s3[17] | (s3[18] << 8));
            Assert.IsTrue(new Esp32ImageValidator().Validate(Place(esp32, esp32.Length), Esp32ImageHeader.ChipEsp32, new SimulatedEfuse().ChipRevision(Esp32ImageHeader.ChipEsp32), true).IsOk);
            Assert.IsTrue(new Esp32ImageValidator().Validate(Place(s3, s3.Length), Esp32ImageHeader.ChipEsp32S3, new SimulatedEfuse().ChipRevision(Esp32ImageHeader.ChipEsp32S3), true).IsOk);
            Assert.IsFalse(new Esp32ImageValidator().Validate(Place(s3, s3.Length), Esp32ImageHeader.ChipEsp32S3, 100, true).IsOk, "an S3 v1.0 is newer than v0.99");
        }
    }
}
