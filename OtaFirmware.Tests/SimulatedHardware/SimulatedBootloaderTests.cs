// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.Update;
using OtaFirmware.SimulatedHardware;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.SimulatedHardware
{
    [TestClass]
    public class SimulatedBootloaderTests
    {
        private static void Damage(SimulatedEsp32 board, int slot, int kind)
        {
            PartitionEntry partition = board.Table.OtaSlot(slot);
            if (kind == 0)
            {
                // Truncated: the last erase block of the image is gone.
                Assert.AreEqual(FlashStatus.Ok, board.Flash.Erase(partition.Offset + BoardTestSupport.ImageSize - 4096, 4096).Status);
            }
            else if (kind == 1)
            {
                // One payload byte programmed to zero (NOR lets bits fall without an erase).
                Assert.AreEqual(FlashStatus.Ok, board.Flash.Write(partition.Offset + 1000, new byte[] { 0, 0, 0, 0 }, 0, 4).Status);
            }
            else
            {
                // Wrong magic.
                Assert.AreEqual(FlashStatus.Ok, board.Flash.Write(partition.Offset, new byte[] { 0x00, 0x03, 0x02, 0x20 }, 0, 4).Status);
            }
        }

        [TestMethod]
        public void Boot_FreshBoard_BootsOta0AndRecordsIt()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();

            BootResult boot = BoardTestSupport.BootOk(board);

            Assert.AreEqual(0, boot.Slot);
            Assert.AreEqual("ota_0", boot.Partition.Name);
            Assert.AreEqual("1.0.0", boot.Version);
            Assert.AreEqual(ImageState.Valid, boot.State);
            Assert.IsTrue(boot.Log.IndexOf("no factory: ota_0") >= 0, boot.Log);

            // set_actual_ota_seq: blank otadata gets seq 1, VALID, in sector 0.
            byte[] entry = new byte[32];
            PartitionEntry otadata = board.Table.Find("otadata");
            board.Flash.Read(otadata.Offset, entry, 0, 32);
            Assert.AreEqual("01000000", HexText.From(entry, 0, 4));
            Assert.AreEqual("02000000", HexText.From(entry, 24, 4));
            Assert.AreEqual("9a984347", HexText.From(entry, 28, 4));
        }

        [TestMethod]
        public void Boot_UpdateNeverConfirmed_RollsBackToPreviousSlot()
        {
            SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();

            BootResult first = BoardTestSupport.BootOk(board);
            Assert.AreEqual(1, first.Slot);
            Assert.AreEqual("2.0.0", first.Version);
            Assert.AreEqual(ImageState.PendingVerify, first.State);

            BootResult second = BoardTestSupport.BootOk(board);
            Assert.AreEqual(0, second.Slot);
            Assert.AreEqual("1.0.0", second.Version);
            Assert.AreEqual(ImageState.Valid, second.State);
            Assert.IsTrue(second.Log.IndexOf("ABORTED") >= 0, second.Log);

            BootResult third = BoardTestSupport.BootOk(board);
            Assert.AreEqual(0, third.Slot);
            Assert.AreEqual(ImageState.Valid, board.OpenSlot(third).RunningState);

            PartitionEntry partition = board.Table.Find("otadata");
            OtaData otadata = new OtaData(board.Flash.Window(partition.Offset, partition.Size), 2);
            OtaSelectEntry entry0 = new OtaSelectEntry();
            OtaSelectEntry entry1 = new OtaSelectEntry();
            Assert.AreEqual(FlashStatus.Ok, otadata.ReadEntries(entry0, entry1).Status);
            Assert.AreEqual(ImageState.Aborted, otadata.StateOfSlot(entry0, entry1, 1));
        }

        [TestMethod]
        public void Boot_UpdateConfirmed_KeepsNewSlot()
        {
            SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));

            Assert.AreEqual(FlashStatus.Ok, slot.MarkRunningValid().Status);
            Assert.AreEqual(ImageState.Valid, slot.RunningState);

            BootResult again = BoardTestSupport.BootOk(board);
            Assert.AreEqual(1, again.Slot);
            Assert.AreEqual("2.0.0", again.Version);
            Assert.AreEqual(ImageState.Valid, again.State);
        }

        [TestMethod]
        public void Boot_NewImageDamaged_BootsOtherSlot()
        {
            for (int kind = 0; kind < 3; kind++)
            {
                SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();
                Damage(board, 1, kind);

                BootResult boot = BoardTestSupport.BootOk(board);

                Assert.AreEqual(0, boot.Slot, "kind " + kind.ToString());
                Assert.AreEqual("1.0.0", boot.Version);
                Assert.IsTrue(boot.Log.IndexOf("ota_1: image refused") >= 0, boot.Log);
            }
        }

        [TestMethod]
        public void Boot_RunningImageDamaged_BootsOtherValidSlot()
        {
            SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            slot.MarkRunningValid();
            Damage(board, 1, 1);

            BootResult boot = BoardTestSupport.BootOk(board);

            Assert.AreEqual(0, boot.Slot);
            Assert.AreEqual("1.0.0", boot.Version);
        }

        [TestMethod]
        public void Boot_LayoutWithFactory_BootsFactoryWhenNoEntryIsUsable()
        {
            const string Csv = "nvs,data,nvs,,0x4000\notadata,data,ota,,0x2000\nphy_init,data,phy,,0x1000\nfactory,app,factory,,64K\nota_0,app,ota_0,,64K\nota_1,app,ota_1,,64K\n";
            SimulatedEsp32 board = SimulatedEsp32.Create(new MemoryFlashMedium(0x100000), Csv, 0, "0.9.0", BoardTestSupport.ImageSize, 9);
            board.FlashImage(board.Table.Find("factory"), BoardTestSupport.Image("factory", 8));

            BootResult first = BoardTestSupport.BootOk(board);
            Assert.AreEqual(BootResult.FactorySlot, first.Slot);
            Assert.AreEqual("factory", first.Version);
            Assert.AreEqual(ImageState.Undefined, first.State);

            SimulatedFirmwareSlot slot = board.OpenSlot(first);
            Assert.AreEqual(0, slot.InactiveSlot);
            Assert.AreEqual(0x10000, slot.Capacity);
            byte[] image = BoardTestSupport.Image("2.0.0", 2);
            BoardTestSupport.Stage(slot, image);
            Assert.AreEqual(FlashStatus.Ok, slot.Activate(image.Length).Status);

            BootResult updated = BoardTestSupport.BootOk(board);
            Assert.AreEqual(0, updated.Slot);
            Assert.AreEqual("2.0.0", updated.Version);
            Assert.AreEqual(ImageState.PendingVerify, updated.State);

            BootResult rolledBack = BoardTestSupport.BootOk(board);
            Assert.AreEqual(BootResult.FactorySlot, rolledBack.Slot);
            Assert.AreEqual("factory", rolledBack.Version);
        }

        [TestMethod]
        public void Boot_NoValidImage_Fails()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            Damage(board, 0, 2);

            BootResult boot = board.Boot();

            Assert.IsFalse(boot.IsOk);
            Assert.IsNull(boot.Partition);
            Assert.AreEqual("no bootable app partition", boot.FailureReason);
        }

        [TestMethod]
        public void Boot_ChipNewerThanTheImagesMaximumRevision_Fails()
        {
            // bootloader_common_check_chip_validity: an ESP32 image built with max_chip_rev_full v3.99 does not boot on
            // a (future) v4.0 chip: "chip revision check failed".
            SimulatedEfuse efuse = new SimulatedEfuse();
            efuse.WaferVersion = 400;
            SimulatedEsp32 board = SimulatedEsp32.Create(new MemoryFlashMedium(BoardLayouts.Esp32FlashSize), BoardLayouts.Esp32FourMegabytes, Esp32ImageHeader.ChipEsp32, "1.0.0", BoardTestSupport.ImageSize, 1, efuse);

            BootResult boot = board.Boot();

            Assert.IsFalse(boot.IsOk, boot.Log);
            Assert.IsTrue(boot.Log.IndexOf("required <= v3.99, found v4.0") >= 0, boot.Log);
        }

        [TestMethod]
        public void Activate_ImageForANewerChipRevision_IsRefused()
        {
            // esp_ota_end verifies the image in the app too (esp_image_verify → verify_image_header): an image that
            // needs ESP32 v3.1 is refused on the default v3.0 chip, and the running image stays.
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            byte[] image = Esp32ImageBuilder.Build("2.0.0", "OtaFirmware", Esp32ImageHeader.ChipEsp32, BoardTestSupport.ImageSize, 2, BoardLayouts.Esp32FlashSize, 0, 301, 399);
            BoardTestSupport.Stage(slot, image);

            Assert.AreEqual(FlashStatus.InvalidImage, slot.Activate(image.Length).Status);
            Assert.AreEqual("1.0.0", BoardTestSupport.BootOk(board).Version);
        }

        [TestMethod]
        public void Boot_NewImageOverBootloaderRam_BootsPreviousSlot()
        {
            // verify_load_addresses runs only in the bootloader: the app activates an image whose IRAM segment was moved
            // onto the bootloader's data (dram_seg at 0x3FFF0000); the bootloader refuses it and starts ota_0 again.
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            byte[] image = BoardTestSupport.Image("2.0.0", 2);
            int second = 24 + 8 + (image[28] | (image[29] << 8) | (image[30] << 16));
            image[second] = 0x00;
            image[second + 1] = 0x00;
            image[second + 2] = 0xFF;
            image[second + 3] = 0x3F;
            Sha256 sha = new Sha256();
            sha.Append(image, 0, image.Length - 32);
            sha.Finish(image, image.Length - 32);
            BoardTestSupport.Stage(slot, image);
            Assert.AreEqual(FlashStatus.Ok, slot.Activate(image.Length).Status);

            BootResult boot = BoardTestSupport.BootOk(board);

            Assert.AreEqual(0, boot.Slot, boot.Log);
            Assert.AreEqual("1.0.0", boot.Version);
            Assert.IsTrue(boot.Log.IndexOf("overlaps bootloader data") >= 0, boot.Log);
        }

        [TestMethod]
        public void Boot_CorruptPartitionTable_Fails()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            board.Flash.Write(PartitionTable.FlashOffset + 8, new byte[4], 0, 4);

            BootResult boot = board.Boot();

            Assert.IsFalse(boot.IsOk);
            Assert.IsTrue(boot.FailureReason.IndexOf("partition table invalid") == 0, boot.FailureReason);
        }

        [TestMethod]
        public void Activate_PowerCutAtEveryOperation_BootsOldOrNew()
        {
            int total = CountActivateOperations();
            Assert.IsTrue(total >= 2, "otadata erase + write");
            for (int operation = 1; operation <= total; operation++)
            {
                for (int variant = 0; variant < 3; variant++)
                {
                    SimulatedEsp32 board = BoardTestSupport.NewBoard();
                    SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
                    byte[] image = BoardTestSupport.Image("2.0.0", 2);
                    BoardTestSupport.Stage(slot, image);
                    board.Flash.SetPowerCutPlan(variant == 0 ? PowerCutPlan.BeforeOperation(operation) : PowerCutPlan.InsideOperationSeeded(operation, (operation * 31) + variant));

                    TestAssert.Throws(typeof(PowerLossException), delegate { slot.Activate(image.Length); });
                    BootResult boot = BoardTestSupport.BootOk(board);

                    string where = "op " + operation.ToString() + " variant " + variant.ToString();
                    Assert.IsTrue(boot.Version == "1.0.0" || boot.Version == "2.0.0", where);
                    Assert.AreEqual(boot.Version == "1.0.0" ? 0 : 1, boot.Slot, where);
                }
            }
        }

        [TestMethod]
        public void UpdateAndConfirm_PowerCutAtEveryOperation_AlwaysBoots()
        {
            // Stage, activate, reboot, confirm: whatever operation the power cut hits (before it or inside it), the
            // next boot finds a valid image, the old one or the new one.
            int total = CountUpdateOperations();
            Assert.AreEqual(10, total, "2 x (erase + write) staging, 2 activate, 2 boot (PENDING_VERIFY), 2 confirm");
            for (int operation = 1; operation <= total; operation++)
            {
                for (int variant = 0; variant < 2; variant++)
                {
                    SimulatedEsp32 board = BoardTestSupport.NewBoard();
                    BootResult start = BoardTestSupport.BootOk(board);
                    board.Flash.SetPowerCutPlan(variant == 0 ? PowerCutPlan.BeforeOperation(operation) : PowerCutPlan.InsideOperationSeeded(operation, operation));

                    TestAssert.Throws(typeof(PowerLossException), delegate { UpdateAndConfirm(board, start); });
                    BootResult boot = BoardTestSupport.BootOk(board);

                    string where = "op " + operation.ToString() + " variant " + variant.ToString() + "\n" + boot.Log;
                    Assert.IsTrue(boot.Version == "1.0.0" || boot.Version == "2.0.0", where);
                }
            }
        }

        private static int CountActivateOperations()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            byte[] image = BoardTestSupport.Image("2.0.0", 2);
            BoardTestSupport.Stage(slot, image);
            int before = board.Flash.OperationCount;
            Assert.AreEqual(FlashStatus.Ok, slot.Activate(image.Length).Status);
            return board.Flash.OperationCount - before;
        }

        private static int CountUpdateOperations()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            BootResult start = BoardTestSupport.BootOk(board);
            int before = board.Flash.OperationCount;
            UpdateAndConfirm(board, start);
            return board.Flash.OperationCount - before;
        }

        private static void UpdateAndConfirm(SimulatedEsp32 board, BootResult start)
        {
            SimulatedFirmwareSlot slot = board.OpenSlot(start);
            byte[] image = BoardTestSupport.Image("2.0.0", 2);
            BoardTestSupport.Stage(slot, image);
            Assert.AreEqual(FlashStatus.Ok, slot.Activate(image.Length).Status);
            BootResult boot = BoardTestSupport.BootOk(board);
            Assert.AreEqual("2.0.0", boot.Version);
            Assert.AreEqual(FlashStatus.Ok, board.OpenSlot(boot).MarkRunningValid().Status);
        }

        [TestMethod]
        public void Boot_BothEntriesPendingVerify_MarksBothAborted()
        {
            // bootloader_utility.c: every PENDING_VERIFY entry becomes ABORTED, not only the active one; with both
            // entries invalid and no factory partition, ota_0 boots.
            SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();
            PartitionEntry otadata = board.Table.Find("otadata");
            OtaData data = new OtaData(board.Flash.Window(otadata.Offset, otadata.Size), 2);
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            Assert.AreEqual(FlashStatus.Ok, data.ReadEntries(first, second).Status);
            Assert.AreEqual(FlashStatus.Ok, data.RewriteState(0, first, ImageState.PendingVerify).Status);
            Assert.AreEqual(FlashStatus.Ok, data.RewriteState(1, second, ImageState.PendingVerify).Status);

            BootResult boot = BoardTestSupport.BootOk(board);

            Assert.AreEqual(FlashStatus.Ok, data.ReadEntries(first, second).Status);
            Assert.AreEqual((int)ImageState.Aborted, (int)first.State, boot.Log);
            Assert.AreEqual((int)ImageState.Aborted, (int)second.State, boot.Log);
            Assert.AreEqual(0, boot.Slot);
        }
    }
}
