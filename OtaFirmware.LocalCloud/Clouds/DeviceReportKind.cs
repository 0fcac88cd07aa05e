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
