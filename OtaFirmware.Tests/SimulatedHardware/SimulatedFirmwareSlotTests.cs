// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.Tests.Fakes;
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
    public class SimulatedFirmwareSlotTests
    {
        private static byte[] ReadPartition(SimulatedEsp32 board, int slot, int count)
        {
            byte[] bytes = new byte[count];
            Assert.AreEqual(FlashStatus.Ok, board.Flash.Read(board.Table.OtaSlot(slot).Offset, bytes, 0, count).Status);
            return bytes;
        }

        [TestMethod]
        public void Slot_FreshBoard_DescribesRunningAndInactiveSlots()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));

            Assert.AreEqual(0x1B0000, slot.Capacity);
            Assert.AreEqual(4096, slot.EraseBlockSize);
            Assert.AreEqual(4, slot.WriteAlignment);
            Assert.AreEqual(0, slot.RunningSlot);
            Assert.AreEqual(1, slot.InactiveSlot);
            Assert.AreEqual("1.0.0", slot.RunningVersion);
            Assert.AreEqual(ImageState.Valid, slot.RunningState);
        }

        [TestMethod]
        public void Write_GoesToInactiveSlotOnly()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            byte[] running = ReadPartition(board, 0, BoardTestSupport.ImageSize);
            byte[] image = BoardTestSupport.Image("2.0.0", 2);

            BoardTestSupport.Stage(slot, image);

            CollectionAssert.AreEqual(running, ReadPartition(board, 0, BoardTestSupport.ImageSize));
            CollectionAssert.AreEqual(image, ReadPartition(board, 1, image.Length));
            byte[] back = new byte[image.Length];
            Assert.AreEqual(FlashStatus.Ok, slot.Read(0, back, 0, back.Length).Status);
            CollectionAssert.AreEqual(image, back);
        }

        [TestMethod]
        public void Write_AfterBootingOta1_GoesToOta0()
        {
            SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            byte[] running = ReadPartition(board, 1, BoardTestSupport.ImageSize);

            Assert.AreEqual(1, slot.RunningSlot);
            Assert.AreEqual(0, slot.InactiveSlot);
            Assert.AreEqual(ImageState.PendingVerify, slot.RunningState);
            Assert.AreEqual(FlashStatus.Ok, slot.EraseBlock(0).Status);
            Assert.AreEqual(FlashStatus.Ok, slot.Write(0, new byte[] { 1, 2, 3, 4 }, 0, 4).Status);

            CollectionAssert.AreEqual(running, ReadPartition(board, 1, BoardTestSupport.ImageSize));
            CollectionAssert.AreEqual(new byte[] { 1, 2, 3, 4, 0xFF }, ReadPartition(board, 0, 5));
        }

        [TestMethod]
        public void Write_OutsideInactiveSlot_IsRefused()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            int operations = board.Flash.OperationCount;
            byte[] data = new byte[8];

            // The running slot lies before the inactive one: no offset reaches it.
            Assert.AreEqual(FlashStatus.OutOfRange, slot.Write(-0x1B0000, data, 0, 8).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, slot.Write(-4, data, 0, 8).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, slot.Write(slot.Capacity - 4, data, 0, 8).Status);
            Assert.AreEqual(FlashStatus.Unaligned, slot.Write(2, data, 0, 4).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, slot.EraseBlock(slot.Capacity).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, slot.EraseBlock(-4096).Status);
            Assert.AreEqual(FlashStatus.Unaligned, slot.EraseBlock(100).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, slot.Read(slot.Capacity, data, 0, 1).Status);
            Assert.AreEqual(operations, board.Flash.OperationCount);
        }

        [TestMethod]
        public void Write_OverProgrammedBytes_IsNotErased()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            slot.EraseBlock(0);
            slot.Write(0, new byte[4], 0, 4);

            Assert.AreEqual(FlashStatus.NotErased, slot.Write(0, new byte[] { 1, 1, 1, 1 }, 0, 4).Status);
        }

        [TestMethod]
        public void WriteAndHash_WriteSucceeds_WritesAllAndHashesOnlyHashCountBytes()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            byte[] data = new byte[] { 1, 2, 3, 4, 5, 6, 0xFF, 0xFF };
            Sha256 sha256 = new Sha256();
            slot.EraseBlock(0);

            Assert.AreEqual(FlashStatus.Ok, slot.WriteAndHash(0, data, 0, 8, 6, null, sha256).Status);

            byte[] back = new byte[8];
            slot.Read(0, back, 0, 8);
            CollectionAssert.AreEqual(data, back);
            byte[] digest = new byte[32];
            sha256.Finish(digest, 0);
            CollectionAssert.AreEqual(Sha256Of.Bytes(new byte[] { 1, 2, 3, 4, 5, 6 }), digest, "the padding is written, not hashed");
        }

        [TestMethod]
        public void WriteAndHash_WriteFails_HashesUnchanged()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            Md5 md5 = new Md5();
            Sha256 sha256 = new Sha256();
            slot.EraseBlock(0);
            slot.Write(0, new byte[4], 0, 4);

            Assert.AreEqual(FlashStatus.NotErased, slot.WriteAndHash(0, new byte[] { 1, 1, 1, 1 }, 0, 4, 4, md5, sha256).Status);
            Assert.AreEqual(FlashStatus.OutOfRange, slot.WriteAndHash(slot.Capacity, new byte[4], 0, 4, 4, md5, sha256).Status);

            Assert.AreEqual(0L, md5.Length);
            Assert.AreEqual(0L, sha256.Length);
        }

        [TestMethod]
        public void WriteAndHash_HashCountOutsideTheWrite_ThrowsAndWritesNothing()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            slot.EraseBlock(0);
            int operations = board.Flash.OperationCount;

            TestAssert.Throws(typeof(System.ArgumentOutOfRangeException), delegate { slot.WriteAndHash(0, new byte[8], 0, 4, 5, new Md5(), null); });
            TestAssert.Throws(typeof(System.ArgumentOutOfRangeException), delegate { slot.WriteAndHash(0, new byte[8], 0, 4, -1, new Md5(), null); });

            Assert.AreEqual(operations, board.Flash.OperationCount);
        }

        [TestMethod]
        public void Activate_InvalidImage_IsRefusedAndOtadataUntouched()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            byte[] image = BoardTestSupport.Image("2.0.0", 2);
            image[5000] ^= 0xFF;
            BoardTestSupport.Stage(slot, image);
            int operations = board.Flash.OperationCount;

            Assert.AreEqual(FlashStatus.InvalidImage, slot.Activate(image.Length).Status);
            Assert.AreEqual(operations, board.Flash.OperationCount);
            Assert.AreEqual(0, BoardTestSupport.BootOk(board).Slot);
        }

        [TestMethod]
        public void Activate_SizeSmallerThanImageOrOutOfRange_IsInvalidImage()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            byte[] image = BoardTestSupport.Image("2.0.0", 2);
            BoardTestSupport.Stage(slot, image);

            Assert.AreEqual(FlashStatus.InvalidImage, slot.Activate(image.Length - 16).Status);
            Assert.AreEqual(FlashStatus.InvalidImage, slot.Activate(0).Status);
            Assert.AreEqual(FlashStatus.InvalidImage, slot.Activate(slot.Capacity + 1).Status);
            Assert.AreEqual(FlashStatus.Ok, slot.Activate(image.Length + 4096).Status);
        }

        [TestMethod]
        public void Activate_EmptySlot_IsInvalidImage()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));

            Assert.AreEqual(FlashStatus.InvalidImage, slot.Activate(4096).Status);
        }

        [TestMethod]
        public void MarkRunningInvalid_NoImageInOtherSlot_IsNoRollbackTarget()
        {
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            int operations = board.Flash.OperationCount;

            Assert.AreEqual(FlashStatus.NoRollbackTarget, slot.MarkRunningInvalid().Status);
            Assert.AreEqual(operations, board.Flash.OperationCount);
            Assert.AreEqual(ImageState.Valid, slot.RunningState);
        }

        [TestMethod]
        public void MarkRunningInvalid_AfterUpdate_RollsBackAtNextBoot()
        {
            SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));

            Assert.AreEqual(FlashStatus.Ok, slot.MarkRunningInvalid().Status);
            Assert.AreEqual(ImageState.Invalid, slot.RunningState);
            TestAssert.Throws(typeof(SimulatedResetException), delegate { slot.Reboot(); });

            BootResult boot = BoardTestSupport.BootOk(board);
            Assert.AreEqual(0, boot.Slot);
            Assert.AreEqual("1.0.0", boot.Version);
            Assert.AreEqual(ImageState.Valid, boot.State);
        }

        [TestMethod]
        public void MarkRunningInvalid_SecondUpdateBackToOta0_RollsBackToOta1()
        {
            SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();
            SimulatedFirmwareSlot running2 = board.OpenSlot(BoardTestSupport.BootOk(board));
            Assert.AreEqual(FlashStatus.Ok, running2.MarkRunningValid().Status);
            byte[] image = BoardTestSupport.Image("3.0.0", 3);
            BoardTestSupport.Stage(running2, image);
            Assert.AreEqual(FlashStatus.Ok, running2.Activate(image.Length).Status);
            SimulatedFirmwareSlot running3 = board.OpenSlot(BoardTestSupport.BootOk(board));
            Assert.AreEqual("3.0.0", running3.RunningVersion);
            Assert.AreEqual(0, running3.RunningSlot);

            Assert.AreEqual(FlashStatus.Ok, running3.MarkRunningInvalid().Status);

            BootResult boot = BoardTestSupport.BootOk(board);
            Assert.AreEqual(1, boot.Slot);
            Assert.AreEqual("2.0.0", boot.Version);
            Assert.AreEqual(ImageState.Valid, boot.State);
        }

        [TestMethod]
        public void MarkRunningValid_Twice_WritesOnce()
        {
            SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));

            Assert.AreEqual(FlashStatus.Ok, slot.MarkRunningValid().Status);
            int operations = board.Flash.OperationCount;
            Assert.AreEqual(FlashStatus.Ok, slot.MarkRunningValid().Status);
            Assert.AreEqual(operations, board.Flash.OperationCount);
        }

        [TestMethod]
        public void MarkRunningInvalid_FirstBootImageAlsoInOta1_IsNoRollbackTarget()
        {
            // esp_ota_check_rollback_is_possible: the entry that is not active is blank (not valid) and there is no
            // factory partition, so ESP-IDF answers ROLLBACK_FAILED whatever ota_1 holds.
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            board.FlashImage(board.Table.OtaSlot(1), BoardTestSupport.Image("0.9.0", 9));
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));

            Assert.AreEqual(FlashStatus.NoRollbackTarget, slot.MarkRunningInvalid().Status);
            Assert.AreEqual(ImageState.Valid, slot.RunningState);
        }

        [TestMethod]
        public void MarkRunningInvalid_AfterActivateBeforeReboot_CancelsPendingUpdate()
        {
            // esp_ota_current_ota_is_workable(false): the active entry is now the pending update's NEW entry; it
            // becomes INVALID and nothing else is written, so the next boot stays on the running image.
            SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();
            SimulatedFirmwareSlot running = board.OpenSlot(board.Boot());
            Assert.AreEqual(FlashStatus.Ok, running.MarkRunningValid().Status);
            byte[] image = BoardTestSupport.Image("3.0.0", 3);
            BoardTestSupport.Stage(running, image);
            Assert.AreEqual(FlashStatus.Ok, running.Activate(image.Length).Status);

            Assert.AreEqual(FlashStatus.Ok, running.MarkRunningInvalid().Status);

            BootResult boot = BoardTestSupport.BootOk(board);
            Assert.AreEqual(1, boot.Slot);
            Assert.AreEqual("2.0.0", boot.Version);
            Assert.AreEqual(ImageState.Valid, boot.State);
        }

        [TestMethod]
        public void MarkRunningValidOrInvalid_NoActiveEntry_IsFailure()
        {
            // esp_ota_current_ota_is_workable: no active otadata entry is ESP_FAIL ("running firmware is factory").
            SimulatedEsp32 board = BoardTestSupport.NewBoard();
            SimulatedFirmwareSlot slot = board.OpenSlot(BoardTestSupport.BootOk(board));
            PartitionEntry otadata = board.Table.Find("otadata");
            Assert.AreEqual(FlashStatus.Ok, board.Flash.Erase(otadata.Offset, otadata.Size).Status);

            Assert.AreEqual(FlashStatus.FlashError, slot.MarkRunningValid().Status);
            Assert.AreEqual(FlashStatus.FlashError, slot.MarkRunningInvalid().Status);
        }

        [TestMethod]
        public void EraseBlock_FirstBlock_InvalidatesInactiveOtadataEntry()
        {
            // esp_ota_begin → esp_ota_invalidate_inactive_ota_data_slot: after 1.0.0 (ota_0) → 2.0.0 (ota_1), the
            // entry naming ota_0 is erased when the next update begins, so no rollback can pick the slot being rewritten.
            SimulatedEsp32 board = BoardTestSupport.BoardRunningUpdate();
            SimulatedFirmwareSlot running = board.OpenSlot(BoardTestSupport.BootOk(board));
            Assert.AreEqual(FlashStatus.Ok, running.MarkRunningValid().Status);
            PartitionEntry otadata = board.Table.Find("otadata");
            byte[] sequence = new byte[4];
            Assert.AreEqual(FlashStatus.Ok, board.Flash.Read(otadata.Offset, sequence, 0, 4).Status);
            Assert.AreEqual("01000000", HexText.From(sequence));

            Assert.AreEqual(FlashStatus.Ok, running.EraseBlock(0).Status);

            Assert.AreEqual(FlashStatus.Ok, board.Flash.Read(otadata.Offset, sequence, 0, 4).Status);
            Assert.AreEqual("ffffffff", HexText.From(sequence));
            Assert.AreEqual(FlashStatus.Ok, board.Flash.Read(otadata.Offset + 0x1000, sequence, 0, 4).Status);
            Assert.AreEqual("02000000", HexText.From(sequence));
            Assert.AreEqual(FlashStatus.NoRollbackTarget, running.MarkRunningInvalid().Status);
        }
    }
}
