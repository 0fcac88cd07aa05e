// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.LocalCloud.Firmware;

namespace OtaFirmware.LocalCloud.Devices;

/// <summary>The mutable record of one device; the local cloud changes it under its lock and hands out snapshots.</summary>
internal sealed class DeviceEntry(string product, string name)
{
    public string Product { get; } = product;

    public string Name { get; } = name;

    /// <summary><c>{product}/{name}</c>, the entry's key in the cloud's table.</summary>
    public string Key => Product + "/" + Name;

    public DeviceAddress? Address { get; set; }

    public string? ReportedVersion { get; private set; }

    public FirmwarePackage? Package { get; private set; }

    public long JobId { get; private set; }

    public int CommandsSent { get; set; }

    private string? _fromVersion;
    private DevicePhase _phase;
    private int _percent;
    private int _code;
    private string? _text;
    private DateTimeOffset? _firstSeen;
    private DateTimeOffset? _lastSeen;
    private DateTimeOffset? _assignedAt;
    private DateTimeOffset? _finishedAt;

    /// <summary>
    /// True while the update should be (re-)sent when the device reports or asks: assigned, not activating, not
    /// finished — or failed with a download failure (URL expired or refused, server unreachable): a device that then
    /// asks for the firmware (Aliyun request, JD get, Tencent report_version) gets the job again with a fresh URL and
    /// resumes where it stopped, as the clouds let a device retry a download.
    /// </summary>
    public bool IsPending => Package != null && (_phase is DevicePhase.Pushed or DevicePhase.Downloading || (_phase == DevicePhase.Failed && IsDownloadFailure(Address?.Cloud, _code)));

    /// <summary>Marks a failed job as running again because it was re-sent on the device's request.</summary>
    public void Resent()
    {
        if (_phase == DevicePhase.Failed)
        {
            _phase = DevicePhase.Pushed;
            _finishedAt = null;
        }
    }

    private static bool IsDownloadFailure(string? cloud, int code) =>
        cloud == "tencent" ? code is -1 or -3 : code == -2; // Tencent: timeout, URL refused; Aliyun/JD: download failed

    public void Heard()
    {
        _lastSeen = DateTimeOffset.UtcNow;
        _firstSeen ??= _lastSeen;
    }

    public void Assign(FirmwarePackage package, long jobId)
    {
        Package = package;
        JobId = jobId;
        CommandsSent = 0;
        _fromVersion = ReportedVersion;
        _phase = DevicePhase.Pushed;
        _percent = 0;
        _code = 0;
        _text = null;
        _assignedAt = DateTimeOffset.UtcNow;
        _finishedAt = null;
    }

    public void Apply(DeviceReport report)
    {
        bool active = Package != null && _phase is not (DevicePhase.Idle or DevicePhase.Succeeded or DevicePhase.Failed);
        switch (report.Kind)
        {
            case DeviceReportKind.Version:
                ReportedVersion = report.Version;
                if (!active)
                {
                    return;
                }

                if (report.Version == Package!.Version)
                {
                    _percent = 100;
                    Finish(DevicePhase.Succeeded, 0, null);
                }
                else if (_phase is DevicePhase.Burning or DevicePhase.Done || (_phase == DevicePhase.Downloading && _percent == 100))
                {
                    // Aliyun reports step 100 for both "downloaded" and "done": a different version after it is a rollback too.
                    Finish(DevicePhase.Failed, _code, "came back with version " + report.Version + " instead of " + Package.Version + " (rolled back)");
                }

                return;

            case DeviceReportKind.Progress:
                if (!active || !IsAboutCurrentJob(report))
                {
                    return;
                }

                switch (report.State)
                {
                    case ReportedState.Downloading:
                        if (_phase is DevicePhase.Pushed or DevicePhase.Downloading)
                        {
                            _phase = DevicePhase.Downloading;
                            _percent = Math.Clamp(report.Percent, 0, 100);
                        }

                        break;
                    case ReportedState.Burning:
                        _phase = DevicePhase.Burning;
                        _percent = 100;
                        break;
                    case ReportedState.Done:
                        _phase = DevicePhase.Done;
                        _percent = 100;
                        break;
                    case ReportedState.Failed:
                        Finish(DevicePhase.Failed, report.Code, report.Text);
                        break;
                }

                if (!string.IsNullOrEmpty(report.Text) && _phase != DevicePhase.Failed)
                {
                    _text = report.Text;
                }

                return;
        }
    }

    /// <summary>
    /// False for a late report about an earlier job: Aliyun and JD progress carry the job's id (the upgrade message's
    /// id / msgId), Tencent progress carries the target version.
    /// </summary>
    private bool IsAboutCurrentJob(DeviceReport report)
    {
        if (report.MessageId != null && long.TryParse(report.MessageId, out long id))
        {
            return id == JobId;
        }

        return report.Version == null || report.Version == Package!.Version;
    }

    /// <summary>The gateway ("product/name") the device is reached through, or null for a direct device.</summary>
    public string? Gateway { get; set; }

    /// <summary>A snapshot of the device's state.</summary>
    /// <returns>The snapshot.</returns>
    public DeviceSnapshot Snapshot() => new(
        Name,
        Address?.Cloud,
        Product,
        ReportedVersion,
        _fromVersion,
        Package?.Version,
        _phase,
        _percent,
        _code,
        _text,
        CommandsSent,
        _firstSeen,
        _lastSeen,
        _assignedAt,
        _finishedAt) { Gateway = Gateway };

    private void Finish(DevicePhase phase, int code, string? text)
    {
        _phase = phase;
        _code = code;
        _text = text;
        _finishedAt = DateTimeOffset.UtcNow;
    }
}
