// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.SimulatedHardware;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.SimulatedHardware
{
    [TestClass]
    public class PartitionTableTests
    {
        /// <summary>CSV text, expected status (as int), expected line. One bad line per case.</summary>
        private static readonly object[] ErrorCases = new object[]
        {
            "# header\n\nnvs, foo, nvs, 0x9000, 0x1000", PartitionTableStatus.InvalidValue, 3,
            "app0, app, , 0x10000, 1M", PartitionTableStatus.MissingField, 1,
            "nvs, data, nvs, 0x9000, ", PartitionTableStatus.MissingField, 1,
            "nvs, data, nvs, 0x9000, 0x2000\nphy, data, phy, 0xA000, 0x1000", PartitionTableStatus.Overlap, 2,
            "nvs, data, nvs, 0x8000, 0x1000", PartitionTableStatus.Overlap, 1,
            "app0, app, ota_0, 0x11000, 1M", PartitionTableStatus.Misaligned, 1,
            "nvs, data, nvs, 0x9800, 0x1000", PartitionTableStatus.Misaligned, 1,
            "app0, app, ota_0, 0x10000, 0x10800", PartitionTableStatus.Misaligned, 1,
            "otadata, data, ota, , 0x2000, readonly", PartitionTableStatus.InvalidValue, 1,
            "core, data, coredump, , 64K, readonly", PartitionTableStatus.InvalidValue, 1,
            "nvs, data, nvs, , 0x2000", PartitionTableStatus.InvalidValue, 1,
            "a, data, nvs, , 12K\nb, data, phy, , 4K\na, data, 0x40, , 4K", PartitionTableStatus.DuplicateName, 3,
            "otadata, data, ota, , 0x1000", PartitionTableStatus.InvalidOtaData, 1,
            "a_name_of_17_byte, data, nvs, , 4K", PartitionTableStatus.NameTooLong, 1,
            "nvs, data, nvs, , 4K, fast", PartitionTableStatus.UnknownFlag, 1,
            "nvs, data, nvs, 0xZZ, 4K", PartitionTableStatus.InvalidValue, 1,
            "app0, app, ota_16, , 1M", PartitionTableStatus.InvalidValue, 1,
            "# only a comment\n", PartitionTableStatus.Empty, 0,
        };

        private static PartitionTable Parse(string csv)
        {
            PartitionTableResult result = PartitionTable.ParseCsv(csv);
            Assert.IsTrue(result.IsOk, result.ToString());
            return result.Table;
        }

        private static void AssertEntry(PartitionEntry entry, string name, int type, int subtype, int offset, int size)
        {
            Assert.IsNotNull(entry, name);
            Assert.AreEqual(name, entry.Name);
            Assert.AreEqual(type, entry.Type, name);
            Assert.AreEqual(subtype, entry.Subtype, name);
            Assert.AreEqual(offset, entry.Offset, name);
            Assert.AreEqual(size, entry.Size, name);
        }

        [TestMethod]
        public void ParseCsv_Board4Mb_HasLayout()
        {
            PartitionTable table = Parse(BoardLayouts.Esp32FourMegabytes);

            Assert.AreEqual(8, table.Count);
            AssertEntry(table[0], "nvs", 1, 0x02, 0x9000, 0x4000);
            AssertEntry(table[1], "otadata", 1, 0x00, 0xD000, 0x2000);
            AssertEntry(table[2], "phy_init", 1, 0x01, 0xF000, 0x1000);
            AssertEntry(table[3], "ota_0", 0, 0x10, 0x10000, 0x1B0000);
            AssertEntry(table[4], "ota_1", 0, 0x11, 0x1C0000, 0x1B0000);
            AssertEntry(table[5], "otarec", 0x40, 0x00, 0x370000, 0x2000);
            AssertEntry(table[6], "deploy", 1, 0x84, 0x372000, 0x5E000);
            AssertEntry(table[7], "config", 1, 0x83, 0x3D0000, 0x30000);
            Assert.AreEqual(2, table.OtaSlotCount);
            Assert.AreEqual(BoardLayouts.Esp32FlashSize, table[7].End);
        }

        [TestMethod]
        public void ParseCsv_Board8Mb_FillsTheFlashWithEqualSlots()
        {
            PartitionTable table = Parse(BoardLayouts.Esp32S3EightMegabytes);

            Assert.AreEqual(table.OtaSlot(0).Size, table.OtaSlot(1).Size);
            Assert.IsTrue(table.OtaSlot(0).Size >= 0x200000);
            Assert.AreEqual(0x2000, table.Find("otarec").Size);
            Assert.AreEqual(BoardLayouts.Esp32S3FlashSize, table[table.Count - 1].End);
        }

        [TestMethod]
        public void ParseCsv_Board8Mb_HasTheGatewayStagingPartition()
        {
            PartitionTable table = Parse(BoardLayouts.Esp32S3EightMegabytes);

            AssertEntry(table.Find("deploy"), "deploy", 1, 0x84, 0x6B2000, 0x8E000);
            AssertEntry(table.Find("staging"), "staging", 0x40, 0x01, 0x740000, 0x80000);
            AssertEntry(table.Find("config"), "config", 1, 0x83, 0x7C0000, 0x40000);
            Assert.AreEqual(0x350000, table.OtaSlot(0).Size);
        }

        [TestMethod]
        public void ParseCsv_Board4Mb_HasNoStagingPartition()
        {
            // the slots and the deploy partition leave no sensible room: gateway mode needs a custom table there
            Assert.IsNull(Parse(BoardLayouts.Esp32FourMegabytes).Find("staging"));
        }

        [TestMethod]
        public void ParseCsv_EmptyOffsets_TakeNextFreeWithAppAlignment()
        {
            PartitionTable table = Parse("# Name, Type, SubType, Offset, Size, Flags\nnvs,data,nvs,,0x6000,\nphy_init,data,phy,,0x1000,\nfactory,app,factory,,1M,\nextra, data, 0x40, , 16k\nota_0, app, ota_0, , 64K\n");

            AssertEntry(table[0], "nvs", 1, 2, 0x9000, 0x6000);
            AssertEntry(table[1], "phy_init", 1, 1, 0xF000, 0x1000);
            AssertEntry(table[2], "factory", 0, 0, 0x10000, 0x100000);
            AssertEntry(table[3], "extra", 1, 0x40, 0x110000, 0x4000);
            AssertEntry(table[4], "ota_0", 0, 0x10, 0x120000, 0x10000);
        }

        [TestMethod]
        public void ParseCsv_NumbersAndKeywords_AreRead()
        {
            PartitionTable table = Parse("a, data, NVS, 36864, 4k, readonly\nb, DATA, spiffs, 0xA000, 0x1000, readonly\nc, data, littlefs, , 4K, encrypted:readonly\nd, 0x40, 0x01, , 4096\ne, app, test, , 1m\nf, data, , , 4K");

            AssertEntry(table[0], "a", 1, 0x02, 0x9000, 0x1000);
            Assert.AreEqual(2u, table[0].Flags);
            AssertEntry(table[1], "b", 1, 0x82, 0xA000, 0x1000);
            Assert.AreEqual(2u, table[1].Flags);
            AssertEntry(table[2], "c", 1, 0x83, 0xB000, 0x1000);
            Assert.AreEqual(3u, table[2].Flags);
            AssertEntry(table[3], "d", 0x40, 0x01, 0xC000, 0x1000);
            AssertEntry(table[4], "e", 0, 0x20, 0x10000, 0x100000);
            AssertEntry(table[5], "f", 1, 0x06, 0x110000, 0x1000);
        }

        [TestMethod]
        public void ParseCsv_Errors_ReportStatusAndLine()
        {
            for (int i = 0; i < ErrorCases.Length; i += 3)
            {
                string csv = (string)ErrorCases[i];
                PartitionTableResult result = PartitionTable.ParseCsv(csv);

                Assert.IsFalse(result.IsOk, csv);
                Assert.IsNull(result.Table, csv);
                Assert.AreEqual((int)(PartitionTableStatus)ErrorCases[i + 1], (int)result.Status, csv + " -> " + result.ToString());
                Assert.AreEqual((int)ErrorCases[i + 2], result.LineNumber, csv);
            }
        }

        [TestMethod]
        public void ToBinary_SmallTable_MatchesGoldenBytes()
        {
            PartitionTable table = Parse("nvs,data,nvs,0x9000,0x6000,\nfactory,app,factory,0x10000,1M,encrypted\n");

            byte[] binary = table.ToBinary();

            // struct.pack('<2sBBLL16sL', b'\xAA\x50', type, subtype, offset, size, name, flags) per entry, as gen_esp32part.py.
            string entries =
                "aa500102" + "00900000" + "00600000" + "6e767300000000000000000000000000" + "00000000" +
                "aa500000" + "00000100" + "00001000" + "666163746f7279000000000000000000" + "01000000";
            Assert.AreEqual(0xC00, binary.Length);
            Assert.AreEqual(entries, HexText.From(binary, 0, 64));
            Assert.AreEqual("ebebffffffffffffffffffffffffffff", HexText.From(binary, 64, 16));

            // hashlib.md5(bytes.fromhex(entries)).hexdigest()
            Assert.AreEqual("6165b245925322a08f308401ce47ab47", HexText.From(binary, 80, 16));
            for (int i = 96; i < binary.Length; i++)
            {
                Assert.AreEqual((byte)0xFF, binary[i], "padding at " + i.ToString());
            }
        }

        [TestMethod]
        public void ParseBinary_RoundTrip_KeepsEveryField()
        {
            PartitionTable table = Parse(BoardLayouts.Esp32FourMegabytes);

            PartitionTableResult parsed = PartitionTable.ParseBinary(table.ToBinary());

            Assert.IsTrue(parsed.IsOk, parsed.ToString());
            Assert.AreEqual(table.Count, parsed.Table.Count);
            for (int i = 0; i < table.Count; i++)
            {
                PartitionEntry expected = table[i];
                AssertEntry(parsed.Table[i], expected.Name, expected.Type, expected.Subtype, expected.Offset, expected.Size);
                Assert.AreEqual(expected.Flags, parsed.Table[i].Flags);
            }

            CollectionAssert.AreEqual(table.ToBinary(), parsed.Table.ToBinary());
        }

        [TestMethod]
        public void ParseBinary_ChangedEntryByte_FailsMd5()
        {
            byte[] binary = Parse(BoardLayouts.Esp32FourMegabytes).ToBinary();
            binary[32 * 3 + 9] ^= 0x01;

            PartitionTableResult result = PartitionTable.ParseBinary(binary);

            Assert.AreEqual((int)PartitionTableStatus.Md5Mismatch, (int)result.Status);
            Assert.AreEqual(9, result.LineNumber);
        }

        [TestMethod]
        public void ParseBinary_BadMagicOrErased_IsRefused()
        {
            byte[] badMagic = Parse(BoardLayouts.Esp32FourMegabytes).ToBinary();
            badMagic[64] = 0xAB;
            Assert.AreEqual((int)PartitionTableStatus.BadMagic, (int)PartitionTable.ParseBinary(badMagic).Status);

            byte[] erased = new byte[0xC00];
            for (int i = 0; i < erased.Length; i++)
            {
                erased[i] = 0xFF;
            }

            Assert.IsFalse(PartitionTable.ParseBinary(erased).IsOk);
        }

        [TestMethod]
        public void ParseCsv_DataSizesNotSectorMultiples_AreAccepted()
        {
            // gen_esp32part.py (v5.5) PartitionDefinition.verify checks the size alignment of app partitions only.
            PartitionTable table = Parse("nvs, data, nvs, 0x9000, 0x3800\nblob, data, 0x90, 0xD000, 0x123\nota_0, app, ota_0, 0x10000, 64K");

            Assert.AreEqual(0x3800, table.Find("nvs").Size);
            Assert.AreEqual(0x123, table.Find("blob").Size);
        }

        [TestMethod]
        public void ParseCsv_SmallNvsReadOnly_IsAccepted()
        {
            // NVS_RW_MIN_PARTITION_SIZE applies to read/write NVS only.
            Assert.AreEqual(0x1000, Parse("keys, data, nvs, 0x9000, 0x1000, readonly").Find("keys").Size);
        }

        [TestMethod]
        public void ParseBinary_NoMd5Entry_IsValid()
        {
            // gen_esp32part.py from_binary and the bootloader's esp_partition_table_verify check the MD5 entry only
            // when there is one (gen_esp32part.py --disable-md5sum writes none).
            byte[] binary = Parse(BoardLayouts.Esp32FourMegabytes).ToBinary();
            for (int i = 8 * 32; i < 9 * 32; i++)
            {
                binary[i] = 0xFF;
            }

            PartitionTableResult result = PartitionTable.ParseBinary(binary);

            Assert.IsTrue(result.IsOk, result.ToString());
            Assert.AreEqual(8, result.Table.Count);
        }

        [TestMethod]
        public void Parse_TableLargerThanFlash_IsRefused()
        {
            // gen_esp32part.py verify_size_fits: the partitions must end within the flash size.
            PartitionTableResult csv = PartitionTable.ParseCsv(BoardLayouts.Esp32S3EightMegabytes, BoardLayouts.Esp32FlashSize);
            Assert.AreEqual((int)PartitionTableStatus.ExceedsFlash, (int)csv.Status);

            byte[] binary = Parse(BoardLayouts.Esp32S3EightMegabytes).ToBinary();
            Assert.AreEqual((int)PartitionTableStatus.ExceedsFlash, (int)PartitionTable.ParseBinary(binary, BoardLayouts.Esp32FlashSize).Status);
            Assert.IsTrue(PartitionTable.ParseBinary(binary, BoardLayouts.Esp32S3FlashSize).IsOk);
        }

        [TestMethod]
        public void ParseCsv_BoardCustomPartitions_UseCustomType()
        {
            // ESP-IDF's partition-table guide: application partitions use a custom type 0x40-0xFE, not data subtypes.
            PartitionTable table = Parse(BoardLayouts.Esp32S3EightMegabytes);

            Assert.AreEqual("otarec", table.Find(PartitionEntry.TypeOtaFirmware, PartitionEntry.SubtypeResumeJournal).Name);
            Assert.AreEqual("staging", table.Find(PartitionEntry.TypeOtaFirmware, PartitionEntry.SubtypeStaging).Name);
        }

        [TestMethod]
        public void Find_ByNameTypeAndSlot_ReturnsEntryOrNull()
        {
            PartitionTable table = Parse(BoardLayouts.Esp32FourMegabytes);

            Assert.AreEqual("otadata", table.Find(PartitionEntry.TypeData, PartitionEntry.SubtypeOtaData).Name);
            Assert.AreEqual("ota_1", table.OtaSlot(1).Name);
            Assert.AreEqual(1, table.OtaSlot(1).OtaSlotIndex);
            Assert.AreEqual(-1, table.Find("nvs").OtaSlotIndex);
            Assert.IsNull(table.OtaSlot(2));
            Assert.IsNull(table.Find("missing"));
            Assert.IsNull(table.Find(PartitionEntry.TypeApp, PartitionEntry.SubtypeFactory));
        }
    }
}
