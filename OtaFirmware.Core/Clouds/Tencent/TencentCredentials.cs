// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Integrity;
using OtaFirmware.Text;

namespace OtaFirmware.Clouds.Tencent
{
    /// <summary>
    /// MQTT sign-in for a Tencent IoT Hub device in key mode (pure functions): client id <c>{productId}{deviceName}</c>,
    /// user name <c>{productId}{deviceName};{sdkappid};{connid};{expiry}</c>, password
    /// <c>{hex(HMAC(base64decode(deviceSecret), userName))};{hmacsha1|hmacsha256}</c>, broker
    /// <c>{productId}.iotcloud.tencentdevices.com:8883</c> (TLS).
    /// </summary>
    /// <remarks>
    /// The cloud document fixes sdkappid at 12010126 (<see cref="DefaultSdkAppId"/>); the C and Python SDKs send their
    /// own id 21010406, which is why it is a parameter. The C SDK sets expiry to now + MAX_ACCESS_EXPIRE_TIMEOUT in
    /// seconds.
    /// </remarks>
    public static class TencentCredentials
    {
        /// <summary>The sdkappid the cloud document prescribes for devices signing in by hand.</summary>
        public const string DefaultSdkAppId = "12010126";

        /// <summary>The MQTT over TLS port.</summary>
        public const int TlsPort = 8883;

        /// <summary>Length of the random connection id.</summary>
        public const int ConnIdLength = 5;

        private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

        /// <summary>The broker host for the product (Guangzhou/global endpoint).</summary>
        /// <returns>"{productId}.iotcloud.tencentdevices.com".</returns>
        /// <exception cref="ArgumentNullException"><paramref name="productId"/> is null.</exception>
        public static string BrokerHost(string productId)
        {
            CloudTopics.CheckSegment(productId, "productId");
            return productId + ".iotcloud.tencentdevices.com";
        }

        /// <summary>The MQTT client id.</summary>
        /// <returns>"{productId}{deviceName}".</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        public static string ClientId(string productId, string deviceName)
        {
            CloudTopics.CheckSegment(productId, "productId");
            CloudTopics.CheckSegment(deviceName, "deviceName");
            return productId + deviceName;
        }

        /// <summary>Five random letters and digits for the user name's connid.</summary>
        /// <returns>The connid.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="random"/> is null.</exception>
        public static string NewConnId(Random random)
        {
            if (random == null)
            {
                throw new ArgumentNullException("random");
            }

            char[] chars = new char[ConnIdLength];
            for (int i = 0; i < ConnIdLength; i++)
            {
                chars[i] = Alphanumerics[random.Next(Alphanumerics.Length)];
            }

            return new string(chars);
        }

        /// <summary>The MQTT user name.</summary>
        /// <param name="productId">Product id.</param>
        /// <param name="deviceName">Device name.</param>
        /// <param name="sdkAppId">Usually <see cref="DefaultSdkAppId"/>.</param>
        /// <param name="connId">From <see cref="NewConnId"/>.</param>
        /// <param name="expiryEpochSeconds">When the signature expires, Unix seconds.</param>
        /// <returns>"{productId}{deviceName};{sdkAppId};{connId};{expiry}".</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">A part is empty or contains ';'.</exception>
        public static string UserName(string productId, string deviceName, string sdkAppId, string connId, long expiryEpochSeconds)
        {
            CheckPart(sdkAppId, "sdkAppId");
            CheckPart(connId, "connId");
            if (expiryEpochSeconds <= 0)
            {
                throw new ArgumentOutOfRangeException("expiryEpochSeconds");
            }

            return ClientId(productId, deviceName) + ";" + sdkAppId + ";" + connId + ";" + expiryEpochSeconds.ToString();
        }

        /// <summary>
        /// The MQTT password: hex HMAC of <paramref name="userName"/> keyed by the base64-decoded device secret,
        /// then ";" and the method name taken from <paramref name="hash"/> (SHA-1: "hmacsha1", SHA-256: "hmacsha256").
        /// </summary>
        /// <returns>"{lower-case hex};{method}".</returns>
        /// <exception cref="ArgumentNullException">An argument is null.</exception>
        /// <exception cref="ArgumentException">The secret is not base64, or the hash is neither SHA-1 nor SHA-256.</exception>
        public static string Password(string userName, string deviceSecretBase64, IStreamingHash hash)
        {
            if (userName == null)
            {
                throw new ArgumentNullException("userName");
            }

            if (deviceSecretBase64 == null)
            {
                throw new ArgumentNullException("deviceSecretBase64");
            }

            string method = SignMethod(hash);
            byte[] key;
            if (!Base64.TryDecode(deviceSecretBase64, out key))
            {
                throw new ArgumentException("device secret is not base64");
            }

            byte[] mac = Hmac.Compute(hash, key, Encoding.UTF8.GetBytes(userName));
            return Hex.ToLower(mac) + ";" + method;
        }

        /// <summary>The signature method name for <paramref name="hash"/>.</summary>
        /// <returns>"hmacsha1" for a 20-byte digest, "hmacsha256" for a 32-byte digest.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="hash"/> is null.</exception>
        /// <exception cref="ArgumentException">Another digest size.</exception>
        public static string SignMethod(IStreamingHash hash)
        {
            if (hash == null)
            {
                throw new ArgumentNullException("hash");
            }

            if (hash.DigestSize == 20)
            {
                return "hmacsha1";
            }

            if (hash.DigestSize == 32)
            {
                return "hmacsha256";
            }

            throw new ArgumentException("Tencent signs with SHA-1 or SHA-256 only");
        }

        private static void CheckPart(string value, string name)
        {
            if (value == null)
            {
                throw new ArgumentNullException(name);
            }

            if (value.Length == 0 || value.IndexOf(';') >= 0)
            {
                throw new ArgumentException(name + " is empty or contains ';'");
            }
        }
    }
}
