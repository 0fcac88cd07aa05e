// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Device.Wifi;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using OtaFirmware.Agent;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Configuration;
using OtaFirmware.Connectivity;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;
using nanoFramework.M2Mqtt;
using nanoFramework.M2Mqtt.Messages;
using nanoFramework.Networking;

namespace OtaFirmware.Device
{
    /// <summary>
    /// Keeps the MQTT connection up on its own thread: (re)builds the client (its constructor resolves DNS once, so a
    /// failed connect rebuilds it to resolve again), signs in, subscribes the dialect's topics after every connect
    /// (M2Mqtt restores no subscriptions) the topics of the <see cref="ControlPlaneRouter"/>, tells the agents, and backs
    /// off with jitter between failures. The message handler only hands each message with its retain flag to the
    /// router, which passes it to the agent that subscribed its topic (the board's agent, or the gateway agent):
    /// M2Mqtt raises every event on one dispatch thread.
    /// </summary>
    public sealed class MqttSupervisor
    {
        private const ushort KeepAliveSeconds = 60;
        private const int ConnectedPollMilliseconds = 5000;
        private const int WifiReconnectMilliseconds = 30000;

        private readonly string _host;
        private readonly int _port;
        private readonly X509Certificate _caCertificate;
        private readonly bool _verifyServer;
        private readonly DeviceConfiguration _configuration;
        private readonly CloudKind _cloud;
        private readonly ControlPlaneRouter _router;
        private readonly M2MqttChannel _channel;
        private readonly OtaAgent _agent;
        private readonly GatewayAgent _gateway;
        private readonly IConnectivityProbe _probe;
        private readonly ReconnectBackoff _backoff;
        private readonly ILog _log;
        private readonly AutoResetEvent _closed = new AutoResetEvent(false);
        private MqttClient _client;
        private bool _stopping;

        /// <summary>Creates the supervisor; nothing happens until <see cref="Run"/>.</summary>
        /// <remarks><paramref name="gateway"/> is null when the board serves no sub-devices. <paramref name="router"/> holds
        /// the routes of both agents (the board's agent's dialect topics, the gateway agent's topics).</remarks>
        public MqttSupervisor(
            string host,
            int port,
            X509Certificate caCertificate,
            bool verifyServer,
            DeviceConfiguration configuration,
            CloudKind cloud,
            ControlPlaneRouter router,
            M2MqttChannel channel,
            OtaAgent agent,
            GatewayAgent gateway,
            IConnectivityProbe probe,
            ReconnectBackoff backoff,
            ILog log)
        {
            _host = host;
            _port = port;
            _caCertificate = caCertificate;
            _verifyServer = verifyServer;
            _configuration = configuration;
            _cloud = cloud;
            _router = router;
            _channel = channel;
            _agent = agent;
            _gateway = gateway;
            _probe = probe;
            _backoff = backoff;
            _log = log;
        }

        /// <summary>The supervisor loop; returns after <see cref="Stop"/>.</summary>
        public void Run()
        {
            while (!_stopping)
            {
                MqttClient client = _client;
                if (client != null && client.IsConnected)
                {
                    _closed.WaitOne(ConnectedPollMilliseconds, false);
                    continue;
                }

                if (TryConnect())
                {
                    _backoff.Reset();
                    continue;
                }

                int delay = _backoff.NextDelayMilliseconds();
                _log.Write("mqtt: retry in " + delay.ToString() + " ms (attempt " + _backoff.Attempts.ToString() + ")");
                _closed.WaitOne(delay, false);
            }

            DropClient();
        }

        /// <summary>Asks the loop to end and closes the connection.</summary>
        public void Stop()
        {
            _stopping = true;
            _closed.Set();
        }

