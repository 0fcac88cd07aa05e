// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text.Json;

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>
/// Tencent IoT Hub's gateway sub-device management: a gateway publishes
/// <c>{"type":"online"|"offline","payload":{"devices":[{"product_id":..,"device_name":..}]}}</c> on
/// <c>$gateway/operation/{gwPid}/{gwDn}</c>; the cloud answers on <c>$gateway/operation/result/{gwPid}/{gwDn}</c> with
/// the same devices, each with a <c>result</c> (0 accepted, anything else refused). Once online, a sub-device's OTA
/// topics work exactly like a directly connected device's.
/// </summary>
public static class TencentGatewayOperations
{
    private const string OperationPrefix = "$gateway/operation/";

    /// <summary>The filter the local cloud subscribes (every gateway's operation topic).</summary>
    public const string Subscription = "$gateway/operation/+/+";

    /// <summary>One device of an operation request.</summary>
    /// <param name="Product">Sub-device product id.</param>
    /// <param name="Device">Sub-device name.</param>
    public sealed record SubDevice(string Product, string Device);

    /// <summary>Reads an operation request.</summary>
    /// <param name="topic">The message's topic.</param>
    /// <param name="payload">The message.</param>
    /// <param name="gateway">The gateway (product, name) from the topic.</param>
    /// <param name="online">True for "online", false for "offline".</param>
    /// <param name="devices">The sub-devices named.</param>
    /// <returns>False when the topic is not an operation topic or the payload is unreadable.</returns>
    public static bool TryParse(string topic, byte[] payload, out DeviceAddress? gateway, out bool online, out IReadOnlyList<SubDevice> devices)
    {
        gateway = null;
        online = false;
        devices = [];
        if (!Json.TwoSegmentsAfter(topic, OperationPrefix, out string product, out string name) || product == "result")
        {
            return false;
        }

        using JsonDocument? document = Json.TryParse(payload);
        if (document == null)
        {
            return false;
        }

        string? type = Json.Text(document.RootElement, "type");
        if (type != "online" && type != "offline")
        {
            return false;
        }

        JsonElement body = Json.Object(document.RootElement, "payload");
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("devices", out JsonElement list) || list.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var found = new List<SubDevice>();
        foreach (JsonElement item in list.EnumerateArray())
        {
            string? subProduct = Json.Text(item, "product_id");
            string? subName = Json.Text(item, "device_name");
            if (!string.IsNullOrEmpty(subProduct) && !string.IsNullOrEmpty(subName))
            {
                found.Add(new SubDevice(subProduct, subName));
            }
        }

        gateway = new DeviceAddress("tencent", product, name);
        online = type == "online";
        devices = found;
        return true;
    }

    /// <summary>The answer to an operation request.</summary>
    /// <param name="gateway">The gateway that asked.</param>
    /// <param name="online">The request's type.</param>
    /// <param name="results">Each sub-device with its result code (0 accepted).</param>
    /// <returns>The message on <c>$gateway/operation/result/{gwPid}/{gwDn}</c>.</returns>
    public static CloudMessage Result(DeviceAddress gateway, bool online, IEnumerable<(SubDevice Device, int Result)> results) =>
        new("$gateway/operation/result/" + gateway.Product + "/" + gateway.Device, Json.Write(w =>
        {
            w.WriteString("type", online ? "online" : "offline");
            w.WriteStartObject("payload");
            w.WriteStartArray("devices");
            foreach ((SubDevice device, int result) in results)
            {
                w.WriteStartObject();
                w.WriteString("product_id", device.Product);
                w.WriteString("device_name", device.Device);
                w.WriteNumber("result", result);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }));
}
