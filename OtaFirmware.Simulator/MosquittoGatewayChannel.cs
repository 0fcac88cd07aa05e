// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Host.Mqtt;

namespace OtaFirmware.Simulator;

/// <summary>The gateway's <see cref="IGatewayChannel"/> over a <see cref="MosquittoControlChannel"/>.</summary>
public sealed class MosquittoGatewayChannel : IGatewayChannel
{
    private readonly MosquittoControlChannel _channel;

    /// <summary>Wraps <paramref name="channel"/>.</summary>
    public MosquittoGatewayChannel(MosquittoControlChannel channel) => _channel = channel;

    /// <inheritdoc />
    public bool IsConnected => _channel.IsConnected;

    /// <inheritdoc />
    public int UnacknowledgedCount => _channel.UnacknowledgedCount;

    /// <inheritdoc />
    public bool Publish(string topic, byte[] payload, int qos) => _channel.Publish(topic, payload, qos);

    /// <inheritdoc />
    public bool Subscribe(string topic) => _channel.Client.Subscribe(topic, 1) == 0;
}
