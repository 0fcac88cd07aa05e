// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using OtaFirmware.Agent;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace OtaFirmware.Device
{
    /// <summary>
    /// The agent's control channel over nanoFramework.M2Mqtt. The supervisor attaches the current client after every
    /// (re)build; the agent publishes from its own thread.
    /// </summary>
    public sealed class M2MqttChannel : IControlChannel
    {
        private readonly ILog _log;
        private readonly Hashtable _unacknowledged = new Hashtable();
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

        /// <summary>QoS 1 messages M2Mqtt has not reported as published (PUBACK) yet, on the attached client.</summary>
        public int UnacknowledgedCount
        {
            get
            {
                lock (_unacknowledged)
                {
                    return _unacknowledged.Count;
                }
            }
        }

        /// <summary>The attached client, or null (for <see cref="M2MqttGatewayChannel"/>'s subscriptions).</summary>
        public MqttClient AttachedClient
        {
            get { return _client; }
        }

        /// <summary>Replaces the client (null detaches it). Called by the supervisor only.</summary>
        public void Attach(MqttClient client)
        {
            MqttClient previous = _client;
            if (previous != null)
            {
                previous.MqttMsgPublished -= OnPublished;
            }

            lock (_unacknowledged)
            {
                _unacknowledged.Clear(); // what the old client had in flight is gone with it
            }

            if (client != null)
            {
                client.MqttMsgPublished += OnPublished;
            }

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
                // The lock spans the publish so that M2Mqtt's published event (on its dispatch thread) never runs
                // before the id is recorded.
                lock (_unacknowledged)
                {
                    ushort id = client.Publish(topic, payload, null, null, level, false);
                    if (level == MqttQoSLevel.AtLeastOnce)
                    {
                        _unacknowledged[id] = id;
                    }
                }

                return true;
            }
            catch (Exception ex)
            {
                _log.Write("mqtt: publish on " + topic + " failed: " + ex.Message);
                return false;
            }
        }

        private void OnPublished(object sender, MqttMsgPublishedEventArgs e)
        {
            lock (_unacknowledged)
            {
                _unacknowledged.Remove(e.MessageId); // published, or given up after M2Mqtt's retries
            }
        }
    }
}
