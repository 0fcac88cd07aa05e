// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.LocalCloud.Clouds;

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>
/// Which topics a device may use, as the real clouds' per-device topic permissions: it publishes only its own uplink
/// topics (reports, requests; a Tencent gateway also its <c>$gateway/operation</c> topic) and subscribes only, by exact
/// name, its own downlink topics (commands, replies; a gateway also its operation results). A gateway gets its bound
/// sub-devices' OTA topics too (<see cref="EmbeddedBroker.Bind"/>). No wildcards for devices.
/// </summary>
public static class TopicPolicy
{
    /// <summary>The topics <paramref name="device"/> publishes.</summary>
    /// <returns>Exact topic names.</returns>
    public static IReadOnlyList<string> Uplinks(DeviceAddress device) => device.Cloud switch
    {
        "tencent" => ["$ota/report/" + device.Product + "/" + device.Device, "$gateway/operation/" + device.Product + "/" + device.Device],
        "aliyun" => ["/ota/device/inform/" + device.Product + "/" + device.Device, "/ota/device/progress/" + device.Product + "/" + device.Device, "/ota/device/request/" + device.Product + "/" + device.Device],
        "jdcloud" => [JdCloud.Topic(device, "inform"), JdCloud.Topic(device, "progress"), JdCloud.Topic(device, "get")],
        _ => [],
    };

    /// <summary>The topics <paramref name="device"/> receives (the cloud's commands and replies).</summary>
    /// <returns>Exact topic names.</returns>
    public static IReadOnlyList<string> Downlinks(DeviceAddress device) => device.Cloud switch
    {
        "tencent" => [TencentCloud.UpdateTopic(device), "$gateway/operation/result/" + device.Product + "/" + device.Device],
        "aliyun" => [AliyunCloud.UpgradeTopic(device)],
        "jdcloud" => [JdCloud.Topic(device, "upgrade"), JdCloud.Topic(device, "get_reply")],
        _ => [],
    };

    /// <summary>The OTA topics a gateway uses on behalf of a bound sub-device (no gateway operation topics).</summary>
    /// <returns>(uplink, downlink).</returns>
    public static (string Uplink, string Downlink) SubDeviceTopics(DeviceAddress subDevice) =>
        ("$ota/report/" + subDevice.Product + "/" + subDevice.Device, TencentCloud.UpdateTopic(subDevice));

    /// <summary>Whether <paramref name="topic"/> is some device's downlink (a command topic, whoever it belongs to).</summary>
    /// <returns>True for <c>$ota/update/…</c>, <c>$gateway/operation/result/…</c>, <c>/ota/device/upgrade/…</c> and JD's upgrade and get_reply.</returns>
    public static bool IsCommandTopic(string topic) =>
        topic.StartsWith("$ota/update/", StringComparison.Ordinal)
        || topic.StartsWith("$gateway/operation/result/", StringComparison.Ordinal)
        || topic.StartsWith("/ota/device/upgrade/", StringComparison.Ordinal)
        || (topic.StartsWith("/sys/", StringComparison.Ordinal) && (topic.EndsWith("/ota/firmware/upgrade", StringComparison.Ordinal) || topic.EndsWith("/ota/firmware/get_reply", StringComparison.Ordinal)));
}
