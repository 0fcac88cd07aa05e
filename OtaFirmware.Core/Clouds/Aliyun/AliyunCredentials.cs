// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Integrity;
using OtaFirmware.Text;

namespace OtaFirmware.Clouds.Aliyun
{
    /// <summary>
    /// MQTT sign-in for an Aliyun IoT device with a device secret (pure functions): client id
    /// <c>{clientId}|securemode=2,signmethod=hmacsha256,timestamp={ms}|</c>, user name <c>{deviceName}&amp;{productKey}</c>,
    /// password = hex HMAC over <c>clientId{clientId}deviceName{dn}productKey{pk}timestamp{ms}</c> (parameter names in
    /// alphabetical order, each followed by its value) keyed by the device secret's UTF-8 bytes.
    /// </summary>
    /// <remarks>securemode 2 is TLS, 3 plain TCP. The timestamp is optional; when given it must be the same in the
    /// client id and the signed content.</remarks>
    public static class AliyunCredentials
    {
        /// <summary>securemode for a direct TLS connection.</summary>
        public const int SecureModeTls = 2;

        /// <summary>securemode for a direct plain-TCP connection.</summary>
        public const int SecureModeTcp = 3;

        /// <summary>The MQTT port (TLS and TCP alike on the public instance).</summary>
        public const int Port = 1883;

        /// <summary>The public-instance broker host.</summary>
        /// <returns>"{productKey}.iot-as-mqtt.{regionId}.aliyuncs.com".</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static string BrokerHost(string productKey, string regionId)
        {
            CloudTopics.CheckSegment(productKey, "productKey");
            CloudTopics.CheckSegment(regionId, "regionId");
            return productKey + ".iot-as-mqtt." + regionId + ".aliyuncs.com";
        }

        /// <summary>The MQTT client id with its extension parameters.</summary>
        /// <param name="clientId">The device's own client id (MAC, serial; at most 64 characters).</param>
        /// <param name="secureMode"><see cref="SecureModeTls"/> or <see cref="SecureModeTcp"/>.</param>
        /// <param name="hash">The hash the password is signed with (names the signmethod).</param>
        /// <param name="timestamp">Milliseconds since the epoch as text, or null to leave it out.</param>
        /// <returns>"{clientId}|securemode={n},signmethod={m}[,timestamp={t}]|".</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The client id contains '|' or ','; unknown secure mode or hash.</exception>
        public static string MqttClientId(string clientId, int secureMode, IStreamingHash hash, string timestamp)
        {
            CheckClientId(clientId);
            if (secureMode != SecureModeTls && secureMode != SecureModeTcp)
            {
                throw new ArgumentException("secureMode must be 2 (TLS) or 3 (TCP)");
            }

            string result = clientId + "|securemode=" + secureMode.ToString() + ",signmethod=" + SignMethod(hash);
            if (timestamp != null && timestamp.Length > 0)
            {
                result = result + ",timestamp=" + timestamp;
            }

            return result + "|";
        }

        /// <summary>The MQTT user name.</summary>
        /// <returns>"{deviceName}&amp;{productKey}".</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static string UserName(string deviceName, string productKey)
        {
            CloudTopics.CheckSegment(deviceName, "deviceName");
            CloudTopics.CheckSegment(productKey, "productKey");
            return deviceName + "&" + productKey;
        }

        /// <summary>The MQTT password: lower-case hex HMAC of the sorted parameters keyed by the device secret.</summary>
        /// <param name="clientId">Same as in <see cref="MqttClientId"/>.</param>
        /// <param name="deviceName">Device name.</param>
        /// <param name="productKey">Product key.</param>
        /// <param name="timestamp">Same as in <see cref="MqttClientId"/>, or null.</param>
        /// <param name="deviceSecret">The device secret as issued (used as UTF-8 bytes, not decoded).</param>
        /// <param name="hash">SHA-256 for hmacsha256, SHA-1 for hmacsha1 (MD5 for hmacmd5).</param>
        /// <returns>The hex signature.</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static string Password(string clientId, string deviceName, string productKey, string timestamp, string deviceSecret, IStreamingHash hash)
        {
            CheckClientId(clientId);
            CloudTopics.CheckSegment(deviceName, "deviceName");
            CloudTopics.CheckSegment(productKey, "productKey");
            if (deviceSecret == null)
            {
                throw new ArgumentNullException("deviceSecret");
            }

            SignMethod(hash);
            string content = "clientId" + clientId + "deviceName" + deviceName + "productKey" + productKey;
            if (timestamp != null && timestamp.Length > 0)
            {
                content = content + "timestamp" + timestamp;
            }

            byte[] mac = Hmac.Compute(hash, Encoding.UTF8.GetBytes(deviceSecret), Encoding.UTF8.GetBytes(content));
            return Hex.ToLower(mac);
        }

        /// <summary>The signmethod name for <paramref name="hash"/>.</summary>
        /// <returns>"hmacmd5" (16-byte digest), "hmacsha1" (20) or "hmacsha256" (32).</returns>
        /// <exception cref="ArgumentNullException"><paramref name="hash"/> is null.</exception>
        /// <exception cref="ArgumentException">Another digest size.</exception>
        public static string SignMethod(IStreamingHash hash)
        {
            if (hash == null)
            {
                throw new ArgumentNullException("hash");
            }

            switch (hash.DigestSize)
            {
                case 16:
                    return "hmacmd5";
                case 20:
                    return "hmacsha1";
                case 32:
                    return "hmacsha256";
                default:
                    throw new ArgumentException("Aliyun signs with MD5, SHA-1 or SHA-256 only");
            }
        }

        private static void CheckClientId(string clientId)
        {
            if (clientId == null)
            {
                throw new ArgumentNullException("clientId");
            }

            if (clientId.Length == 0 || clientId.Length > 64 || clientId.IndexOf('|') >= 0 || clientId.IndexOf(',') >= 0)
            {
                throw new ArgumentException("clientId must be 1..64 characters without '|' or ','");
            }
        }
    }
}
