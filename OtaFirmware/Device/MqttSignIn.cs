// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Configuration;
using OtaFirmware.Integrity;

namespace OtaFirmware.Device
{
    /// <summary>
    /// MQTT client id, user name and password for one connection attempt, from the configuration and the portable
    /// credential functions of each cloud. Built fresh for every attempt: Tencent and Aliyun sign a timestamp.
    /// </summary>
    public sealed class MqttSignIn
    {
        /// <summary>How long a Tencent signature stays valid (the broker checks it at CONNECT only).</summary>
        private const long TencentValiditySeconds = 24 * 3600;

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

            string secret = configuration.key_deviceinfo.deviceSecret;
            long nowSeconds = (DateTime.UtcNow - Epoch).Ticks / TimeSpan.TicksPerSecond;
            if (cloud == CloudKind.Tencent)
            {
                string userName = TencentCredentials.UserName(
                    configuration.productId,
                    configuration.deviceName,
                    TencentCredentials.DefaultSdkAppId,
                    TencentCredentials.NewConnId(ConnIdRandom),
                    nowSeconds + TencentValiditySeconds);
                return new MqttSignIn(
                    TencentCredentials.ClientId(configuration.productId, configuration.deviceName),
                    userName,
                    TencentCredentials.Password(userName, secret, new Sha256()));
            }

            // Aliyun (JD Cloud always has explicit credentials: validated by DeviceConfigurationReader)
            string clientId = configuration.productKey + "." + configuration.deviceName;
            string timestamp = (nowSeconds * 1000).ToString();
            return new MqttSignIn(
                AliyunCredentials.MqttClientId(clientId, AliyunCredentials.SecureModeTls, new Sha256(), timestamp),
                AliyunCredentials.UserName(configuration.deviceName, configuration.productKey),
                AliyunCredentials.Password(clientId, configuration.deviceName, configuration.productKey, timestamp, secret, new Sha256()));
        }
    }
}
