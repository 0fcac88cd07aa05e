// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using System.Text.Json;
using OtaFirmware.Host.Mqtt;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.Simulator;
using OtaFirmware.Tests.Host.Mqtt;

namespace OtaFirmware.Tests.Host.LocalCloud;

/// <summary>
/// A test MQTT client that plays a device: provisioned by the cloud, signs in over TLS with its secret (the simulated
/// board's sign-in), subscribes its command topics and publishes hand-written reports.
/// </summary>
internal sealed class FakeDevice : IDisposable
{
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    private readonly MosquittoControlChannel _channel;

    /// <summary>Signs in as the device whose command topic is <paramref name="topics"/>[0].</summary>
    public FakeDevice(OtaFirmware.LocalCloud.LocalCloud cloud, params string[] topics)
        : this(cloud, IdentityOf(topics[0]), topics)
    {
    }

    /// <summary>Signs in as <paramref name="identity"/> (provisioned first) and subscribes <paramref name="topics"/>.</summary>
    public FakeDevice(OtaFirmware.LocalCloud.LocalCloud cloud, DeviceAddress identity, params string[] topics)
    {
        cloud.ProvisionDevice(identity);
        _channel = new MosquittoControlChannel(
            BoardSignIn.Options(identity.Cloud, identity.Product, identity.Device, cloud.SecretsPath, cloud.CaPemPath),
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

    /// <summary>The device a command topic belongs to.</summary>
    public static DeviceAddress IdentityOf(string commandTopic)
    {
        string[] parts = commandTopic.Split('/');
        return commandTopic switch
        {
            _ when commandTopic.StartsWith("$gateway/operation/result/", StringComparison.Ordinal) => new DeviceAddress("tencent", parts[3], parts[4]),
            _ when commandTopic.StartsWith("$ota/update/", StringComparison.Ordinal) => new DeviceAddress("tencent", parts[2], parts[3]),
            _ when commandTopic.StartsWith("/ota/device/upgrade/", StringComparison.Ordinal) => new DeviceAddress("aliyun", parts[4], parts[5]),
            _ when commandTopic.StartsWith("/sys/", StringComparison.Ordinal) => new DeviceAddress("jdcloud", parts[2], parts[3]),
            _ => throw new ArgumentException("not a command topic: " + commandTopic),
        };
    }
}
