// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text.Json;

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>
/// JD Cloud IoT Engine's side of <c>/sys/{productKey}/{identifier}/ota/firmware/...</c> (seed 002). The cloud pushes
/// <c>upgrade</c> <c>{"msgId":"..","version":"1.0","data":{"policy":"standard","size":N,"firmwareVersion":"..","url":"..","sign":"md5","signMethod":"Md5"}}</c>
/// and answers <c>get</c> on <c>get_reply</c> with the same envelope (data without policy), or
/// <c>{"msgId":"..","code":404,"message":"FirmwareVersion {v} not existed"}</c> when nothing is pending.
/// The get_reply carries <c>size</c> although the JD document's example does not: the device dialect needs the size
/// before it writes. Device reports, as the device dialect sends them: <c>inform</c> <c>data{firmwareVersion}</c>,
/// <c>progress</c> <c>data{status: downloading|burning|done|failed, progress, code, desc}</c>, <c>get</c> <c>data{firmwareVersion}</c>.
/// </summary>
public sealed class JdCloud : ICloudProtocol
{
    /// <summary>The protocol version written in the envelope.</summary>
    public const string ProtocolVersion = "1.0";

    /// <inheritdoc />
    public string Name => "jdcloud";

    /// <inheritdoc />
    public IReadOnlyList<string> Subscriptions { get; } = ["/sys/+/+/ota/firmware/inform", "/sys/+/+/ota/firmware/progress", "/sys/+/+/ota/firmware/get"];

    /// <summary>A topic of the device: <c>/sys/{productKey}/{identifier}/ota/firmware/{leaf}</c>.</summary>
    /// <returns>The topic.</returns>
    public static string Topic(DeviceAddress device, string leaf) => "/sys/" + device.Product + "/" + device.Device + "/ota/firmware/" + leaf;

    /// <inheritdoc />
    public DeviceReport? Parse(string topic, byte[] payload)
    {
        string[] parts = topic.Split('/');
        if (parts.Length != 7 || parts[0].Length != 0 || parts[1] != "sys" || parts[4] != "ota" || parts[5] != "firmware"
            || parts[2].Length == 0 || parts[3].Length == 0)
        {
            return null;
        }

        DeviceReportKind kind;
        switch (parts[6])
        {
            case "inform":
                kind = DeviceReportKind.Version;
                break;
            case "progress":
                kind = DeviceReportKind.Progress;
                break;
            case "get":
                kind = DeviceReportKind.FirmwareRequest;
                break;
            default:
                return null;
        }

        using JsonDocument? document = Json.TryParse(payload);
        if (document == null)
        {
            return null;
        }

        var device = new DeviceAddress(Name, parts[2], parts[3]);
        JsonElement root = document.RootElement;
        JsonElement data = Json.Object(root, "data");
        string? id = Json.Text(root, "msgId");
        if (kind != DeviceReportKind.Progress)
        {
            return new DeviceReport(device, kind, Json.Text(data, "firmwareVersion"), MessageId: id);
        }

        ReportedState state = Json.Text(data, "status") switch
        {
            "downloading" => ReportedState.Downloading,
            "burning" => ReportedState.Burning,
            "done" => ReportedState.Done,
            "failed" => ReportedState.Failed,
            _ => ReportedState.None,
        };
        return state == ReportedState.None
            ? null
            : new DeviceReport(device, kind, null, state, Json.Int(data, "progress", -1), Json.Int(data, "code", 0), Json.Text(data, "desc"), id);
    }

    /// <inheritdoc />
    public CloudMessage Upgrade(DeviceAddress device, UpdateOffer offer) =>
        new(Topic(device, "upgrade"), Json.Write(w =>
        {
            w.WriteString("msgId", offer.JobId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString("version", ProtocolVersion);
            w.WriteStartObject("data");
            w.WriteString("policy", "standard");
            WriteFirmware(w, offer);
            w.WriteEndObject();
        }));

    /// <inheritdoc />
    public IReadOnlyList<CloudMessage> Answer(DeviceReport report, UpdateOffer? pending)
    {
        if (report.Kind == DeviceReportKind.Version)
        {
            return pending == null ? [] : [Upgrade(report.Device, pending)];
        }

        if (report.Kind != DeviceReportKind.FirmwareRequest)
        {
            return [];
        }

        string msgId = report.MessageId ?? "0";
        return [new CloudMessage(Topic(report.Device, "get_reply"), Json.Write(w =>
        {
            w.WriteString("msgId", msgId);
            if (pending == null)
            {
                w.WriteNumber("code", 404);
                w.WriteString("message", "FirmwareVersion " + (report.Version ?? string.Empty) + " not existed");
                return;
            }

            w.WriteString("version", ProtocolVersion);
            w.WriteStartObject("data");
            WriteFirmware(w, pending);
            w.WriteEndObject();
        }))];
    }

    private static void WriteFirmware(Utf8JsonWriter w, UpdateOffer offer)
    {
        w.WriteNumber("size", offer.Size);
        w.WriteString("firmwareVersion", offer.Version);
        w.WriteString("url", offer.Url);
        w.WriteString("sign", offer.Md5);
        w.WriteString("signMethod", "Md5");
    }
}
