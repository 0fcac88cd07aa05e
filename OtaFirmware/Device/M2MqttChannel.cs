// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using OtaFirmware.Agent;

namespace OtaFirmware.Device
{
    /// <summary>
    /// The agent's control channel over nanoFramework.M2Mqtt. The supervisor attaches the current client after every
    /// (re)build; the agent publishes from its own thread.
    /// </summary>
    public sealed class M2MqttChannel : IControlChannel
    {
        private readonly ILog _log;
        private MqttClient _client;

        /// <summary>Creates a channel with no client yet.</summary>
        public M2MqttChannel(ILog log)
        {
            _log = log;
        }

        /// <summary>True while the attached client is connected.</summary>
        public bool IsConnected
        {
            get
            {
                MqttClient client = _client;
                return client != null && client.IsConnected;
            }
        }

        /// <summary>Replaces the client (null detaches it). Called by the supervisor only.</summary>
        public void Attach(MqttClient client)
        {
            _client = client;
        }

        /// <summary>Publishes with the 6-argument overload (no MQTT 5 content type or user properties).</summary>
        /// <returns>False when disconnected or when M2Mqtt refused the message (inflight queue full, socket error).</returns>
        public bool Publish(string topic, byte[] payload, int qos)
        {
            MqttClient client = _client;
            if (client == null || !client.IsConnected)
            {
                return false;
            }

            MqttQoSLevel level = qos >= 1 ? MqttQoSLevel.AtLeastOnce : MqttQoSLevel.AtMostOnce;
            try
            {
                client.Publish(topic, payload, null, null, level, false);
                return true;
            }
            catch (Exception ex)
            {
                _log.Write("mqtt: publish on " + topic + " failed: " + ex.Message);
                return false;
            }
        }
    }
}
