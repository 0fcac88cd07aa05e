// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>Outcome of a resume journal operation. Values are pinned.</summary>
    public enum JournalStatus
    {
        /// <summary>The record was read or written.</summary>
        Ok = 0,

        /// <summary>No valid record exists (blank area, or every copy failed its CRC).</summary>
        Empty = 1,

        /// <summary>The flash area could not be read, erased or written.</summary>
        FlashError = 2,

        /// <summary>A field does not fit the record (version or id too long).</summary>
        TooLong = 3,
    }
}
