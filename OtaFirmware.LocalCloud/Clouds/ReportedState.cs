// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>Progress states as the clouds report them.</summary>
public enum ReportedState
{
    /// <summary>Not a progress report.</summary>
    None = 0,

    /// <summary>Downloading, with a percentage.</summary>
    Downloading = 1,

    /// <summary>Verified and being written or activated (Tencent burning, JD burning).</summary>
    Burning = 2,

    /// <summary>The device said it is done (Tencent done, JD done); the clouds still wait for the new version.</summary>
    Done = 3,

    /// <summary>The device reported a failure (Tencent fail, Aliyun negative step, JD failed).</summary>
    Failed = 4,
}
