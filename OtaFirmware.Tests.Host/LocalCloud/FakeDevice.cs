// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using System.Text.Json;
using OtaFirmware.Host.Mqtt;
using OtaFirmware.Tests.Host.Mqtt;

namespace OtaFirmware.Tests.Host.LocalCloud;

/// <summary>A test MQTT client that plays a device: subscribes its command topics and publishes hand-written reports.</summary>
internal sealed class FakeDevice : IDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly MosquittoControlChannel _channel;

    public FakeDevice(OtaFirmware.LocalCloud.LocalCloud cloud, params string[] topics)
    {
        _channel = new MosquittoControlChannel(
            new MosquittoClientOptions { ClientId = "fake-" + Guid.NewGuid().ToString("N") },
            cloud.BrokerHost,
            cloud.BrokerPort,
            topics,
            Inbox.Add);
        Assert.AreEqual(0, _channel.Start());
        Assert.IsTrue(_channel.WaitConnected(Wait), "fake device connected and subscribed");
    }

    public MessageInbox Inbox { get; } = new();

    public void Send(string topic, string json) => Assert.IsTrue(_channel.Publish(topic, Encoding.UTF8.GetBytes(json), 1));

    public JsonElement Next(string topic)
    {
        MqttMessage message = Inbox.Next(topic, Wait);
        return JsonDocument.Parse(message.Payload).RootElement.Clone();
    }

    public void Dispose() => _channel.Dispose();
}
