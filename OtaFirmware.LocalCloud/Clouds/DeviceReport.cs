// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>What a device message says, in the cloud-neutral form the local cloud tracks.</summary>
public enum DeviceReportKind
{
    /// <summary>The running version (Tencent report_version, Aliyun inform, JD inform).</summary>
    Version = 0,

    /// <summary>Download progress or an outcome (see <see cref="DeviceReport.State"/>).</summary>
    Progress = 1,

    /// <summary>The device asks for the pending update (Aliyun request, JD get).</summary>
    FirmwareRequest = 2,
}

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

/// <summary>A parsed device message.</summary>
/// <param name="Device">Who sent it.</param>
/// <param name="Kind">What it is.</param>
/// <param name="Version">Version reported (Version, FirmwareRequest), or the target version of a Tencent progress report; may be null.</param>
/// <param name="State">Progress state (Progress only).</param>
/// <param name="Percent">Progress percent 0..100, -1 when not given.</param>
/// <param name="Code">The cloud's failure code (Tencent result_code, Aliyun step, JD code); 0 when none.</param>
/// <param name="Text">The cloud's text (result_msg, desc), or null.</param>
/// <param name="MessageId">The message's id (Aliyun id, JD msgId) to answer against, or null.</param>
public sealed record DeviceReport(
    DeviceAddress Device,
    DeviceReportKind Kind,
    string? Version,
    ReportedState State = ReportedState.None,
    int Percent = -1,
    int Code = 0,
    string? Text = null,
    string? MessageId = null);
