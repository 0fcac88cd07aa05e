// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Host.Mqtt;

namespace OtaFirmware.Simulator;

/// <summary>
/// The gateway's <see cref="IGatewayChannel"/> over the board's one <see cref="MosquittoControlChannel"/>, as on the
/// device (M2MqttGatewayChannel): publishing, the acknowledgement count and the connection are the board's; each
/// topic the gateway subscribes is routed to it in the board's <see cref="ControlPlaneRouter"/> and subscribed on the
/// live connection (the channel subscribes every routed topic again after a reconnect).
/// </summary>
public sealed class MosquittoGatewayChannel : IGatewayChannel
{
    private readonly MosquittoControlChannel _channel;
    private readonly ControlPlaneRouter _router;
    private IMessageSink? _sink;

    /// <summary>Wraps the board's <paramref name="channel"/> and <paramref name="router"/>.</summary>
    public MosquittoGatewayChannel(MosquittoControlChannel channel, ControlPlaneRouter router)
    {
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _router = router ?? throw new ArgumentNullException(nameof(router));
    }

    /// <summary>The board's channel this one shares.</summary>
    public MosquittoControlChannel Board => _channel;

    /// <summary>The gateway agent that receives the messages of the topics it subscribes (set once it is built).</summary>
    public void Attach(IMessageSink sink) => _sink = sink;

    /// <inheritdoc />
    public bool IsConnected => _channel.IsConnected;

    /// <inheritdoc />
    public int UnacknowledgedCount => _channel.UnacknowledgedCount;

    /// <inheritdoc />
    public bool Publish(string topic, byte[] payload, int qos) => _channel.Publish(topic, payload, qos);

    /// <inheritdoc />
    public bool Subscribe(string topic)
    {
        IMessageSink? sink = _sink;
        if (sink is null)
        {
            return false;
        }

        _router.Route(topic, sink);
        return _channel.Subscribe(topic);
    }
}
