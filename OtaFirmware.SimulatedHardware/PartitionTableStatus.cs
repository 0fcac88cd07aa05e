// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>Why a partition table was refused. Values are pinned.</summary>
    public enum PartitionTableStatus
    {
        /// <summary>The table is valid.</summary>
        Ok = 0,

        /// <summary>A required CSV field (name, type, app subtype, size) is empty.</summary>
        MissingField = 1,

        /// <summary>A number or keyword could not be read.</summary>
        InvalidValue = 2,

        /// <summary>A name is longer than 16 bytes.</summary>
        NameTooLong = 3,

        /// <summary>Two names are the same.</summary>
        DuplicateName = 4,

        /// <summary>A partition overlaps another one or the partition table sector.</summary>
        Overlap = 5,

        /// <summary>An offset is not aligned (0x10000 for app, 0x1000 for data) or a size is not a multiple of 0x1000.</summary>
        Misaligned = 6,

        /// <summary>More than one otadata partition, or its size is not 0x2000.</summary>
        InvalidOtaData = 7,

        /// <summary>The table does not fit in 0xC00 bytes with its MD5 entry.</summary>
        TooManyEntries = 8,

        /// <summary>An unknown flag in the CSV flags column.</summary>
        UnknownFlag = 9,

        /// <summary>A binary entry does not start with 0xAA 0x50.</summary>
        BadMagic = 10,

        /// <summary>The binary MD5 entry does not match the entries before it.</summary>
        Md5Mismatch = 11,

        /// <summary>The binary table has no 0xFF end marker, or an entry follows the MD5 entry.</summary>
        MissingEnd = 12,

        /// <summary>The table has no partitions.</summary>
        Empty = 13,

        /// <summary>The partitions end beyond the flash (gen_esp32part.py verify_size_fits).</summary>
        ExceedsFlash = 14,
    }
}
