// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
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
    public class RamFlashRegionTests
    {
        [TestMethod]
        public void Write_OverProgrammedBits_NotErasedAndUnchanged()
        {
            RamFlashRegion flash = new RamFlashRegion(8192, 4096);
            Assert.AreEqual(FlashStatus.Ok, flash.Write(10, new byte[] { 0x0F }, 0, 1));
            Assert.AreEqual(FlashStatus.Ok, flash.Write(10, new byte[] { 0x05 }, 0, 1));
            Assert.AreEqual(FlashStatus.NotErased, flash.Write(10, new byte[] { 0xF0 }, 0, 1));
            byte[] back = new byte[1];
            flash.Read(10, back, 0, 1);
            Assert.AreEqual((byte)0x05, back[0]);
            Assert.AreEqual(FlashStatus.Ok, flash.Erase(0, 4096));
            flash.Read(10, back, 0, 1);
            Assert.AreEqual((byte)0xFF, back[0]);
            Assert.AreEqual(1, flash.ErasedBlocks);
        }

        [TestMethod]
        public void EraseReadWrite_BadRanges_StatusNotException()
        {
            RamFlashRegion flash = new RamFlashRegion(8192, 4096);
            Assert.AreEqual(FlashStatus.Unaligned, flash.Erase(100, 4096));
            Assert.AreEqual(FlashStatus.Unaligned, flash.Erase(0, 100));
            Assert.AreEqual(FlashStatus.OutOfRange, flash.Erase(4096, 8192));
            Assert.AreEqual(FlashStatus.OutOfRange, flash.Write(8190, new byte[4], 0, 4));
            Assert.AreEqual(FlashStatus.OutOfRange, flash.Read(-1, new byte[4], 0, 4));
        }
    }
}
