// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text.Json;

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>
/// Tencent IoT Hub's side of <c>$ota/report/{productId}/{deviceName}</c> (device → cloud) and
/// <c>$ota/update/{productId}/{deviceName}</c> (cloud → device), as in the C SDK logs (seed 000) and the Python SDK
/// (seed 003): report_version is answered with
/// <c>{"result_code":0,"result_msg":"success","type":"report_version_rsp","version":"1.0.0"}</c>; the update is
/// <c>{"file_size":175436,"md5sum":"..","type":"update_firmware","url":"..","version":"1.3.0"}</c>. A pending update is
/// re-sent after every report_version (the device's way to ask for it again, for example for a fresh URL).
/// </summary>
public sealed class TencentCloud : ICloudProtocol
{
    private const string ReportPrefix = "$ota/report/";

    /// <inheritdoc />
    public string Name => "tencent";

    /// <inheritdoc />
    public IReadOnlyList<string> Subscriptions { get; } = ["$ota/report/+/+"];

    /// <summary>The device's command topic.</summary>
    /// <returns><c>$ota/update/{productId}/{deviceName}</c>.</returns>
    public static string UpdateTopic(DeviceAddress device) => "$ota/update/" + device.Product + "/" + device.Device;

    /// <inheritdoc />
    public DeviceReport? Parse(string topic, byte[] payload)
    {
        if (!Json.TwoSegmentsAfter(topic, ReportPrefix, out string product, out string name))
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
        JsonElement report = Json.Object(root, "report");
        switch (Json.Text(root, "type"))
        {
            case "report_version":
                return new DeviceReport(device, DeviceReportKind.Version, Json.Text(report, "version"));
            case "report_progress":
                JsonElement progress = Json.Object(report, "progress");
                ReportedState state = Json.Text(progress, "state") switch
                {
                    "downloading" => ReportedState.Downloading,
                    "burning" => ReportedState.Burning,
                    "done" => ReportedState.Done,
                    "fail" => ReportedState.Failed,
                    _ => ReportedState.None,
                };
                if (state == ReportedState.None)
                {
                    return null;
                }

                return new DeviceReport(
                    device,
                    DeviceReportKind.Progress,
                    Json.Text(report, "version"),
                    state,
                    Json.Int(progress, "percent", -1),
                    Json.Int(progress, "result_code", 0),
                    Json.Text(progress, "result_msg"));
            default:
                return null;
        }
    }

    /// <inheritdoc />
    public CloudMessage Upgrade(DeviceAddress device, UpdateOffer offer) =>
        new(UpdateTopic(device), Json.Write(w =>
        {
            w.WriteNumber("file_size", offer.Size);
            w.WriteString("md5sum", offer.Md5);
            w.WriteString("type", "update_firmware");
            w.WriteString("url", offer.Url);
            w.WriteString("version", offer.Version);
        }));

    /// <inheritdoc />
    public IReadOnlyList<CloudMessage> Answer(DeviceReport report, UpdateOffer? pending)
    {
        if (report.Kind != DeviceReportKind.Version)
        {
            return [];
        }

        var reply = new CloudMessage(UpdateTopic(report.Device), Json.Write(w =>
        {
            w.WriteNumber("result_code", 0);
            w.WriteString("result_msg", "success");
            w.WriteString("type", "report_version_rsp");
            w.WriteString("version", report.Version ?? string.Empty);
        }));
        return pending == null ? [reply] : [reply, Upgrade(report.Device, pending)];
    }
}
