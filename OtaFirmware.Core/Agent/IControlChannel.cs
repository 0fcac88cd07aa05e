// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>
    /// The control plane as the agent sees it: publish to the cloud. Incoming messages come the other way through
    /// <see cref="IMessageSink"/>: the transport (M2Mqtt on the device, libmosquitto on the host) hands them to the
    /// board's <see cref="ControlPlaneRouter"/>, which also holds the topics the transport subscribes after every
    /// (re)connect.
    /// </summary>
    public interface IControlChannel
    {
        /// <summary>True while the broker connection is up.</summary>
        bool IsConnected { get; }

        /// <summary>
        /// QoS 1 messages handed to the transport that the broker has not acknowledged yet (PUBACK). The agent waits for
        /// 0 before it reboots into a new image, so that the "burning" report is not lost with the reset.
        /// </summary>
        int UnacknowledgedCount { get; }

        /// <summary>Publishes <paramref name="payload"/> on <paramref name="topic"/> at QoS <paramref name="qos"/> (0 or 1).</summary>
        /// <returns>True when the message was handed to the transport; false when disconnected or the queue is full.</returns>
        bool Publish(string topic, byte[] payload, int qos);
    }
}
