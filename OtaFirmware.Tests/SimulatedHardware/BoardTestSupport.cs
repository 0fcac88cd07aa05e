// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
using OtaFirmware.Esp32;
using OtaFirmware.Update;
using OtaFirmware.SimulatedHardware;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.SimulatedHardware
{
    /// <summary>Small simulated boards and the steps of an update, shared by the bootloader and slot tests.</summary>
    public static class BoardTestSupport
    {
        /// <summary>Size of the test images: small, so that sweeps stay fast.</summary>
        public const int ImageSize = 8192;

        /// <summary>A fresh 4 MB ESP32 board with version 1.0.0 in ota_0.</summary>
        public static SimulatedEsp32 NewBoard()
        {
            return SimulatedEsp32.Create(new MemoryFlashMedium(BoardLayouts.Esp32FlashSize), BoardLayouts.Esp32FourMegabytes, Esp32ImageHeader.ChipEsp32, "1.0.0", ImageSize, 1);
        }

        /// <summary>An image of <see cref="ImageSize"/> bytes for the ESP32.</summary>
        public static byte[] Image(string version, int seed)
        {
            return Esp32ImageBuilder.Build(version, "OtaFirmware", Esp32ImageHeader.ChipEsp32, ImageSize, seed);
        }

        /// <summary>Boots and asserts that it worked.</summary>
        public static BootResult BootOk(SimulatedEsp32 board)
        {
            BootResult boot = board.Boot();
            Assert.IsTrue(boot.IsOk, boot.Log);
            return boot;
        }

        /// <summary>Writes <paramref name="image"/> into the inactive slot block by block, as the agent would.</summary>
        public static void Stage(IFirmwareSlot slot, byte[] image)
        {
            int block = slot.EraseBlockSize;
            for (int offset = 0; offset < image.Length; offset += block)
            {
                Assert.AreEqual(FlashStatus.Ok, slot.EraseBlock(offset).Status);
                int count = image.Length - offset < block ? image.Length - offset : block;
                Assert.AreEqual(FlashStatus.Ok, slot.Write(offset, image, offset, count).Status);
            }
        }

        /// <summary>Boots a fresh board, stages and activates version 2.0.0 and boots it (PENDING_VERIFY).</summary>
        public static SimulatedEsp32 BoardRunningUpdate()
        {
            SimulatedEsp32 board = NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BootOk(board));
            byte[] image = Image("2.0.0", 2);
            Stage(slot, image);
            Assert.AreEqual(FlashStatus.Ok, slot.Activate(image.Length).Status);
            return board;
        }
    }
}
