// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>What an <see cref="UpdateRecord"/> lifecycle step did. Values are pinned.</summary>
    public enum RecordStatus
    {
        /// <summary>The step was taken (and written where it writes).</summary>
        Ok = 0,

        /// <summary>The step is not allowed in the current state (see the table in <see cref="UpdateRecord"/>); nothing changed.</summary>
        Refused = 1,

        /// <summary>The journal could not be written; the state is unchanged.</summary>
        FlashError = 2,

        /// <summary>A field of the job does not fit the record (version or id too long); nothing changed.</summary>
        TooLong = 3,
    }
}
