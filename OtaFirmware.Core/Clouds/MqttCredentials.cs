// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Configuration;
using OtaFirmware.Integrity;

namespace OtaFirmware.Clouds
{
    /// <summary>
    /// MQTT client id, user name and password for one connection attempt, from a device configuration and the
    /// portable credential functions of each cloud. The device, the simulated board and the simulated gateway all sign
    /// in through <see cref="ForDevice"/>; the local cloud's broker verifies with the same credential functions.
    /// </summary>
    /// <remarks>Built fresh for every attempt: Tencent signs an expiry and Aliyun a timestamp.</remarks>
    public sealed class MqttCredentials
    {
        /// <summary>How long a Tencent signature stays valid (the broker checks it at CONNECT only).</summary>
        public const long TencentValiditySeconds = 24 * 3600;

        private MqttCredentials(string clientId, string userName, string password)
        {
            ClientId = clientId;
            UserName = userName;
            Password = password;
        }

        /// <summary>MQTT client id.</summary>
        public string ClientId { get; private set; }

        /// <summary>MQTT user name.</summary>
        public string UserName { get; private set; }

        /// <summary>MQTT password (may be null with explicit credentials that have none).</summary>
        public string Password { get; private set; }

        /// <summary>Builds the sign-in for <paramref name="configuration"/> (already validated) at <paramref name="nowSeconds"/>.</summary>
        /// <param name="configuration">The device configuration (validated by DeviceConfigurationReader).</param>
        /// <param name="cloud">The configuration's cloud.</param>
        /// <param name="nowSeconds">The current time in Unix seconds.</param>
        /// <param name="random">Source of Tencent's connection id.</param>
        /// <returns>The explicit mqtt_* keys when present, otherwise the cloud's key-mode sign-in (HMAC-SHA256).</returns>
        /// <exception cref="ArgumentNullException"><paramref name="configuration"/> or <paramref name="random"/> is null.</exception>
        /// <exception cref="ArgumentException">The configuration lacks what the cloud's sign-in needs.</exception>
        public static MqttCredentials ForDevice(DeviceConfiguration configuration, CloudKind cloud, long nowSeconds, Random random)
        {
            if (configuration == null)
            {
                throw new ArgumentNullException("configuration");
            }

            if (random == null)
            {
                throw new ArgumentNullException("random");
            }

            if (configuration.mqtt_client_id != null && configuration.mqtt_client_id.Length != 0)
            {
                return new MqttCredentials(configuration.mqtt_client_id, configuration.mqtt_username, configuration.mqtt_password);
            }

            if (configuration.key_deviceinfo == null || configuration.key_deviceinfo.deviceSecret == null)
            {
                throw new ArgumentException("key_deviceinfo.deviceSecret is missing");
            }

            string secret = configuration.key_deviceinfo.deviceSecret;
            if (cloud == CloudKind.Tencent)
            {
                string userName = TencentCredentials.UserName(
                    configuration.productId,
                    configuration.deviceName,
                    TencentCredentials.DefaultSdkAppId,
                    TencentCredentials.NewConnId(random),
                    nowSeconds + TencentValiditySeconds);
                return new MqttCredentials(
                    TencentCredentials.ClientId(configuration.productId, configuration.deviceName),
                    userName,
                    TencentCredentials.Password(userName, secret, new Sha256()));
            }

            if (cloud != CloudKind.Aliyun)
            {
                throw new ArgumentException("JD Cloud signs in with explicit mqtt_client_id, mqtt_username and mqtt_password");
            }

            string clientId = configuration.productKey + "." + configuration.deviceName;
            string timestamp = (nowSeconds * 1000).ToString();
            return new MqttCredentials(
                AliyunCredentials.MqttClientId(clientId, AliyunCredentials.SecureModeTls, new Sha256(), timestamp),
                AliyunCredentials.UserName(configuration.deviceName, configuration.productKey),
                AliyunCredentials.Password(clientId, configuration.deviceName, configuration.productKey, timestamp, secret, new Sha256()));
        }
    }
}
