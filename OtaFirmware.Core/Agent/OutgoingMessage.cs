// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>A message a dialect built for the cloud: topic, UTF-8 JSON payload and QoS.</summary>
    public sealed class OutgoingMessage
    {
        /// <summary>Creates a message.</summary>
        public OutgoingMessage(string topic, byte[] payload, int qos)
        {
            Topic = topic;
            Payload = payload;
            Qos = qos;
        }

        /// <summary>MQTT topic.</summary>
        public string Topic { get; private set; }

        /// <summary>UTF-8 payload.</summary>
        public byte[] Payload { get; private set; }

        /// <summary>0 for progress, 1 for version reports and final states.</summary>
        public int Qos { get; private set; }
    }
}
