// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>The update states every dialect can report. Values are pinned.</summary>
    public enum ProgressState
    {
        /// <summary>Downloading; a percentage goes with it.</summary>
        Downloading = 0,

        /// <summary>Downloaded and verified; being activated (Tencent "burning").</summary>
        Burning = 1,

        /// <summary>The new version booted and passed its health check.</summary>
        Done = 2,

        /// <summary>The update failed; an <see cref="OtaFirmware.Update.UpdateResult"/> says why.</summary>
        Failed = 3,
    }
}
