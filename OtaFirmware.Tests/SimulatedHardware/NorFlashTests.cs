// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.SimulatedHardware;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.SimulatedHardware
{
    [TestClass]
    public class NorFlashTests
    {
        private const int ChipSize = 4 * 4096;

        private static NorFlash NewFlash()
        {
            return new NorFlash(new MemoryFlashMedium(ChipSize));
        }

        private static byte[] Filled(int length, byte value)
        {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++)
            {
                bytes[i] = value;
            }

            return bytes;
        }

        private static byte[] ReadBack(NorFlash flash, int address, int count)
        {
            byte[] bytes = new byte[count];
            Assert.AreEqual(FlashStatus.Ok, flash.Read(address, bytes, 0, count).Status);
            return bytes;
        }

        [TestMethod]
        public void NewChip_IsErasedWithDefaultGeometry()
        {
            NorFlash flash = NewFlash();

            Assert.AreEqual(ChipSize, flash.Size);
            Assert.AreEqual(4096, flash.EraseBlockSize);
            Assert.AreEqual(4, flash.WriteAlignment);
            Assert.AreEqual((byte)0xFF, flash.ErasedValue);
            CollectionAssert.AreEqual(Filled(ChipSize, 0xFF), ReadBack(flash, 0, ChipSize));
        }

        [TestMethod]
        public void Write_ErasedArea_ProgramsBytes()
        {
            NorFlash flash = NewFlash();
            byte[] data = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };

            Assert.AreEqual(FlashStatus.Ok, flash.Write(4092, data, 0, 8).Status);
            CollectionAssert.AreEqual(data, ReadBack(flash, 4092, 8));
        }

        [TestMethod]
        public void Write_MoreZerosOverProgrammedBytes_IsAllowed()
        {
            NorFlash flash = NewFlash();
            flash.Write(0, new byte[] { 0xF0, 0xFF, 0x0F, 0xAA }, 0, 4);

            Assert.AreEqual(FlashStatus.Ok, flash.Write(0, new byte[] { 0x30, 0xFF, 0x0F, 0x00 }, 0, 4).Status);
            CollectionAssert.AreEqual(new byte[] { 0x30, 0xFF, 0x0F, 0x00 }, ReadBack(flash, 0, 4));
        }

        [TestMethod]
        public void Write_OneOverZero_ReturnsNotErasedAndChangesNothing()
        {
            NorFlash flash = NewFlash();
            flash.Write(8, new byte[] { 0x00, 0x00, 0x00, 0x00 }, 0, 4);

            // The first four bytes could be programmed, the last four need a 0 -> 1: nothing may be written.
            byte[] data = new byte[] { 0x11, 0x22, 0x33, 0x44, 0x01, 0x00, 0x00, 0x00 };
            Assert.AreEqual(FlashStatus.NotErased, flash.Write(4, data, 0, 8).Status);

            CollectionAssert.AreEqual(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0 }, ReadBack(flash, 4, 8));
            Assert.AreEqual(1, flash.WriteCount);
            Assert.AreEqual(4L, flash.BytesWritten);
        }

        [TestMethod]
        public void Write_OutsideChip_ReturnsOutOfRange()
        {
            NorFlash flash = NewFlash();
            byte[] data = new byte[8];

            Assert.AreEqual(FlashStatus.OutOfRange, flash.Write(ChipSize - 4, data, 0, 8).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, flash.Write(-4, data, 0, 4).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, flash.Read(ChipSize, data, 0, 1).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, flash.Erase(ChipSize, 4096).Status);
            Assert.AreEqual(0, flash.OperationCount);
        }

        [TestMethod]
        public void Write_Unaligned_ReturnsUnaligned()
        {
            NorFlash flash = NewFlash();
            byte[] data = new byte[8];

            Assert.AreEqual(FlashStatus.Unaligned, flash.Write(2, data, 0, 4).Status);
            Assert.AreEqual(FlashStatus.Unaligned, flash.Write(4, data, 0, 6).Status);
            CollectionAssert.AreEqual(Filled(16, 0xFF), ReadBack(flash, 0, 16));
        }

        [TestMethod]
        public void Erase_Unaligned_ReturnsUnaligned()
        {
            NorFlash flash = NewFlash();

            Assert.AreEqual(FlashStatus.Unaligned, flash.Erase(100, 4096).Status);
            Assert.AreEqual(FlashStatus.Unaligned, flash.Erase(4096, 100).Status);
            Assert.AreEqual(0, flash.EraseCount);
        }

        [TestMethod]
        public void Erase_ProgrammedBlock_RestoresFfAndCountsWear()
        {
            NorFlash flash = NewFlash();
            flash.Write(4096, Filled(4096, 0), 0, 4096);
            flash.Write(8192, Filled(4, 0), 0, 4);

            Assert.AreEqual(FlashStatus.Ok, flash.Erase(4096, 4096).Status);
            Assert.AreEqual(FlashStatus.Ok, flash.Erase(4096, 4096).Status);

            CollectionAssert.AreEqual(Filled(4096, 0xFF), ReadBack(flash, 4096, 4096));
            CollectionAssert.AreEqual(Filled(4, 0), ReadBack(flash, 8192, 4));
            Assert.AreEqual(0, flash.BlockEraseCount(0));
            Assert.AreEqual(2, flash.BlockEraseCount(1));
            Assert.AreEqual(0, flash.BlockEraseCount(2));
            Assert.AreEqual(2, flash.EraseCount);
            Assert.AreEqual(2, flash.WriteCount);
            Assert.AreEqual(4100L, flash.BytesWritten);
            Assert.AreEqual(4, flash.OperationCount);
            Assert.AreEqual(2, flash.ReadCount);
        }

        [TestMethod]
        public void Geometry_Configurable_AppliesRules()
        {
            NorFlash flash = new NorFlash(new MemoryFlashMedium(1024), 256, 1);
            flash.Write(3, new byte[] { 0 }, 0, 1);

            Assert.AreEqual(FlashStatus.Ok, flash.Write(5, new byte[] { 7 }, 0, 1).Status);
            Assert.AreEqual(FlashStatus.Unaligned, flash.Erase(128, 256).Status);
            Assert.AreEqual(FlashStatus.Ok, flash.Erase(0, 256).Status);
            Assert.AreEqual(4, flash.BlockCount);
            CollectionAssert.AreEqual(Filled(8, 0xFF), ReadBack(flash, 0, 8));
        }

        [TestMethod]
        public void PowerCut_BeforeOperation_SkipsItAndRefusesUntilPowerOn()
        {
            NorFlash flash = NewFlash();
            flash.Write(0, Filled(8, 0x55), 0, 8);
            flash.SetPowerCutPlan(PowerCutPlan.BeforeOperation(2));

            Assert.AreEqual(FlashStatus.Ok, flash.Write(8, Filled(4, 0x11), 0, 4).Status);
            TestAssert.Throws(typeof(PowerLossException), delegate { flash.Erase(0, 4096); });
            Assert.IsFalse(flash.IsPoweredOn);
            TestAssert.Throws(typeof(PowerLossException), delegate { flash.Read(0, new byte[4], 0, 4); });
            TestAssert.Throws(typeof(PowerLossException), delegate { flash.Write(16, new byte[4], 0, 4); });

            flash.PowerOn();
            byte[] expected = new byte[] { 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x11, 0x11, 0x11, 0x11, 0xFF, 0xFF, 0xFF, 0xFF };
            CollectionAssert.AreEqual(expected, ReadBack(flash, 0, 16));
            Assert.AreEqual(FlashStatus.Ok, flash.Erase(0, 4096).Status);
            Assert.AreEqual(0, flash.BlockEraseCount(0) - 1);
        }

        [TestMethod]
        public void PowerCut_InsideWrite_ProgramsOnlyPrefix()
        {
            NorFlash flash = NewFlash();
            flash.SetPowerCutPlan(PowerCutPlan.InsideOperation(1, 5));

            TestAssert.Throws(typeof(PowerLossException), delegate { flash.Write(0, Filled(16, 0x00), 0, 16); });
            flash.PowerOn();

            byte[] expected = Filled(16, 0xFF);
            for (int i = 0; i < 5; i++)
            {
                expected[i] = 0;
            }

            CollectionAssert.AreEqual(expected, ReadBack(flash, 0, 16));
            Assert.AreEqual(5L, flash.BytesWritten);
        }

        [TestMethod]
        public void PowerCut_InsideErase_LeavesBlockPartlyErased()
        {
            NorFlash flash = NewFlash();
            flash.Write(0, Filled(8192, 0x00), 0, 8192);
            flash.SetPowerCutPlan(PowerCutPlan.InsideOperation(1, 4096 + 100));

            TestAssert.Throws(typeof(PowerLossException), delegate { flash.Erase(0, 8192); });
            flash.PowerOn();

            byte[] bytes = ReadBack(flash, 0, 8192);
            for (int i = 0; i < 8192; i++)
            {
                Assert.AreEqual(i < 4196 ? (byte)0xFF : (byte)0x00, bytes[i], "byte " + i.ToString());
            }

            Assert.AreEqual(1, flash.BlockEraseCount(0));
            Assert.AreEqual(1, flash.BlockEraseCount(1));
        }

        [TestMethod]
        public void PowerCut_SeededTear_IsDeterministicAndPartial()
        {
            byte[] first = TornWrite(42);
            byte[] second = TornWrite(42);

            CollectionAssert.AreEqual(first, second);
            int written = 0;
            while (written < first.Length && first[written] == 0)
            {
                written++;
            }

            Assert.IsTrue(written < 256, "a torn write never completes");
            for (int i = written; i < first.Length; i++)
            {
                Assert.AreEqual((byte)0xFF, first[i]);
            }
        }

        private static byte[] TornWrite(int seed)
        {
            NorFlash flash = NewFlash();
            flash.SetPowerCutPlan(PowerCutPlan.InsideOperationSeeded(1, seed));
            TestAssert.Throws(typeof(PowerLossException), delegate { flash.Write(0, Filled(256, 0), 0, 256); });
            flash.PowerOn();
            return ReadBack(flash, 0, 256);
        }

        [TestMethod]
        public void PowerCut_CountingReads_CutsBeforeRead()
        {
            NorFlash flash = NewFlash();
            flash.SetPowerCutPlan(PowerCutPlan.BeforeOperationCountingReads(2));

            Assert.AreEqual(FlashStatus.Ok, flash.Read(0, new byte[4], 0, 4).Status);
            TestAssert.Throws(typeof(PowerLossException), delegate { flash.Read(0, new byte[4], 0, 4); });
        }

        [TestMethod]
        public void PowerCut_PlanNumbersFromWhenSet()
        {
            NorFlash flash = NewFlash();
            flash.Write(0, new byte[4], 0, 4);
            flash.Erase(0, 4096);
            flash.SetPowerCutPlan(PowerCutPlan.BeforeOperation(1));

            TestAssert.Throws(typeof(PowerLossException), delegate { flash.Write(0, new byte[4], 0, 4); });
            Assert.AreEqual(2, flash.OperationCount);
        }

        [TestMethod]
        public void Window_TranslatesAndStaysInside()
        {
            NorFlash flash = NewFlash();
            FlashWindow window = flash.Window(4096, 8192);

            Assert.AreEqual(8192, window.Size);
            Assert.AreEqual(FlashStatus.Ok, window.Write(4, new byte[] { 1, 2, 3, 4 }, 0, 4).Status);
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4 }, ReadBack(flash, 4100, 4));
            Assert.AreEqual(FlashStatus.OutOfRange, window.Write(8192, new byte[4], 0, 4).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, window.Read(-4, new byte[4], 0, 4).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, window.Erase(4096, 8192).Status);
            Assert.AreEqual(FlashStatus.Unaligned, window.Erase(4, 4096).Status);
            Assert.AreEqual(FlashStatus.Ok, window.Erase(0, 4096).Status);
            Assert.AreEqual(1, flash.BlockEraseCount(1));
            TestAssert.Throws(typeof(System.ArgumentOutOfRangeException), delegate { flash.Window(100, 4096); });
        }

        [TestMethod]
        public void Chip_FourMegabyteMedium_ReadsAndWritesAcrossItsPieces()
        {
            // The medium keeps 64 KiB pieces (no allocation near nanoCLR's largest object); a write may span two.
            NorFlash flash = new NorFlash(new MemoryFlashMedium(0x400000));
            byte[] data = new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 };

            Assert.AreEqual(FlashStatus.Ok, flash.Write(MemoryFlashMedium.PieceSize - 4, data, 0, 8).Status);

            byte[] back = new byte[8];
            Assert.AreEqual(FlashStatus.Ok, flash.Read(MemoryFlashMedium.PieceSize - 4, back, 0, 8).Status);
            Assert.AreEqual("0102030405060708", HexText.From(back));
            Assert.AreEqual(FlashStatus.Ok, flash.Read(0x400000 - 8, back, 0, 8).Status);
            Assert.AreEqual("ffffffffffffffff", HexText.From(back));
        }

        [TestMethod]
        public void Write_ErasedZeroChip_ProgramsOnlyAwayFromZero()
        {
            // MCUboot's simulator also models chips that erase to 0x00: bits then only go from 0 to 1.
            NorFlash flash = new NorFlash(new MemoryFlashMedium(0x2000, 0x00), 4096, 4, 0x00);
            byte[] back = new byte[4];
            Assert.AreEqual((byte)0x00, flash.ErasedValue);
            Assert.AreEqual(FlashStatus.Ok, flash.Read(0, back, 0, 4).Status);
            Assert.AreEqual("00000000", HexText.From(back));

            Assert.AreEqual(FlashStatus.Ok, flash.Write(0, new byte[] { 0x0F, 0, 0, 0 }, 0, 4).Status);
            Assert.AreEqual(FlashStatus.Ok, flash.Write(0, new byte[] { 0x3F, 0, 0, 0 }, 0, 4).Status);
            Assert.AreEqual(FlashStatus.NotErased, flash.Write(0, new byte[] { 0x01, 0, 0, 0 }, 0, 4).Status);

            Assert.AreEqual(FlashStatus.Ok, flash.Erase(0, 4096).Status);
            Assert.AreEqual(FlashStatus.Ok, flash.Read(0, back, 0, 4).Status);
            Assert.AreEqual("00000000", HexText.From(back));
        }

        [TestMethod]
        public void Erase_BootSectorsAndLargeBlocks_EachInTheirOwnUnit()
        {
            // A bottom-boot part: 4 KiB sectors below 0x20000, 64 KiB blocks above.
            NorFlash flash = new NorFlash(new MemoryFlashMedium(0x40000), 0x10000, 4, 0xFF, 0x20000);

            Assert.AreEqual(4096, flash.EraseBlockSizeAt(0x1F000));
            Assert.AreEqual(0x10000, flash.EraseBlockSizeAt(0x20000));
            Assert.AreEqual(FlashStatus.Ok, flash.Erase(0x1F000, 0x1000).Status);
            Assert.AreEqual(FlashStatus.Unaligned, flash.Erase(0x21000, 0x1000).Status);
            Assert.AreEqual(FlashStatus.Unaligned, flash.Erase(0x10000, 0x20000).Status, "an erase may not span both kinds");
            Assert.AreEqual(FlashStatus.Ok, flash.Erase(0x20000, 0x10000).Status);
            Assert.AreEqual(0x10000, flash.Window(0x30000, 0x10000).EraseBlockSize);
            Assert.AreEqual(4096, flash.Window(0x10000, 0x2000).EraseBlockSize);
        }

        [TestMethod]
        public void Write_ByteAlignedOverProgrammedBits_NotErasedAndUnchanged()
        {
            NorFlash flash = new NorFlash(new MemoryFlashMedium(8192), 4096, 1); // a sub-device's internal flash
            Assert.AreEqual(FlashStatus.Ok, flash.Write(10, new byte[] { 0x0F }, 0, 1).Status);
            Assert.AreEqual(FlashStatus.Ok, flash.Write(10, new byte[] { 0x05 }, 0, 1).Status);
            Assert.AreEqual(FlashStatus.NotErased, flash.Write(10, new byte[] { 0xF0 }, 0, 1).Status);
            byte[] back = new byte[1];
            flash.Read(10, back, 0, 1);
            Assert.AreEqual((byte)0x05, back[0]);
            Assert.AreEqual(FlashStatus.Ok, flash.Erase(0, 4096).Status);
            flash.Read(10, back, 0, 1);
            Assert.AreEqual((byte)0xFF, back[0]);
            Assert.AreEqual(1, flash.ErasedBlocks);
        }

        [TestMethod]
        public void EraseReadWrite_ByteAlignedBadRanges_StatusNotException()
        {
            NorFlash flash = new NorFlash(new MemoryFlashMedium(8192), 4096, 1);
            Assert.AreEqual(FlashStatus.Unaligned, flash.Erase(100, 4096).Status);
            Assert.AreEqual(FlashStatus.Unaligned, flash.Erase(0, 100).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, flash.Erase(4096, 8192).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, flash.Write(8190, new byte[4], 0, 4).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, flash.Read(-1, new byte[4], 0, 4).Status);
        }

        [TestMethod]
        public void BadRegion_WriteAndErase_FlashErrorWithEspErrAndNothingChanged()
        {
            NorFlash flash = NewFlash();
            flash.AddBadRegion(8192, 4096, EspErrorMap.FlashOpFail);
            int operations = flash.OperationCount;

            FlashResult write = flash.Write(8192, new byte[4], 0, 4);
            FlashResult erase = flash.Erase(4096, 8192);

            Assert.AreEqual(FlashStatus.FlashError, write.Status);
            Assert.AreEqual(EspErrorMap.FlashOpFail, write.PlatformCode);
            Assert.AreEqual("FlashError (esp_err 0x6001 ESP_ERR_FLASH_OP_FAIL)", erase.ToString());
            Assert.AreEqual(operations, flash.OperationCount);
            CollectionAssert.AreEqual(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, ReadBack(flash, 8192, 4));
            Assert.AreEqual(FlashStatus.Ok, flash.Write(4096, new byte[4], 0, 4).Status);
            Assert.AreEqual(FlashStatus.Ok, flash.Read(8192, new byte[4], 0, 4).Status);
        }

        [TestMethod]
        public void Window_InnerFailure_PassesTheEspErrThrough()
        {
            NorFlash flash = NewFlash();
            flash.AddBadRegion(4096, 4096, EspErrorMap.FlashOpFail);
            FlashWindow window = new FlashWindow(flash, 4096, 8192);

            FlashResult result = window.Erase(0, 4096);

            Assert.AreEqual(FlashStatus.FlashError, result.Status);
            Assert.AreEqual(EspErrorMap.FlashOpFail, result.PlatformCode);
            Assert.AreEqual(4096, window.Offset);
            TestAssert.Throws(typeof(System.ArgumentOutOfRangeException), delegate { new FlashWindow(flash, 0, 0); });
            TestAssert.Throws(typeof(System.ArgumentNullException), delegate { new FlashWindow(null, 0, 4096); });
        }
    }
}
