// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds;
using OtaFirmware.Configuration;

namespace OtaFirmware.Device
{
    /// <summary>
    /// MQTT client id, user name and password for one connection attempt, from the configuration and the portable
    /// credential functions of each cloud (<see cref="MqttCredentials"/>, shared with the simulated boards). Built fresh
    /// for every attempt: Tencent and Aliyun sign a timestamp.
    /// </summary>
    public sealed class MqttSignIn
    {
        private static readonly DateTime Epoch = new DateTime(1970, 1, 1, 0, 0, 0);
        private static readonly Random ConnIdRandom = new Random();

        private MqttSignIn(string clientId, string userName, string password)
        {
            ClientId = clientId;
            UserName = userName;
            Password = password;
        }

        /// <summary>MQTT client id.</summary>
        public string ClientId { get; private set; }

        /// <summary>MQTT user name.</summary>
        public string UserName { get; private set; }

        /// <summary>MQTT password.</summary>
        public string Password { get; private set; }

        /// <summary>Builds the sign-in for <paramref name="configuration"/> (already validated) at the current time.</summary>
        /// <returns>The explicit mqtt_* keys when present, otherwise the cloud's key-mode sign-in.</returns>
        public static MqttSignIn Create(DeviceConfiguration configuration, CloudKind cloud)
        {
            if (configuration.mqtt_client_id != null && configuration.mqtt_client_id.Length != 0)
            {
                return new MqttSignIn(configuration.mqtt_client_id, configuration.mqtt_username, configuration.mqtt_password);
            }

            long nowSeconds = (DateTime.UtcNow - Epoch).Ticks / TimeSpan.TicksPerSecond;
            MqttCredentials credentials = MqttCredentials.ForDevice(configuration, cloud, nowSeconds, ConnIdRandom);
            return new MqttSignIn(credentials.ClientId, credentials.UserName, credentials.Password);
        }
    }
}
