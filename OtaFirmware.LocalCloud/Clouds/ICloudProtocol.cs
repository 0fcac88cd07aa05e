// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>
/// The cloud (server) side of one OTA dialect: which device topics to subscribe, how to read device messages and
/// which messages to send back. Holds no state; the local cloud tracks devices and jobs. Field names match what the
/// device dialects in OtaFirmware.Core/Clouds parse.
/// </summary>
public interface ICloudProtocol
{
    /// <summary>"tencent", "aliyun" or "jdcloud".</summary>
    string Name { get; }

    /// <summary>Wildcard topic filters that carry every device's reports.</summary>
    IReadOnlyList<string> Subscriptions { get; }

    /// <summary>Reads a device message.</summary>
    /// <returns>The report, or null when the topic is not this dialect's or the payload is unreadable.</returns>
    DeviceReport? Parse(string topic, byte[] payload);

    /// <summary>The update command for <paramref name="device"/>.</summary>
    /// <returns>The message to publish.</returns>
    CloudMessage Upgrade(DeviceAddress device, UpdateOffer offer);

    /// <summary>The answer to a report or request, given the pending offer (null when nothing is pending).</summary>
    /// <returns>
    /// The messages to publish, in order (may be empty): Tencent answers report_version with report_version_rsp and
    /// then the pending update_firmware; Aliyun answers a request with the pending upgrade; JD answers get with get_reply.
    /// </returns>
    IReadOnlyList<CloudMessage> Answer(DeviceReport report, UpdateOffer? pending);
}
