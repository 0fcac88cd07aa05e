// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Text;
using MQTTnet;
using MQTTnet.Protocol;

namespace OtaFirmware.Tests.Host.LocalCloud.Attacks;

/// <summary>An attacker's MQTT client (MQTTnet, any credentials, TLS without checking the server): what reaches it is recorded.</summary>
internal sealed class Attacker : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();

    public Attacker() => _client.ApplicationMessageReceivedAsync += e =>
    {
        Received.Enqueue(e.ApplicationMessage.Topic);
        return Task.CompletedTask;
    };

    /// <summary>Topics of every message delivered to the attacker.</summary>
    public ConcurrentQueue<string> Received { get; } = new();

    public bool IsConnected => _client.IsConnected;

    /// <summary>Connects; returns Success, NotAuthorized for any refusing CONNACK, or null when the connection itself failed (no TLS, reset).</summary>
    public async Task<MqttClientConnectResultCode?> Connect(int port, string clientId, string? userName, string? password, bool tls = true)
    {
        MqttClientOptionsBuilder builder = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(MQTTnet.Formatter.MqttProtocolVersion.V311)
            .WithTimeout(TimeSpan.FromSeconds(5));
        if (userName != null)
        {
            builder = builder.WithCredentials(userName, password);
        }

        if (tls)
        {
            builder = builder.WithTlsOptions(o => o.UseTls().WithCertificateValidationHandler(_ => true));
        }

        try
        {
            MqttClientConnectResult result = await _client.ConnectAsync(builder.Build());
            return result.ResultCode;
        }
        catch (MQTTnet.Adapter.MqttConnectingFailedException)
        {
            // A CONNACK with a refusal (the broker's Refusals say why).
            return MqttClientConnectResultCode.NotAuthorized;
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or IOException)
        {
            return null;
        }
    }

    public async Task<MqttClientSubscribeResultCode> Subscribe(string filter)
    {
        MqttClientSubscribeResult result = await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(filter, MqttQualityOfServiceLevel.AtLeastOnce).Build());
        return result.Items.Single().ResultCode;
    }

    /// <summary>Publishes at QoS 1 and waits for the PUBACK (the broker has decided by then); false when the connection was closed instead.</summary>
    public async Task<bool> Publish(string topic, string payload, bool retain = false) => await Publish(topic, Encoding.UTF8.GetBytes(payload), retain);

    public async Task<bool> Publish(string topic, byte[] payload, bool retain = false)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _client.PublishAsync(
                new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithRetainFlag(retain).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(),
                timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is MQTTnet.Exceptions.MqttCommunicationException or OperationCanceledException or InvalidOperationException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try
            {
                await _client.DisconnectAsync();
            }
            catch (MQTTnet.Exceptions.MqttCommunicationException)
            {
            }
        }

        _client.Dispose();
    }
}
