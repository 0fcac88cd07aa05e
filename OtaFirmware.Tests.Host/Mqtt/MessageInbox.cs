// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Text;
using OtaFirmware.Host.Mqtt;

namespace OtaFirmware.Tests.Host.Mqtt;

/// <summary>Collects messages delivered on libmosquitto's thread so a test can wait for them with a timeout.</summary>
internal sealed class MessageInbox
{
    private readonly BlockingCollection<MqttMessage> _messages = new();

    public void Add(MqttMessage message) => _messages.Add(message);

    public void Add(string topic, byte[] payload) => _messages.Add(new MqttMessage(topic, payload, -1, false));

    /// <summary>The next message whose topic is <paramref name="topic"/> (others are skipped), or a failed assertion after <paramref name="timeout"/>.</summary>
    public MqttMessage Next(string topic, TimeSpan timeout)
    {
        DateTime deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero || !_messages.TryTake(out MqttMessage? message, left))
            {
                Assert.Fail("no message on " + topic + " within " + timeout);
                throw new InvalidOperationException();
            }

            if (message.Topic == topic)
            {
                return message;
            }
        }
    }

    /// <summary>True when no message arrives within <paramref name="quiet"/>.</summary>
    public bool StaysEmpty(TimeSpan quiet) => !_messages.TryTake(out _, quiet);

    public static string Text(MqttMessage message) => Encoding.UTF8.GetString(message.Payload);
}
