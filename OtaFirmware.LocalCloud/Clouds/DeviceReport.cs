// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Clouds;

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
