// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text.Json;

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>
/// Aliyun IoT's side of <c>/ota/device/{inform|progress|request|upgrade}/{productKey}/{deviceName}</c> (seed 004).
/// The upgrade is <c>{"code":"1000","data":{"size":N,"version":"..","url":"..","md5":".."},"id":N,"message":"success"}</c>.
/// The platform judges success by the version the device informs; on an inform or a request with an update pending
/// it (re-)sends the upgrade; with nothing pending a request gets no answer (Aliyun defines none).
/// Progress steps: 1..100 downloading, -1 upgrade, -2 download, -3 verify, -4 flash failed.
/// </summary>
public sealed class AliyunCloud : ICloudProtocol
{
    /// <inheritdoc />
    public string Name => "aliyun";

    /// <inheritdoc />
    public IReadOnlyList<string> Subscriptions { get; } = ["/ota/device/inform/+/+", "/ota/device/progress/+/+", "/ota/device/request/+/+"];

    /// <summary>The device's command topic.</summary>
    /// <returns><c>/ota/device/upgrade/{productKey}/{deviceName}</c>.</returns>
    public static string UpgradeTopic(DeviceAddress device) => "/ota/device/upgrade/" + device.Product + "/" + device.Device;

    /// <inheritdoc />
    public DeviceReport? Parse(string topic, byte[] payload)
    {
        DeviceReportKind kind;
        string product, name;
        if (Json.TwoSegmentsAfter(topic, "/ota/device/inform/", out product, out name))
        {
            kind = DeviceReportKind.Version;
        }
        else if (Json.TwoSegmentsAfter(topic, "/ota/device/progress/", out product, out name))
        {
            kind = DeviceReportKind.Progress;
        }
        else if (Json.TwoSegmentsAfter(topic, "/ota/device/request/", out product, out name))
        {
            kind = DeviceReportKind.FirmwareRequest;
        }
        else
        {
            return null;
        }

        using JsonDocument? document = Json.TryParse(payload);
        if (document == null)
        {
            return null;
        }

        var device = new DeviceAddress(Name, product, name);
        JsonElement root = document.RootElement;
        JsonElement parameters = Json.Object(root, "params");
        string? id = Json.Text(root, "id");
        if (kind != DeviceReportKind.Progress)
        {
            return new DeviceReport(device, kind, Json.Text(parameters, "version"), MessageId: id);
        }

        int step = Json.Int(parameters, "step", int.MinValue);
        if (step == int.MinValue || step > 100)
        {
            return null;
        }

        string? desc = Json.Text(parameters, "desc");
        return step < 0
            ? new DeviceReport(device, kind, null, ReportedState.Failed, -1, step, desc, id)
            : new DeviceReport(device, kind, null, ReportedState.Downloading, step, 0, desc, id);
    }

    /// <inheritdoc />
    public CloudMessage Upgrade(DeviceAddress device, UpdateOffer offer) =>
        new(UpgradeTopic(device), Json.Write(w =>
        {
            w.WriteString("code", "1000");
            w.WriteStartObject("data");
            w.WriteNumber("size", offer.Size);
            w.WriteString("version", offer.Version);
            w.WriteString("url", offer.Url);
            w.WriteString("md5", offer.Md5);
            w.WriteEndObject();
            w.WriteNumber("id", offer.JobId);
            w.WriteString("message", "success");
        }));

    /// <inheritdoc />
    public IReadOnlyList<CloudMessage> Answer(DeviceReport report, UpdateOffer? pending) =>
        report.Kind != DeviceReportKind.Progress && pending != null ? [Upgrade(report.Device, pending)] : [];
}
