// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Devices;

/// <summary>What the cloud knows about one device at one moment (immutable).</summary>
/// <param name="Name">Device name (Tencent deviceName, Aliyun deviceName, JD identifier), unique within its product only.</param>
/// <param name="Cloud">"tencent", "aliyun", "jdcloud", or null until the device was heard from.</param>
/// <param name="Product">Product id/key; with <paramref name="Name"/> the key the local cloud uses (<see cref="Key"/>).</param>
/// <param name="ReportedVersion">Last version the device reported, or null.</param>
/// <param name="FromVersion">Version when the current update was assigned, or null.</param>
/// <param name="TargetVersion">Version of the current (or last) update, or null.</param>
/// <param name="Phase">Update phase.</param>
/// <param name="Percent">Last download percent (0..100).</param>
/// <param name="ResultCode">The cloud's failure code (0 when none).</param>
/// <param name="ResultText">Why it failed, or the device's last text; null when none.</param>
/// <param name="CommandsSent">Update commands sent for the current update (re-sends included).</param>
/// <param name="FirstSeen">When the device was first heard from.</param>
/// <param name="LastSeen">When the device was last heard from.</param>
/// <param name="AssignedAt">When the current update was assigned.</param>
/// <param name="FinishedAt">When it succeeded or failed.</param>
public sealed record DeviceSnapshot(
    string Name,
    string? Cloud,
    string Product,
    string? ReportedVersion,
    string? FromVersion,
    string? TargetVersion,
    DevicePhase Phase,
    int Percent,
    int ResultCode,
    string? ResultText,
    int CommandsSent,
    DateTimeOffset? FirstSeen,
    DateTimeOffset? LastSeen,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary><c>{product}/{name}</c>: the device's key in the cloud's table, and a push target that is never ambiguous.</summary>
    public string Key => Product + "/" + Name;

    /// <summary>The gateway ("product/name") the device is reached through, or null for a direct device.</summary>
    public string? Gateway { get; init; }

    /// <summary>True when the current update succeeded or failed.</summary>
    public bool IsFinished => Phase is DevicePhase.Succeeded or DevicePhase.Failed;

    /// <summary>Time from assignment to finish (or to now while running); null without an update.</summary>
    public TimeSpan? Duration => AssignedAt == null ? null : (FinishedAt ?? DateTimeOffset.UtcNow) - AssignedAt.Value;
}