        private bool TryConnect()
        {
            if (!_probe.IsNetworkUp)
            {
                _log.Write("mqtt: network down, reconnecting Wi-Fi");
                // ConnectDhcp again rather than Reconnect: it also works when the first attempt at boot failed
                // before the network configuration was stored.
                string password = _configuration.wifi_password == null ? string.Empty : _configuration.wifi_password;
                bool connected;
                using (CancellationTokenSource timeout = new CancellationTokenSource(WifiReconnectMilliseconds))
                {
                    connected = WifiNetworkHelper.ConnectDhcp(_configuration.wifi_ssid, password, WifiReconnectionKind.Automatic, true, 0, timeout.Token);
                }

                if (!connected)
                {
                    _log.Write("mqtt: Wi-Fi reconnect failed: status " + ((int)WifiNetworkHelper.Status).ToString());
                    return false;
                }
            }

            if (_client == null && !BuildClient())
            {
                return false;
            }

            MqttSignIn signIn;
            try
            {
                signIn = MqttSignIn.Create(_configuration, _cloud);
            }
            catch (Exception ex)
            {
                // a configuration value the credential functions refuse: retrying will not help, but backing off is harmless
                _log.Write("mqtt: cannot sign in: " + ex.Message);
                return false;
            }

            MqttReasonCode code;
            try
            {
                code = _client.Connect(signIn.ClientId, signIn.UserName, signIn.Password, true, KeepAliveSeconds);
            }
            catch (Exception ex)
            {
                // socket or TLS failure: the broker's address may have changed, resolve it again next time
                _log.Write("mqtt: connect to " + _host + ":" + _port.ToString() + " failed: " + ex.Message);
                DropClient();
                return false;
            }

            if (code != MqttReasonCode.Success)
            {
                _log.Write("mqtt: broker refused the connection: reason " + ((int)code).ToString());
                return false;
            }

            string[] topics = _router.Topics;
            MqttQoSLevel[] levels = new MqttQoSLevel[topics.Length];
            for (int i = 0; i < levels.Length; i++)
            {
                levels[i] = MqttQoSLevel.AtLeastOnce;
            }

            try
            {
                _client.Subscribe(topics, levels);
            }
            catch (Exception ex)
            {
                _log.Write("mqtt: subscribe failed: " + ex.Message);
                DropClient();
                return false;
            }

            _log.Write("mqtt: connected to " + _host + ", " + topics.Length.ToString() + " topic(s) subscribed");
            _agent.OnConnected();
            if (_gateway != null)
            {
                _gateway.OnConnected(); // sub-devices go online again and their topics are subscribed again
            }

            return true;
        }

        private bool BuildClient()
        {
            try
            {
                // resolves the host name now (Dns.GetHostEntry in MqttNetworkChannel)
                MqttClient client = new MqttClient(_host, _port, true, _caCertificate, null, MqttSslProtocols.TLSv1_2);

                // M2Mqtt 5.1.220 (MqttNetworkChannel.Connect) keeps SslStream's CertificateRequired unless
                // ValidateServerCertificate is false; it defaults to true, set explicitly so the mode is visible here.
                client.Settings.ValidateServerCertificate = _verifyServer;
                client.MqttMsgPublishReceived += OnMessage;
                client.ConnectionClosed += OnConnectionClosed;
                _client = client;
                _channel.Attach(client);
                return true;
            }
            catch (Exception ex)
            {
                _log.Write("mqtt: cannot reach " + _host + " (DNS?): " + ex.Message);
                _client = null;
                _channel.Attach(null);
                return false;
            }
        }

        private void DropClient()
        {
            MqttClient client = _client;
            _client = null;
            _channel.Attach(null);
            if (client == null)
            {
                return;
            }

            client.MqttMsgPublishReceived -= OnMessage;
            client.ConnectionClosed -= OnConnectionClosed;
            try
            {
                client.Dispose();
            }
            catch (Exception)
            {
                // already torn down
            }
        }

        private void OnMessage(object sender, MqttMsgPublishEventArgs e)
        {
            // M2Mqtt's dispatch thread: hand over and return at once
            _router.Deliver(e.Topic, e.Message, e.Retain);
        }

        private void OnConnectionClosed(object sender, EventArgs e)
        {
            _log.Write("mqtt: connection closed");
            _closed.Set();
        }
    }
}
