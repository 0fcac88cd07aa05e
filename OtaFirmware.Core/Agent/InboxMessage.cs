// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>One incoming message queued in an <see cref="AgentRuntime"/>'s inbox, as the transport delivered it.</summary>
    public sealed class InboxMessage
    {
        /// <summary>Creates the item.</summary>
        public InboxMessage(string topic, byte[] payload, bool retained)
        {
            Topic = topic;
            Payload = payload;
            Retained = retained;
        }

        /// <summary>The MQTT topic.</summary>
        public string Topic { get; private set; }

        /// <summary>The payload as received.</summary>
        public byte[] Payload { get; private set; }

        /// <summary>The MQTT retain flag as the broker delivered it (the clouds never retain OTA commands).</summary>
        public bool Retained { get; private set; }
    }
}
