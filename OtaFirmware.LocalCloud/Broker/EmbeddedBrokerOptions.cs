// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>How the <see cref="EmbeddedBroker"/> listens and what it accepts.</summary>
public sealed class EmbeddedBrokerOptions
{
    /// <summary>The server certificate (with its private key) of the TLS listener.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>MQTT over TLS port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>Address the listener binds (loopback unless real boards on the network must reach it).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Largest application message payload a client may publish; a larger one is refused and its sender disconnected.</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024;

    /// <summary>
    /// Largest MQTT packet (remaining length: everything after the fixed header) a client may send: a larger one closes
    /// the connection as soon as its fixed header arrives, so its body is never read nor held. Default: room for a
    /// <see cref="MaxMessageBytes"/> payload plus <see cref="PacketOverheadBytes"/> of topic, packet id and properties.
    /// </summary>
    public int MaxPacketBytes => MaxMessageBytes + PacketOverheadBytes;

    /// <summary>What a PUBLISH may carry besides its payload (topic, packet id, MQTT 5 properties) within <see cref="MaxPacketBytes"/>.</summary>
    public int PacketOverheadBytes { get; init; } = 1024;

    /// <summary>The time sign-ins are checked against (Tencent's expiry, Aliyun's timestamp); tests pass a fake clock.</summary>
    public Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

    /// <summary>Messages queued per client before the oldest are dropped.</summary>
    public int MaxPendingMessagesPerClient { get; init; } = 256;
}
