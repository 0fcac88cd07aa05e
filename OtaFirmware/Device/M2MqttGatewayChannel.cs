// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Agent;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;

namespace OtaFirmware.Device
{
    /// <summary>
    /// The gateway agent's MQTT connection: the board's own <see cref="M2MqttChannel"/> (one client, one connection,
    /// shared with the board's OtaAgent) plus subscriptions at run time on the attached client. M2Mqtt restores no
    /// subscriptions after a reconnect; the gateway agent subscribes again in its connect announcement.
    /// </summary>
    public sealed class M2MqttGatewayChannel : IGatewayChannel
    {
        private readonly M2MqttChannel _channel;
        private readonly ILog _log;

        /// <summary>Wraps the board's channel.</summary>
        public M2MqttGatewayChannel(M2MqttChannel channel, ILog log)
        {
            if (channel == null || log == null)
            {
                throw new ArgumentNullException();
            }

            _channel = channel;
            _log = log;
        }

        /// <inheritdoc />
        public bool IsConnected
        {
            get { return _channel.IsConnected; }
        }

        /// <inheritdoc />
        public int UnacknowledgedCount
        {
            get { return _channel.UnacknowledgedCount; }
        }

        /// <inheritdoc />
        public bool Publish(string topic, byte[] payload, int qos)
        {
            return _channel.Publish(topic, payload, qos);
        }

        /// <inheritdoc />
        public bool Subscribe(string topic)
        {
            MqttClient client = _channel.AttachedClient;
            if (client == null || !client.IsConnected)
            {
                return false;
            }

            try
            {
                client.Subscribe(new string[] { topic }, new MqttQoSLevel[] { MqttQoSLevel.AtLeastOnce });
                return true;
            }
            catch (Exception ex)
            {
                _log.Write("mqtt: subscribe " + topic + " failed: " + ex.Message);
                return false;
            }
        }
    }
}
