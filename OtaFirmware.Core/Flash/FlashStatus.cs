// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Flash
{
    /// <summary>Outcome of one flash operation. Values are pinned: they appear in logs and reports.</summary>
    public enum FlashStatus
    {
        /// <summary>The operation completed.</summary>
        Ok = 0,

        /// <summary>The address range leaves the region.</summary>
        OutOfRange = 1,

        /// <summary>Address or length is not aligned to the write alignment or erase block.</summary>
        Unaligned = 2,

        /// <summary>A write would have to turn a 0 bit into a 1 without an erase.</summary>
        NotErased = 3,

        /// <summary>The device reported an error (the platform code travels beside it).</summary>
        DeviceError = 4,
    }
}
