// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using System.Text;
using OtaFirmware.Integrity;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// An ESP-IDF partition table, read from the CSV format of gen_esp32part.py or from its binary form (32-byte
    /// entries, an optional MD5 entry, 0xFF padding to 0xC00) as flashed at 0x8000, with the checks of ESP-IDF v5.5's
    /// gen_esp32part.py (PartitionDefinition.verify, PartitionTable.verify and verify_size_fits).
    /// </summary>
    /// <remarks>
    /// Offsets align to 0x10000 for app and 0x1000 for other partitions; only app sizes must be 0x1000 multiples;
    /// otadata and coredump cannot be readonly; a read/write NVS needs at least 0x3000 bytes; one otadata of 0x2000;
    /// custom partitions use a type in 0x40–0xFE (ESP-IDF's partition-table guide) with any numeric subtype.
    /// </remarks>
    public sealed class PartitionTable
    {
        /// <summary>Where the binary table lives on the flash chip.</summary>
        public const int FlashOffset = 0x8000;

        /// <summary>Length of the binary table with its padding.</summary>
        public const int BinaryLength = 0xC00;

        /// <summary>Space reserved for the table on the chip (one sector): partitions start at or after 0x9000.</summary>
        public const int ReservedLength = 0x1000;

        private const int EntryLength = 32;
        private const int NameLength = 16;
        private const int AppAlignment = 0x10000;
        private const int DataAlignment = 0x1000;
        private const int OtaDataSize = 0x2000;
        private const int NvsReadWriteMinimum = 0x3000;
        private const uint FlagEncrypted = 1;
        private const uint FlagReadOnly = 2;
        private const int SubtypeNvs = 0x02;
        private const int SubtypeCoredump = 0x03;

        private static readonly string[] AppSubtypeNames = new string[] { "factory", "test" };
        private static readonly int[] AppSubtypeValues = new int[] { 0x00, 0x20 };

        private static readonly string[] DataSubtypeNames = new string[]
        {
            "ota", "phy", "nvs", "coredump", "nvs_keys", "efuse", "undefined", "esphttpd", "fat", "spiffs", "littlefs",
        };

        private static readonly int[] DataSubtypeValues = new int[] { 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x80, 0x81, 0x82, 0x83 };

        private readonly PartitionEntry[] _entries;

        private PartitionTable(PartitionEntry[] entries)
        {
            _entries = entries;
        }

        /// <summary>Number of partitions.</summary>
        public int Count
        {
            get { return _entries.Length; }
        }

        /// <summary>Number of app ota_N partitions.</summary>
        public int OtaSlotCount
        {
            get
            {
                int count = 0;
                for (int i = 0; i < _entries.Length; i++)
                {
                    if (_entries[i].OtaSlotIndex >= 0)
                    {
                        count++;
                    }
                }

                return count;
            }
        }

        /// <summary>The partition at <paramref name="index"/> in table order.</summary>
        public PartitionEntry this[int index]
        {
            get { return _entries[index]; }
        }

        /// <summary>Reads a gen_esp32part.py CSV: <c>name, type, subtype, offset, size, flags</c>; '#' comments and
        /// blank lines skipped; numbers in hex (0x), decimal or with a K/M suffix; an empty offset means the next free
        /// byte, aligned to 0x10000 for app and 0x1000 for data partitions.</summary>
        /// <returns>The table, or the status, line and reason of the first problem.</returns>
        public static PartitionTableResult ParseCsv(string csv)
        {
            return ParseCsv(csv, 0);
        }

        /// <summary>Reads a gen_esp32part.py CSV for a chip of <paramref name="flashSize"/> bytes (0: unknown): a
        /// table whose partitions end beyond it is refused, as gen_esp32part.py --flash-size does.</summary>
        /// <returns>The table, or the status, line and reason of the first problem.</returns>
        public static PartitionTableResult ParseCsv(string csv, int flashSize)
        {
            if (csv == null)
            {
                throw new ArgumentNullException("csv");
            }

            ArrayList entries = new ArrayList();
            ArrayList lineNumbers = new ArrayList();
            string[] lines = csv.Split(new char[] { '\n' });
            int nextFree = FlashOffset + ReservedLength;
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                if (line.Length == 0 || line[0] == '#')
                {
                    continue;
                }

                int lineNumber = i + 1;
                string[] fields = (line + ",,,,,").Split(new char[] { ',' });
                string name = fields[0].Trim();
                string typeText = fields[1].Trim();
                string subtypeText = fields[2].Trim();
                string offsetText = fields[3].Trim();
                string sizeText = fields[4].Trim();
                string flagsText = fields[5].Trim();

                if (name.Length == 0)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.MissingField, lineNumber, "name is empty");
                }

                if (Encoding.UTF8.GetBytes(name).Length > NameLength)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.NameTooLong, lineNumber, "name '" + name + "' is longer than 16 bytes");
                }

                if (typeText.Length == 0)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.MissingField, lineNumber, "type is empty");
                }

                int type = ParseType(typeText);
                if (type < 0)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.InvalidValue, lineNumber, "type '" + typeText + "' is not app, data or 0..254");
                }

                int subtype;
                if (subtypeText.Length == 0)
                {
                    if (type == PartitionEntry.TypeApp)
                    {
                        return PartitionTableResult.Fail(PartitionTableStatus.MissingField, lineNumber, "app partition needs a subtype");
                    }

                    subtype = 0x06;
                }
                else
                {
                    subtype = ParseSubtype(type, subtypeText);
                    if (subtype < 0)
                    {
                        return PartitionTableResult.Fail(PartitionTableStatus.InvalidValue, lineNumber, "subtype '" + subtypeText + "' is not known for this type");
                    }
                }

                if (sizeText.Length == 0)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.MissingField, lineNumber, "size is empty");
                }

                long size = ParseNumber(sizeText);
                if (size <= 0 || size > int.MaxValue)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.InvalidValue, lineNumber, "size '" + sizeText + "' is not a positive number");
                }

                long offset;
                if (offsetText.Length == 0)
                {
                    int alignment = type == PartitionEntry.TypeApp ? AppAlignment : DataAlignment;
                    offset = AlignUp(nextFree, alignment);
                }
                else
                {
                    offset = ParseNumber(offsetText);
                    if (offset < 0 || offset > int.MaxValue)
                    {
                        return PartitionTableResult.Fail(PartitionTableStatus.InvalidValue, lineNumber, "offset '" + offsetText + "' is not a number");
                    }

                    if (offset < nextFree)
                    {
                        return PartitionTableResult.Fail(PartitionTableStatus.Overlap, lineNumber, "offset 0x" + offset.ToString("x") + " overlaps the previous partition or the table (next free 0x" + nextFree.ToString("x") + ")");
                    }
                }

                if (offset + size > int.MaxValue)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.InvalidValue, lineNumber, "partition ends beyond 2 GiB");
                }

                uint flags;
                if (!ParseFlags(flagsText, out flags))
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.UnknownFlag, lineNumber, "unknown flag in '" + flagsText + "'");
                }

                entries.Add(new PartitionEntry(name, type, subtype, (int)offset, (int)size, flags));
                lineNumbers.Add(lineNumber);
                nextFree = (int)(offset + size);
            }

            return Verify(entries, lineNumbers, flashSize);
        }

        /// <summary>Reads a binary table (as flashed at 0x8000): entries up to the 0xFF end marker, with the MD5 entry
        /// checked when there is one (gen_esp32part.py from_binary; the bootloader's esp_partition_table_verify).</summary>
        /// <returns>The table, or the status and entry number (1-based) of the first problem.</returns>
        public static PartitionTableResult ParseBinary(byte[] data)
        {
            return ParseBinary(data, 0);
        }

        /// <summary>Reads a binary table for a chip of <paramref name="flashSize"/> bytes (0: unknown).</summary>
        /// <returns>The table, or the status and entry number (1-based) of the first problem.</returns>
        public static PartitionTableResult ParseBinary(byte[] data, int flashSize)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            ArrayList entries = new ArrayList();
            ArrayList lineNumbers = new ArrayList();
            Md5 md5 = new Md5();
            byte[] digest = new byte[16];
            bool md5Seen = false;
            int limit = data.Length < BinaryLength ? data.Length : BinaryLength;
            for (int position = 0; position + EntryLength <= limit; position += EntryLength)
            {
                int number = (position / EntryLength) + 1;
                if (IsAllErased(data, position, EntryLength))
                {
                    return Verify(entries, lineNumbers, flashSize);
                }

                if (md5Seen)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.MissingEnd, number, "entry after the MD5 entry");
                }

                if (data[position] == 0xEB && data[position + 1] == 0xEB)
                {
                    md5.Finish(digest, 0);
                    for (int i = 0; i < 16; i++)
                    {
                        if (digest[i] != data[position + 16 + i])
                        {
                            return PartitionTableResult.Fail(PartitionTableStatus.Md5Mismatch, number, "MD5 of the entries does not match the MD5 entry");
                        }
                    }

                    md5Seen = true;
                    continue;
                }

                if (data[position] != 0xAA || data[position + 1] != 0x50)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.BadMagic, number, "entry does not start with AA 50");
                }

                md5.Append(data, position, EntryLength);
                int nameLength = 0;
                while (nameLength < NameLength && data[position + 12 + nameLength] != 0)
                {
                    nameLength++;
                }

                string name = Encoding.UTF8.GetString(data, position + 12, nameLength);
                uint offset = ReadUInt32(data, position + 4);
                uint size = ReadUInt32(data, position + 8);
                if (offset > int.MaxValue || size > int.MaxValue || offset + size > int.MaxValue)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.InvalidValue, number, "offset or size beyond 2 GiB");
                }

                entries.Add(new PartitionEntry(name, data[position + 2], data[position + 3], (int)offset, (int)size, ReadUInt32(data, position + 28)));
                lineNumbers.Add(number);
            }

            return PartitionTableResult.Fail(PartitionTableStatus.MissingEnd, 0, "no end marker within 0xC00 bytes");
        }

        /// <summary>The partition called <paramref name="name"/>.</summary>
        /// <returns>The entry, or null.</returns>
        public PartitionEntry Find(string name)
        {
            for (int i = 0; i < _entries.Length; i++)
            {
                if (_entries[i].Name == name)
                {
                    return _entries[i];
                }
            }

            return null;
        }

        /// <summary>The first partition of <paramref name="type"/> and <paramref name="subtype"/>.</summary>
        /// <returns>The entry, or null.</returns>
        public PartitionEntry Find(int type, int subtype)
        {
            for (int i = 0; i < _entries.Length; i++)
            {
                if (_entries[i].Type == type && _entries[i].Subtype == subtype)
                {
                    return _entries[i];
                }
            }

            return null;
        }

        /// <summary>The app ota_<paramref name="index"/> partition.</summary>
        /// <returns>The entry, or null.</returns>
        public PartitionEntry OtaSlot(int index)
        {
            return Find(PartitionEntry.TypeApp, PartitionEntry.SubtypeOtaFirst + index);
        }

        /// <summary>The binary form: 32-byte entries, the MD5 entry (EB EB, 14 × FF, MD5 of the entries), 0xFF up to 0xC00.</summary>
        /// <returns>A new array of <see cref="BinaryLength"/> bytes.</returns>
        public byte[] ToBinary()
        {
            byte[] binary = new byte[BinaryLength];
            for (int i = 0; i < binary.Length; i++)
            {
                binary[i] = 0xFF;
            }

            for (int i = 0; i < _entries.Length; i++)
            {
                PartitionEntry entry = _entries[i];
                int position = i * EntryLength;
                binary[position] = 0xAA;
                binary[position + 1] = 0x50;
                binary[position + 2] = (byte)entry.Type;
                binary[position + 3] = (byte)entry.Subtype;
                WriteUInt32(binary, position + 4, (uint)entry.Offset);
                WriteUInt32(binary, position + 8, (uint)entry.Size);
                Array.Clear(binary, position + 12, NameLength);
                byte[] name = Encoding.UTF8.GetBytes(entry.Name);
                Array.Copy(name, 0, binary, position + 12, name.Length);
                WriteUInt32(binary, position + 28, entry.Flags);
            }

            int md5Position = _entries.Length * EntryLength;
            Md5 md5 = new Md5();
            md5.Append(binary, 0, md5Position);
            binary[md5Position] = 0xEB;
            binary[md5Position + 1] = 0xEB;
            md5.Finish(binary, md5Position + 16);
            return binary;
        }

        private static PartitionTableResult Verify(ArrayList entryList, ArrayList lineNumbers, int flashSize)
        {
            int count = entryList.Count;
            if (count == 0)
            {
                return PartitionTableResult.Fail(PartitionTableStatus.Empty, 0, "no partitions");
            }

            if ((count + 1) * EntryLength >= BinaryLength)
            {
                return PartitionTableResult.Fail(PartitionTableStatus.TooManyEntries, 0, "more than 94 partitions");
            }

            PartitionEntry[] entries = new PartitionEntry[count];
            int otaDataCount = 0;
            for (int i = 0; i < count; i++)
            {
                PartitionEntry entry = (PartitionEntry)entryList[i];
                int line = (int)lineNumbers[i];
                entries[i] = entry;
                int alignment = entry.Type == PartitionEntry.TypeApp ? AppAlignment : DataAlignment;
                if (entry.Offset % alignment != 0)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.Misaligned, line, entry.Name + ": offset 0x" + entry.Offset.ToString("x") + " is not aligned to 0x" + alignment.ToString("x"));
                }

                if (entry.Type == PartitionEntry.TypeApp && entry.Size % DataAlignment != 0)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.Misaligned, line, entry.Name + ": size 0x" + entry.Size.ToString("x") + " is not a multiple of 0x1000");
                }

                if (entry.Offset < FlashOffset + ReservedLength)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.Overlap, line, entry.Name + ": offset is below 0x9000");
                }

                bool readOnly = (entry.Flags & FlagReadOnly) != 0;
                if (readOnly && entry.Type == PartitionEntry.TypeData && (entry.Subtype == PartitionEntry.SubtypeOtaData || entry.Subtype == SubtypeCoredump))
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.InvalidValue, line, entry.Name + ": otadata and coredump partitions are always read-write and cannot be readonly");
                }

                if (!readOnly && entry.Type == PartitionEntry.TypeData && entry.Subtype == SubtypeNvs && entry.Size < NvsReadWriteMinimum)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.InvalidValue, line, entry.Name + ": a read/write NVS partition needs at least 0x3000 bytes (or the readonly flag)");
                }

                if (flashSize > 0 && entry.End > flashSize)
                {
                    return PartitionTableResult.Fail(PartitionTableStatus.ExceedsFlash, line, entry.Name + " ends at 0x" + entry.End.ToString("x") + ", beyond the 0x" + flashSize.ToString("x") + "-byte flash");
                }

                if (entry.Type == PartitionEntry.TypeData && entry.Subtype == PartitionEntry.SubtypeOtaData)
                {
                    otaDataCount++;
                    if (otaDataCount > 1 || entry.Size != OtaDataSize)
                    {
                        return PartitionTableResult.Fail(PartitionTableStatus.InvalidOtaData, line, "one otadata partition of size 0x2000 is allowed");
                    }
                }

                for (int j = 0; j < i; j++)
                {
                    PartitionEntry other = entries[j];
                    if (other.Name == entry.Name)
                    {
                        return PartitionTableResult.Fail(PartitionTableStatus.DuplicateName, line, "name '" + entry.Name + "' is used twice");
                    }

                    if (entry.Offset < other.End && other.Offset < entry.End)
                    {
                        return PartitionTableResult.Fail(PartitionTableStatus.Overlap, line, entry.Name + " overlaps " + other.Name);
                    }
                }
            }

            return PartitionTableResult.Success(new PartitionTable(entries));
        }

        private static int ParseType(string text)
        {
            string lower = text.ToLower();
            if (lower == "app")
            {
                return PartitionEntry.TypeApp;
            }

            if (lower == "data")
            {
                return PartitionEntry.TypeData;
            }

            long value = ParseNumber(text);
            return value >= 0 && value <= 0xFE ? (int)value : -1;
        }

        private static int ParseSubtype(int type, string text)
        {
            string lower = text.ToLower();
            if (type == PartitionEntry.TypeApp)
            {
                if (lower.IndexOf("ota_") == 0)
                {
                    long slot = ParseNumber(lower.Substring(4));
                    if (slot >= 0 && slot < PartitionEntry.OtaSubtypeCount && lower.Substring(4).IndexOf("x") < 0)
                    {
                        return PartitionEntry.SubtypeOtaFirst + (int)slot;
                    }

                    return -1;
                }

                int app = Lookup(lower, AppSubtypeNames, AppSubtypeValues);
                if (app >= 0)
                {
                    return app;
                }
            }
            else if (type == PartitionEntry.TypeData)
            {
                int data = Lookup(lower, DataSubtypeNames, DataSubtypeValues);
                if (data >= 0)
                {
                    return data;
                }
            }

            long value = ParseNumber(text);
            return value >= 0 && value <= 0xFF ? (int)value : -1;
        }

        private static int Lookup(string name, string[] names, int[] values)
        {
            for (int i = 0; i < names.Length; i++)
            {
                if (names[i] == name)
                {
                    return values[i];
                }
            }

            return -1;
        }

        private static bool ParseFlags(string text, out uint flags)
        {
            flags = 0;
            string[] parts = text.Split(new char[] { ':' });
            for (int i = 0; i < parts.Length; i++)
            {
                string flag = parts[i].Trim().ToLower();
                if (flag.Length == 0)
                {
                    continue;
                }

                if (flag == "encrypted")
                {
                    flags |= FlagEncrypted;
                }
                else if (flag == "readonly")
                {
                    flags |= FlagReadOnly;
                }
                else
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>gen_esp32part.py parse_int: 0x hex or decimal, with an optional K (×1024) or M (×1048576) suffix.</summary>
        /// <returns>The value, or -1 when the text is not a number.</returns>
        private static long ParseNumber(string text)
        {
            string value = text.Trim().ToLower();
            long multiplier = 1;
            if (value.Length > 1 && value[value.Length - 1] == 'k')
            {
                multiplier = 1024;
                value = value.Substring(0, value.Length - 1);
            }
            else if (value.Length > 1 && value[value.Length - 1] == 'm')
            {
                multiplier = 1024 * 1024;
                value = value.Substring(0, value.Length - 1);
            }

            int radix = 10;
            int start = 0;
            if (value.Length > 2 && value[0] == '0' && value[1] == 'x')
            {
                radix = 16;
                start = 2;
            }

            if (start >= value.Length || value.Length - start > 10)
            {
                return -1;
            }

            long result = 0;
            for (int i = start; i < value.Length; i++)
            {
                char c = value[i];
                int digit;
                if (c >= '0' && c <= '9')
                {
                    digit = c - '0';
                }
                else if (radix == 16 && c >= 'a' && c <= 'f')
                {
                    digit = c - 'a' + 10;
                }
                else
                {
                    return -1;
                }

                result = (result * radix) + digit;
            }

            result *= multiplier;
            return result <= 0xFFFFFFFFL ? result : -1;
        }

        private static long AlignUp(long value, int alignment)
        {
            long remainder = value % alignment;
            return remainder == 0 ? value : value + alignment - remainder;
        }

        private static bool IsAllErased(byte[] data, int offset, int count)
        {
            for (int i = offset; i < offset + count; i++)
            {
                if (data[i] != 0xFF)
                {
                    return false;
                }
            }

            return true;
        }

        private static uint ReadUInt32(byte[] data, int offset)
        {
            return data[offset] | ((uint)data[offset + 1] << 8) | ((uint)data[offset + 2] << 16) | ((uint)data[offset + 3] << 24);
        }

        private static void WriteUInt32(byte[] data, int offset, uint value)
        {
            data[offset] = (byte)value;
            data[offset + 1] = (byte)(value >> 8);
            data[offset + 2] = (byte)(value >> 16);
            data[offset + 3] = (byte)(value >> 24);
        }
    }
}
