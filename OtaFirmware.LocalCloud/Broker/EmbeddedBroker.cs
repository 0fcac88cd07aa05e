// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Security.Authentication;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;
using OtaFirmware.LocalCloud.Clouds;

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>
/// The local cloud's own MQTT broker (MQTTnet.Server, in-process, nothing to install): a TLS listener only; every
/// CONNECT verified by <see cref="SignInVerifier"/> (the dialects' real sign-in); every PUBLISH, SUBSCRIBE and delivery
/// checked against <see cref="TopicPolicy"/> for the connection's authenticated identity; packets above
/// <see cref="EmbeddedBrokerOptions.MaxPacketBytes"/> refused after their fixed header, before their body is read
/// (<see cref="PacketLimitedTlsListener"/>), payloads above <see cref="EmbeddedBrokerOptions.MaxMessageBytes"/> refused,
/// and the sender disconnected in both cases; no retained message is
/// stored from a device nor on a command topic. Device messages reach the cloud in-process together with the sender's
/// authenticated identity (<c>onDeviceMessage</c>); the cloud's commands are injected in-process, so no client can
/// pose as the cloud without the cloud account's password.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    /// <summary>Client id of the cloud's in-process messages (refused for network clients).</summary>
    public const string CloudSenderId = "otafw-cloud-internal";

    private readonly EmbeddedBrokerOptions _options;
    private readonly SignInVerifier _verifier;
    private readonly Action<BrokerIdentity, string, byte[]> _onDeviceMessage;
    private readonly Action<string> _log;
    private readonly ConcurrentDictionary<string, BrokerIdentity> _clients = new(StringComparer.Ordinal);
    private readonly Dictionary<DeviceAddress, DeviceAddress> _boundSubDevices = new();
    private readonly ConcurrentQueue<string> _refusals = new();
    private readonly ConcurrentQueue<OversizePacket> _oversize = new();
    private MqttServer? _server;

    /// <summary>Creates the broker; <see cref="StartAsync"/> starts it.</summary>
    /// <param name="options">Listener and limits.</param>
    /// <param name="verifier">Checks every CONNECT.</param>
    /// <param name="onDeviceMessage">Receives every accepted device message with its sender's identity (on the broker's thread).</param>
    /// <param name="log">Log lines (refusals), or null.</param>
    public EmbeddedBroker(EmbeddedBrokerOptions options, SignInVerifier verifier, Action<BrokerIdentity, string, byte[]> onDeviceMessage, Action<string>? log = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _verifier = verifier ?? throw new ArgumentNullException(nameof(verifier));
        _onDeviceMessage = onDeviceMessage ?? throw new ArgumentNullException(nameof(onDeviceMessage));
        _log = log ?? (_ => { });
    }

    /// <summary>The TLS port (after <see cref="StartAsync"/>).</summary>
    public int Port { get; private set; }

    /// <summary>Everything refused so far, oldest first ("connect ...: reason", "publish ...", "subscribe ...").</summary>
    public IReadOnlyList<string> Refusals => _refusals.ToArray();

    /// <summary>Connections closed because a packet was larger than <see cref="EmbeddedBrokerOptions.MaxPacketBytes"/>, oldest first.</summary>
    public IReadOnlyList<OversizePacket> OversizePackets => _oversize.ToArray();

    /// <summary>How many clients are connected now.</summary>
    public int ConnectedClients => _clients.Count;

    /// <summary>Starts listening.</summary>
    /// <returns>A task that completes when the listener accepts connections.</returns>
    public Task StartAsync() => StartOnAsync(_options.Port);

    /// <summary>Stops the broker (every connection drops) and starts it again on the same port, for reconnect tests.</summary>
    public void Restart()
    {
        MqttServer? server = _server;
        _server = null;
        if (server != null)
        {
            server.StopAsync().GetAwaiter().GetResult();
            server.Dispose();
        }

        _clients.Clear();
        StartOnAsync(Port).GetAwaiter().GetResult();
    }

    private async Task StartOnAsync(int port)
    {
        bool chosenHere = port == 0;
        for (int attempt = 1; ; attempt++)
        {
            Port = chosenHere ? FreePort() : port;
            MqttServerOptions serverOptions = new MqttServerOptionsBuilder()
                .WithoutDefaultEndpoint()
                .WithMaxPendingMessagesPerClient(_options.MaxPendingMessagesPerClient)
                .Build();
            var listener = new PacketLimitedTlsListener(_options.BindAddress, Port, _options.Certificate, _options.MaxPacketBytes, OnOversize);
            MqttServer server = new MqttServerFactory().CreateMqttServer(serverOptions, [listener]);
            server.ValidatingConnectionAsync += ValidateConnection;
            server.ClientDisconnectedAsync += e =>
            {
                _clients.TryRemove(e.ClientId, out _);
                return Task.CompletedTask;
            };
            server.InterceptingPublishAsync += InterceptPublish;
            server.InterceptingSubscriptionAsync += InterceptSubscription;
            server.InterceptingClientEnqueueAsync += InterceptEnqueue;
            try
            {
                await server.StartAsync().ConfigureAwait(false);
                _server = server;
                return;
            }
            catch (SocketException) when (chosenHere && attempt < 5)
            {
                server.Dispose();
            }
        }
    }

    /// <summary>Publishes a cloud message (commands, replies) to the devices subscribed to <paramref name="topic"/>.</summary>
    /// <returns>True when handed to the broker.</returns>
    public bool Publish(string topic, byte[] payload, int qos)
    {
        MqttServer? server = _server;
        if (server == null)
        {
            return false;
        }

        MqttApplicationMessage message = new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel((MqttQualityOfServiceLevel)qos)
            .Build();
        server.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = CloudSenderId }).GetAwaiter().GetResult();
        return true;
    }

    /// <summary>
    /// Lets <paramref name="gateway"/> use <paramref name="subDevice"/>'s OTA topics (the cloud accepted the sub-device's
    /// <c>$gateway/operation</c> online). Refused for a device that signs in itself or is bound to another gateway.
    /// </summary>
    /// <returns>True when bound (or already bound to this gateway).</returns>
    public bool Bind(DeviceAddress gateway, DeviceAddress subDevice, DeviceRegistry registry)
    {
        if (registry.Find(subDevice) != null)
        {
            Refuse("bind " + gateway.Product + "/" + gateway.Device + " -> " + subDevice.Product + "/" + subDevice.Device + ": a device that signs in itself cannot be a sub-device");
            return false;
        }

        lock (_boundSubDevices)
        {
            if (_boundSubDevices.TryGetValue(subDevice, out DeviceAddress? owner) && owner != gateway)
            {
                Refuse("bind " + gateway.Product + "/" + gateway.Device + " -> " + subDevice.Product + "/" + subDevice.Device + ": bound to another gateway");
                return false;
            }

            _boundSubDevices[subDevice] = gateway;
            return true;
        }
    }

    /// <summary>Takes <paramref name="subDevice"/>'s topics away from <paramref name="gateway"/> (sub-device offline).</summary>
    public void Unbind(DeviceAddress gateway, DeviceAddress subDevice)
    {
        lock (_boundSubDevices)
        {
            if (_boundSubDevices.TryGetValue(subDevice, out DeviceAddress? owner) && owner == gateway)
            {
                _boundSubDevices.Remove(subDevice);
            }
        }
    }

    /// <summary>Stops the broker.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        MqttServer? server = _server;
        _server = null;
        if (server != null)
        {
            await server.StopAsync().ConfigureAwait(false);
            server.Dispose();
        }
    }

    private Task ValidateConnection(ValidatingConnectionEventArgs e)
    {
        if (e.ClientId == CloudSenderId)
        {
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            Refuse("connect " + e.ClientId + ": reserved client id");
            return Task.CompletedTask;
        }

        SignInResult result = _verifier.Verify(e.ClientId, e.UserName, e.Password, _options.Clock());
        if (result.Identity == null)
        {
            e.ReasonCode = result.Reason is "anonymous" or "malformed sign-in" or "bad password" or "bad signature" or "expired"
                ? MqttConnectReasonCode.BadUserNameOrPassword
                : MqttConnectReasonCode.NotAuthorized;
            Refuse("connect " + e.ClientId + " (" + e.UserName + "): " + result.Reason);
            return Task.CompletedTask;
        }

        _clients[e.ClientId] = result.Identity;
        e.ReasonCode = MqttConnectReasonCode.Success;
        return Task.CompletedTask;
    }

    private Task InterceptPublish(InterceptingPublishEventArgs e)
    {
        MqttApplicationMessage message = e.ApplicationMessage;
        if (e.ClientId == CloudSenderId)
        {
            return Task.CompletedTask;
        }

        string topic = message.Topic;
        string? why = null;
        BrokerIdentity? sender = _clients.TryGetValue(e.ClientId, out BrokerIdentity? known) ? known : null;
        if (sender == null)
        {
            why = "not signed in";
        }
        else if (message.Payload.Length > _options.MaxMessageBytes)
        {
            why = "message of " + message.Payload.Length + " bytes exceeds " + _options.MaxMessageBytes;
            e.CloseConnection = true;
        }
        else if (message.Retain && (!sender.IsCloud || TopicPolicy.IsCommandTopic(topic)))
        {
            why = "retained message refused";
        }
        else if (!sender.IsCloud && !MayPublish(sender.Device!, topic))
        {
            why = "not its topic";
        }

        if (why != null)
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            Refuse("publish " + (sender?.ToString() ?? e.ClientId) + " -> " + topic + ": " + why);
            return Task.CompletedTask;
        }

        if (!sender!.IsCloud)
        {
            // Only the cloud hears device uplinks: the message goes to it with the sender's identity, not to subscribers.
            e.ProcessPublish = false;
            _onDeviceMessage(sender, topic, message.Payload.ToArray());
        }

        return Task.CompletedTask;
    }

    private Task InterceptSubscription(InterceptingSubscriptionEventArgs e)
    {
        BrokerIdentity? client = _clients.TryGetValue(e.ClientId, out BrokerIdentity? known) ? known : null;
        string filter = e.TopicFilter.Topic;
        if (client == null || (!client.IsCloud && !MayReceive(client.Device!, filter)))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            Refuse("subscribe " + (client?.ToString() ?? e.ClientId) + " -> " + filter + ": not its topic");
        }

        return Task.CompletedTask;
    }

    // Second line of defence: whatever a session subscribed, a device receives only its own downlinks, and only from the cloud.
    private Task InterceptEnqueue(InterceptingClientApplicationMessageEnqueueEventArgs e)
    {
        BrokerIdentity? receiver = _clients.TryGetValue(e.ReceiverClientId, out BrokerIdentity? known) ? known : null;
        bool fromCloud = e.SenderClientId == CloudSenderId || (_clients.TryGetValue(e.SenderClientId ?? string.Empty, out BrokerIdentity? s) && s.IsCloud);
        if (receiver == null || (!receiver.IsCloud && (!fromCloud || !MayReceive(receiver.Device!, e.ApplicationMessage.Topic))))
        {
            e.AcceptEnqueue = false;
        }

        return Task.CompletedTask;
    }

    private bool MayPublish(DeviceAddress device, string topic)
    {
        if (TopicPolicy.Uplinks(device).Contains(topic))
        {
            return true;
        }

        lock (_boundSubDevices)
        {
            return _boundSubDevices.Any(b => b.Value == device && TopicPolicy.SubDeviceTopics(b.Key).Uplink == topic);
        }
    }

    private bool MayReceive(DeviceAddress device, string topic)
    {
        if (TopicPolicy.Downlinks(device).Contains(topic))
        {
            return true;
        }

        lock (_boundSubDevices)
        {
            return _boundSubDevices.Any(b => b.Value == device && TopicPolicy.SubDeviceTopics(b.Key).Downlink == topic);
        }
    }

    private void OnOversize(OversizePacket packet)
    {
        _oversize.Enqueue(packet);
        while (_oversize.Count > 100)
        {
            _oversize.TryDequeue(out _);
        }

        Refuse("packet from " + packet.RemoteEndPoint + ": " + (packet.DeclaredBytes < 0 ? "malformed length" : packet.DeclaredBytes + " bytes exceed the limit of " + _options.MaxPacketBytes)
            + "; connection closed after reading " + packet.BytesRead + " bytes");
    }

    private void Refuse(string line)
    {
        _refusals.Enqueue(line);
        while (_refusals.Count > 1000)
        {
            _refusals.TryDequeue(out _);
        }

        _log("broker: refused " + line);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
