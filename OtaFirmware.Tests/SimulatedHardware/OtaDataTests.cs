// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
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
    public class OtaDataTests
    {
        private const string Blank20 = "ffffffffffffffffffffffffffffffffffffffff";

        /// <summary>Sequence, slot count, expected slot.</summary>
        private static readonly int[] SlotMapping = new int[] { 1, 2, 0, 2, 2, 1, 3, 2, 0, 4, 2, 1, 10, 2, 1, 5, 3, 1, 6, 3, 2, 7, 3, 0 };

        private static NorFlash NewFlash()
        {
            return new NorFlash(new MemoryFlashMedium(0x2000));
        }

        private static OtaData NewOtaData(NorFlash flash)
        {
            return new OtaData(flash.Window(0, 0x2000), 2);
        }

        private static string EntryHex(NorFlash flash, int sector)
        {
            byte[] bytes = new byte[32];
            Assert.AreEqual(FlashStatus.Ok, flash.Read(sector * 0x1000, bytes, 0, 32).Status);
            return HexText.From(bytes);
        }

        private static void WriteEntry(OtaData otadata, int sector, uint sequence, ImageState state, bool goodCrc)
        {
            OtaSelectEntry entry = new OtaSelectEntry();
            entry.Sequence = sequence;
            entry.State = state;
            entry.UpdateCrc();
            if (!goodCrc)
            {
                entry.Crc ^= 1;
            }

            Assert.AreEqual(FlashStatus.Ok, otadata.WriteEntry(sector, entry).Status);
        }

        private static int ActiveSector(OtaData otadata, OtaSelectEntry first, OtaSelectEntry second)
        {
            Assert.AreEqual(FlashStatus.Ok, otadata.ReadEntries(first, second).Status);
            return OtaData.SelectActive(first, second);
        }

        [TestMethod]
        public void ReadEntries_BlankOtadata_NoActiveEntry()
        {
            NorFlash flash = NewFlash();
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();

            Assert.AreEqual(-1, ActiveSector(NewOtaData(flash), first, second));
            Assert.IsTrue(first.IsInvalid);
            Assert.AreEqual(ImageState.Undefined, first.State);
        }

        [TestMethod]
        public void SetBootSlot_BlankOtadata_WritesSlotPlusOneInSectorZero()
        {
            NorFlash flash = NewFlash();
            OtaData otadata = NewOtaData(flash);

            Assert.AreEqual(FlashStatus.Ok, otadata.SetBootSlot(1).Status);

            // ota_seq 2, seq_label untouched (erased), ota_state NEW (0), crc = esp_rom_crc32_le(UINT32_MAX, {2,0,0,0}, 4).
            Assert.AreEqual("02000000" + Blank20 + "00000000" + "7437f655", EntryHex(flash, 0));
            Assert.AreEqual("ffffffff" + Blank20 + "ffffffff" + "ffffffff", EntryHex(flash, 1));
        }

        [TestMethod]
        public void SetBootSlot_Alternating_WritesOtherSectorWithNextSequence()
        {
            NorFlash flash = NewFlash();
            OtaData otadata = NewOtaData(flash);
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            WriteEntry(otadata, 0, 1, ImageState.Valid, true);

            Assert.AreEqual(FlashStatus.Ok, otadata.SetBootSlot(1).Status);
            Assert.AreEqual("02000000" + Blank20 + "00000000" + "7437f655", EntryHex(flash, 1));
            Assert.AreEqual(1, ActiveSector(otadata, first, second));

            Assert.AreEqual(FlashStatus.Ok, otadata.SetBootSlot(0).Status);
            Assert.AreEqual("03000000" + Blank20 + "00000000" + "11504aed", EntryHex(flash, 0));
            Assert.AreEqual(0, ActiveSector(otadata, first, second));
            Assert.AreEqual(0, otadata.SlotOf(first));

            Assert.AreEqual(FlashStatus.Ok, otadata.SetBootSlot(1).Status);
            Assert.AreEqual(1, ActiveSector(otadata, first, second));
            Assert.AreEqual(4u, second.Sequence);
            Assert.AreEqual(1, otadata.SlotOf(second));
        }

        [TestMethod]
        public void SetBootSlot_SameSlotAsActive_WritesSameSequenceToOtherSector()
        {
            // esp_ota_ops.c (v5.5) esp_rewrite_ota_data: the smallest (slot + 1) % n + i * n that is >= the active
            // sequence is the active sequence itself, and it goes to the other sector.
            NorFlash flash = NewFlash();
            OtaData otadata = NewOtaData(flash);
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            WriteEntry(otadata, 0, 4, ImageState.Valid, true);

            Assert.AreEqual(FlashStatus.Ok, otadata.SetBootSlot(1).Status);

            Assert.AreEqual(0, ActiveSector(otadata, first, second), "sector 0 wins the tie");
            Assert.AreEqual(4u, second.Sequence);
            Assert.AreEqual(ImageState.New, second.State);
            Assert.AreEqual(ImageState.Valid, first.State);
        }

        [TestMethod]
        public void StateOfSlot_BothEntriesNameSlot_FirstCrcValidInSectorOrder()
        {
            // esp_ota_get_state_partition loops i = 0, 1 and takes the first entry with a valid CRC naming the slot.
            NorFlash flash = NewFlash();
            OtaData otadata = NewOtaData(flash);
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            WriteEntry(otadata, 0, 1, ImageState.Valid, true);
            WriteEntry(otadata, 1, 3, ImageState.New, true);
            Assert.AreEqual(FlashStatus.Ok, otadata.ReadEntries(first, second).Status);

            Assert.AreEqual((int)ImageState.Valid, (int)otadata.StateOfSlot(first, second, 0));

            WriteEntry(otadata, 0, 1, ImageState.Valid, false);
            Assert.AreEqual(FlashStatus.Ok, otadata.ReadEntries(first, second).Status);
            Assert.AreEqual((int)ImageState.New, (int)otadata.StateOfSlot(first, second, 0));
        }

        [TestMethod]
        public void InvalidateInactive_InactiveEntryNamesOtherSlot_ErasesItsSector()
        {
            // esp_ota_invalidate_inactive_ota_data_slot: erase the inactive sector unless it names the running slot.
            NorFlash flash = NewFlash();
            OtaData otadata = NewOtaData(flash);
            WriteEntry(otadata, 0, 1, ImageState.Valid, true);
            WriteEntry(otadata, 1, 2, ImageState.Valid, true);

            Assert.AreEqual(FlashStatus.Ok, otadata.InvalidateInactive(0).Status);
            Assert.AreEqual("01000000", EntryHex(flash, 0).Substring(0, 8), "names the running slot: kept");

            Assert.AreEqual(FlashStatus.Ok, otadata.InvalidateInactive(1).Status);
            Assert.AreEqual(Blank20 + Blank20.Substring(0, 24), EntryHex(flash, 0));
            Assert.AreEqual("02000000", EntryHex(flash, 1).Substring(0, 8), "the active entry stays");
        }

        [TestMethod]
        public void OtaData_SixtyFourKilobyteEraseBlocks_EntriesOneEraseBlockApart()
        {
            // esp_ota_ops.c reads and rewrites otadata[1] at the partition's erase_size.
            NorFlash flash = new NorFlash(new MemoryFlashMedium(0x20000), 0x10000, 4);
            OtaData otadata = new OtaData(flash.Window(0, 0x20000), 2);

            Assert.AreEqual(FlashStatus.Ok, otadata.SetBootSlot(0).Status);
            Assert.AreEqual(FlashStatus.Ok, otadata.SetBootSlot(1).Status);

            byte[] bytes = new byte[4];
            Assert.AreEqual(FlashStatus.Ok, flash.Read(0x10000, bytes, 0, 4).Status);
            Assert.AreEqual("02000000", HexText.From(bytes));
        }

        [TestMethod]
        public void SelectActive_CorruptCrc_IsIgnored()
        {
            NorFlash flash = NewFlash();
            OtaData otadata = NewOtaData(flash);
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            WriteEntry(otadata, 0, 2, ImageState.Valid, true);
            WriteEntry(otadata, 1, 5, ImageState.Valid, false);

            Assert.AreEqual(0, ActiveSector(otadata, first, second));
            Assert.IsFalse(second.IsCrcValid);
        }

        [TestMethod]
        public void SelectActive_MaxSequenceWins_TieGoesToSectorZero()
        {
            NorFlash flash = NewFlash();
            OtaData otadata = NewOtaData(flash);
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();

            WriteEntry(otadata, 0, 7, ImageState.Valid, true);
            WriteEntry(otadata, 1, 4, ImageState.Valid, true);
            Assert.AreEqual(0, ActiveSector(otadata, first, second));

            WriteEntry(otadata, 1, 9, ImageState.PendingVerify, true);
            Assert.AreEqual(1, ActiveSector(otadata, first, second));

            // bootloader_common_select_otadata: on equal sequences the first entry wins.
            WriteEntry(otadata, 1, 7, ImageState.Valid, true);
            Assert.AreEqual(0, ActiveSector(otadata, first, second));
        }

        [TestMethod]
        public void SelectActive_InvalidAndAbortedEntries_AreNotActive()
        {
            NorFlash flash = NewFlash();
            OtaData otadata = NewOtaData(flash);
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            WriteEntry(otadata, 0, 3, ImageState.Invalid, true);
            WriteEntry(otadata, 1, 2, ImageState.Valid, true);

            Assert.AreEqual(1, ActiveSector(otadata, first, second));

            WriteEntry(otadata, 1, 2, ImageState.Aborted, true);
            Assert.AreEqual(-1, ActiveSector(otadata, first, second));
            Assert.AreEqual(ImageState.Aborted, otadata.StateOfSlot(first, second, 1));
            Assert.AreEqual(ImageState.Invalid, otadata.StateOfSlot(first, second, 0));
        }

        [TestMethod]
        public void SlotOf_Sequence_IsSequenceMinusOneModuloSlots()
        {
            NorFlash flash = NewFlash();
            for (int i = 0; i < SlotMapping.Length; i += 3)
            {
                OtaData otadata = new OtaData(flash.Window(0, 0x2000), SlotMapping[i + 1]);
                OtaSelectEntry entry = new OtaSelectEntry();
                entry.Sequence = (uint)SlotMapping[i];

                Assert.AreEqual(SlotMapping[i + 2], otadata.SlotOf(entry), "seq " + SlotMapping[i].ToString());
            }
        }

        [TestMethod]
        public void RewriteState_ActiveEntry_KeepsSequenceAndSector()
        {
            NorFlash flash = NewFlash();
            OtaData otadata = NewOtaData(flash);
            OtaSelectEntry first = new OtaSelectEntry();
            OtaSelectEntry second = new OtaSelectEntry();
            WriteEntry(otadata, 1, 2, ImageState.New, true);
            ActiveSector(otadata, first, second);

            Assert.AreEqual(FlashStatus.Ok, otadata.RewriteState(1, second, ImageState.Valid).Status);

            Assert.AreEqual("02000000" + Blank20 + "02000000" + "7437f655", EntryHex(flash, 1));
        }

        [TestMethod]
        public void SetBootSlot_PowerCutAtEveryOperation_LeavesOldOrNewChoice()
        {
            // Two starting points: only sector 0 used, and both sectors used (the write then replaces an old entry).
            for (int layout = 0; layout < 2; layout++)
            {
                int total = CountSetBootOperations(layout);
                Assert.AreEqual(2, total, "erase + write");
                for (int operation = 1; operation <= total; operation++)
                {
                    for (int variant = 0; variant < 6; variant++)
                    {
                        NorFlash flash = NewFlash();
                        OtaData otadata = NewOtaData(flash);
                        int oldSlot = Prepare(otadata, layout);
                        int newSlot = 1 - oldSlot;
                        PowerCutPlan plan = variant == 0 ? PowerCutPlan.BeforeOperation(operation) : PowerCutPlan.InsideOperationSeeded(operation, variant * 7919);
                        flash.SetPowerCutPlan(plan);

                        TestAssert.Throws(typeof(PowerLossException), delegate { otadata.SetBootSlot(newSlot); });
                        flash.PowerOn();

                        OtaSelectEntry first = new OtaSelectEntry();
                        OtaSelectEntry second = new OtaSelectEntry();
                        int active = ActiveSector(otadata, first, second);
                        string where = "layout " + layout.ToString() + " op " + operation.ToString() + " variant " + variant.ToString();
                        Assert.IsTrue(active != -1, where + ": no valid entry");
                        OtaSelectEntry chosen = active == 0 ? first : second;
                        int slot = otadata.SlotOf(chosen);
                        Assert.IsTrue(slot == oldSlot || slot == newSlot, where);
                        if (slot == newSlot)
                        {
                            Assert.AreEqual(ImageState.New, chosen.State, where);
                        }
                        else
                        {
                            Assert.AreEqual(ImageState.Valid, chosen.State, where);
                        }
                    }
                }
            }
        }

        private static int Prepare(OtaData otadata, int layout)
        {
            if (layout == 0)
            {
                WriteEntry(otadata, 0, 1, ImageState.Valid, true);
                return 0;
            }

            WriteEntry(otadata, 0, 2, ImageState.Valid, true);
            WriteEntry(otadata, 1, 1, ImageState.Valid, true);
            return 1;
        }

        private static int CountSetBootOperations(int layout)
        {
            NorFlash flash = NewFlash();
            OtaData otadata = NewOtaData(flash);
            int oldSlot = Prepare(otadata, layout);
            int before = flash.OperationCount;
            Assert.AreEqual(FlashStatus.Ok, otadata.SetBootSlot(1 - oldSlot).Status);
            return flash.OperationCount - before;
        }
    }
}
