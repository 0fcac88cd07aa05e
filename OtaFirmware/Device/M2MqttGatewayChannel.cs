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
    /// shared with the board's OtaAgent) plus subscriptions at run time: each topic is routed to the gateway agent in
    /// the board's <see cref="ControlPlaneRouter"/>, then subscribed on the attached client. The supervisor subscribes
    /// every routed topic again after a reconnect (M2Mqtt restores none).
    /// </summary>
    public sealed class M2MqttGatewayChannel : IGatewayChannel
    {
        private readonly M2MqttChannel _channel;
        private readonly ControlPlaneRouter _router;
        private readonly ILog _log;
        private IMessageSink _sink;

        /// <summary>Wraps the board's channel and router.</summary>
        public M2MqttGatewayChannel(M2MqttChannel channel, ControlPlaneRouter router, ILog log)
        {
            if (channel == null || router == null || log == null)
            {
                throw new ArgumentNullException();
            }

            _channel = channel;
            _router = router;
            _log = log;
        }

        /// <summary>The gateway agent that receives the messages of the topics it subscribes (set once it is built).</summary>
        public void Attach(IMessageSink sink)
        {
            _sink = sink;
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
            IMessageSink sink = _sink;
            if (sink == null)
            {
                return false;
            }

            _router.Route(topic, sink);
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
