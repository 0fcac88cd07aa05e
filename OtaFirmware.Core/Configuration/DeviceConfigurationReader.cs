// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using System.Text;
using OtaFirmware.Text;

namespace OtaFirmware.Configuration
{
    /// <summary>
    /// Reads and checks <c>device_info.json</c>. Pure: the caller reads the file; the text is parsed with the portable <see cref="JsonReader"/>.
    /// </summary>
    public static class DeviceConfigurationReader
    {
        // The string keys of the top level (see SetText).
        private static readonly string[] TextKeys = new string[]
        {
            "auth_mode", "productId", "deviceName", "cloud", "productKey", "identifier", "region", "broker_host", "ca_cert",
            "wifi_ssid", "wifi_password", "mqtt_client_id", "mqtt_username", "mqtt_password",
        };

        /// <summary>The port used when <see cref="DeviceConfiguration.broker_port"/> is 0.</summary>
        public const int DefaultBrokerPort = 8883;

        /// <summary>The UART speed used when <see cref="GatewaySubDeviceConfiguration.baud_rate"/> is 0.</summary>
        public const int DefaultBaudRate = 115200;

        /// <summary>The highest UART speed accepted (the ESP32 UART's limit).</summary>
        public const int MaxBaudRate = 5000000;

        /// <summary>The highest GPIO number accepted (ESP32-S3: GPIO48).</summary>
        public const int MaxPin = 48;

        /// <summary>Parses <paramref name="json"/> with the portable <see cref="JsonReader"/> and validates it.</summary>
        /// <param name="json">The file text, or null when the file does not exist.</param>
        /// <returns><see cref="ConfigurationError.Missing"/>, <see cref="ConfigurationError.Malformed"/> (with the
        /// reader's reason) or whatever <see cref="Validate"/> returns.</returns>
        /// <remarks>
        /// Keys are case-sensitive and unknown keys are skipped; a string key takes a string or null, a number key a
        /// whole number, an object key an object or null. Anything else, a key given twice or trailing text is
        /// Malformed.
        /// </remarks>
        public static ConfigurationResult Parse(string json)
        {
            if (json == null || json.Trim().Length == 0)
            {
                return ConfigurationResult.Fail(ConfigurationError.Missing, "device_info.json is missing or empty");
            }

            byte[] bytes = Encoding.UTF8.GetBytes(json);
            JsonReader reader = new JsonReader(bytes, 0, bytes.Length);
            DeviceConfiguration configuration = ReadConfiguration(reader);
            if (configuration == null || !reader.ReadEnd())
            {
                return ConfigurationResult.Fail(ConfigurationError.Malformed, reader.Error == null ? "not a JSON object" : reader.Error);
            }

            return Validate(configuration);
        }

        /// <summary>Checks an already deserialized configuration.</summary>
        /// <returns>
        /// <see cref="ConfigurationError.None"/> with the cloud;
        /// <see cref="ConfigurationError.Missing"/> (null);
        /// <see cref="ConfigurationError.UnknownCloud"/>; <see cref="ConfigurationError.UnsupportedAuthMode"/>;
        /// <see cref="ConfigurationError.MissingField"/> or <see cref="ConfigurationError.InvalidValue"/> naming the key
        /// (for the gateway section: <c>gateway.sub_devices[i].key</c>, see <see cref="ValidateGateway"/>).
        /// </returns>
        public static ConfigurationResult Validate(DeviceConfiguration configuration)
        {
            if (configuration == null)
            {
                return ConfigurationResult.Fail(ConfigurationError.Missing, "no configuration");
            }

            CloudKind cloud = CloudFromName(configuration.cloud);
            if (cloud == CloudKind.Unknown)
            {
                return ConfigurationResult.Fail(ConfigurationError.UnknownCloud, "cloud must be tencent, aliyun or jdcloud");
            }

            if (!IsBlank(configuration.auth_mode) && configuration.auth_mode.Trim().ToLower() != "key")
            {
                return ConfigurationResult.Fail(ConfigurationError.UnsupportedAuthMode, "auth_mode must be KEY");
            }

            if (IsBlank(configuration.wifi_ssid))
            {
                return Missing("wifi_ssid");
            }

            if (configuration.wifi_ssid.Length > 32)
            {
                return Invalid("wifi_ssid", "longer than 32 bytes");
            }

            if (configuration.wifi_password != null && configuration.wifi_password.Length != 0
                && (configuration.wifi_password.Length < 8 || configuration.wifi_password.Length > 63))
            {
                return Invalid("wifi_password", "must be empty or 8 to 63 characters");
            }

            if (configuration.insecure_skip_server_verification)
            {
                // development mode: no CA, and none may be named (a CA means the server is to be verified)
                if (!IsBlank(configuration.ca_cert))
                {
                    return Invalid("insecure_skip_server_verification", "cannot be combined with ca_cert: remove one");
                }
            }
            else if (IsBlank(configuration.ca_cert))
            {
                return Missing("ca_cert");
            }
            else if (!IsPlainFileName(configuration.ca_cert))
            {
                return Invalid("ca_cert", "must be a file name on I:\\ without a path");
            }

            ConfigurationResult signing = ValidateSigning(configuration);
            if (signing != null)
            {
                return signing;
            }

            if (configuration.broker_port < 0 || configuration.broker_port > 65535)
            {
                return Invalid("broker_port", "must be 1 to 65535 (0 means 8883)");
            }

            if (IsBlank(configuration.deviceName))
            {
                return Missing("deviceName");
            }

            bool explicitCredentials = !IsBlank(configuration.mqtt_client_id) || !IsBlank(configuration.mqtt_username);
            if (explicitCredentials && (IsBlank(configuration.mqtt_client_id) || IsBlank(configuration.mqtt_username)))
            {
                return Missing(IsBlank(configuration.mqtt_client_id) ? "mqtt_client_id" : "mqtt_username");
            }

            string secret = configuration.key_deviceinfo == null ? null : configuration.key_deviceinfo.deviceSecret;
            if (cloud == CloudKind.Tencent)
            {
                if (IsBlank(configuration.productId))
                {
                    return Missing("productId");
                }

                if (!explicitCredentials)
                {
                    if (IsBlank(secret))
                    {
                        return Missing("key_deviceinfo.deviceSecret");
                    }

                    if (!IsBase64(secret))
                    {
                        return Invalid("key_deviceinfo.deviceSecret", "is not base64");
                    }
                }
            }
            else if (cloud == CloudKind.Aliyun)
            {
                if (IsBlank(configuration.productKey))
                {
                    return Missing("productKey");
                }

                if (!explicitCredentials && IsBlank(secret))
                {
                    return Missing("key_deviceinfo.deviceSecret");
                }

                if (IsBlank(configuration.broker_host) && IsBlank(configuration.region))
                {
                    return Missing("broker_host or region");
                }
            }
            else
            {
                if (IsBlank(configuration.productKey))
                {
                    return Missing("productKey");
                }

                if (IsBlank(configuration.broker_host))
                {
                    return Missing("broker_host");
                }

                if (!explicitCredentials)
                {
                    return Missing("mqtt_client_id");
                }
            }

            if (configuration.gateway != null)
            {
                if (cloud != CloudKind.Tencent)
                {
                    return Invalid("gateway", "needs cloud tencent (the sub-device protocol is Tencent IoT Hub's gateway protocol)");
                }

                ConfigurationResult gateway = ValidateGateway(configuration.gateway);
                if (!gateway.IsValid)
                {
                    return gateway;
                }
            }

            return ConfigurationResult.Ok(configuration, cloud);
        }

        /// <summary>Checks the gateway section on its own (the cloud rule is in <see cref="Validate"/>).</summary>
        /// <returns>
        /// <see cref="ConfigurationError.None"/> (with a null configuration);
        /// <see cref="ConfigurationError.MissingField"/>: no sub-devices, or a blank product_id, device_name or port;
        /// <see cref="ConfigurationError.InvalidValue"/>: a port that is not COM2 or COM3 or is used twice, a baud rate
        /// outside 0 or 1200..<see cref="MaxBaudRate"/>, a pin outside 1..<see cref="MaxPin"/> or used twice, a sub-device
        /// listed twice. The detail starts with the key, e.g. <c>gateway.sub_devices[1].port</c>.
        /// </returns>
        /// <exception cref="ArgumentNullException"><paramref name="gateway"/> is null.</exception>
        public static ConfigurationResult ValidateGateway(GatewayConfiguration gateway)
        {
            if (gateway == null)
            {
                throw new ArgumentNullException("gateway");
            }

            GatewaySubDeviceConfiguration[] devices = gateway.sub_devices;
            if (devices == null || devices.Length == 0)
            {
                return Missing("gateway.sub_devices");
            }

            for (int i = 0; i < devices.Length; i++)
            {
                string key = "gateway.sub_devices[" + i.ToString() + "]";
                GatewaySubDeviceConfiguration d = devices[i];
                if (d == null)
                {
                    return Missing(key);
                }

                if (IsBlank(d.product_id))
                {
                    return Missing(key + ".product_id");
                }

                if (IsBlank(d.device_name))
                {
                    return Missing(key + ".device_name");
                }

                if (IsBlank(d.port))
                {
                    return Missing(key + ".port");
                }

                if (!IsSubDevicePort(d.port))
                {
                    return Invalid(key + ".port", "must be COM2 or COM3 (the ESP32 has three UARTs; COM1 carries the debugger)");
                }

                if (d.baud_rate != 0 && (d.baud_rate < 1200 || d.baud_rate > MaxBaudRate))
                {
                    return Invalid(key + ".baud_rate", "must be 1200 to " + MaxBaudRate.ToString() + " (0 means " + DefaultBaudRate.ToString() + ")");
                }

                if (d.rx_pin < 1 || d.rx_pin > MaxPin)
                {
                    return Invalid(key + ".rx_pin", "must be a GPIO number 1 to " + MaxPin.ToString());
                }

                if (d.tx_pin < 1 || d.tx_pin > MaxPin || d.tx_pin == d.rx_pin)
                {
                    return Invalid(key + ".tx_pin", "must be a GPIO number 1 to " + MaxPin.ToString() + " other than rx_pin");
                }

                if (d.signing_key != null && SubDeviceSigningKey(d) == null)
                {
                    return Invalid(key + ".signing_key", "must be base64 of a P-256 public key's DER SubjectPublicKeyInfo (imgtool getpub --encoding der)");
                }

                for (int j = 0; j < i; j++)
                {
                    GatewaySubDeviceConfiguration e = devices[j];
                    if (e.product_id.Trim() == d.product_id.Trim() && e.device_name.Trim() == d.device_name.Trim())
                    {
                        return Invalid(key + ".device_name", "is listed twice");
                    }

                    if (e.port.Trim().ToLower() == d.port.Trim().ToLower())
                    {
                        return Invalid(key + ".port", "is used by sub_devices[" + j.ToString() + "] (one sub-device per UART)");
                    }

                    if (d.rx_pin == e.rx_pin || d.rx_pin == e.tx_pin)
                    {
                        return Invalid(key + ".rx_pin", "is used by sub_devices[" + j.ToString() + "]");
                    }

                    if (d.tx_pin == e.rx_pin || d.tx_pin == e.tx_pin)
                    {
                        return Invalid(key + ".tx_pin", "is used by sub_devices[" + j.ToString() + "]");
                    }
                }
            }

            return ConfigurationResult.Ok(null, CloudKind.Tencent);
        }

        /// <summary>The UART speed to use for <paramref name="subDevice"/>.</summary>
        /// <returns><see cref="GatewaySubDeviceConfiguration.baud_rate"/>, or <see cref="DefaultBaudRate"/> when it is 0.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="subDevice"/> is null.</exception>
        public static int BaudRate(GatewaySubDeviceConfiguration subDevice)
        {
            if (subDevice == null)
            {
                throw new ArgumentNullException("subDevice");
            }

            return subDevice.baud_rate == 0 ? DefaultBaudRate : subDevice.baud_rate;
        }

        /// <summary>The broker port to use.</summary>
        /// <returns><see cref="DeviceConfiguration.broker_port"/>, or <see cref="DefaultBrokerPort"/> when it is 0.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is null.</exception>
        public static int BrokerPort(DeviceConfiguration configuration)
        {
            if (configuration == null)
            {
                throw new ArgumentNullException("configuration");
            }

            return configuration.broker_port == 0 ? DefaultBrokerPort : configuration.broker_port;
        }

        /// <summary>The JD Cloud identifier to use.</summary>
        /// <returns><see cref="DeviceConfiguration.identifier"/>, or <see cref="DeviceConfiguration.deviceName"/> when blank.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="configuration"/> is null.</exception>
        public static string Identifier(DeviceConfiguration configuration)
        {
            if (configuration == null)
            {
                throw new ArgumentNullException("configuration");
            }

            return IsBlank(configuration.identifier) ? configuration.deviceName : configuration.identifier;
        }

        /// <summary>Maps the <c>cloud</c> key (case-insensitive, blank means Tencent).</summary>
        /// <returns>The cloud, or <see cref="CloudKind.Unknown"/> for any other name.</returns>
        public static CloudKind CloudFromName(string name)
        {
            if (IsBlank(name))
            {
                return CloudKind.Tencent;
            }

            string lower = name.Trim().ToLower();
            if (lower == "tencent")
            {
                return CloudKind.Tencent;
            }

            if (lower == "aliyun")
            {
                return CloudKind.Aliyun;
            }

            if (lower == "jdcloud")
            {
                return CloudKind.JdCloud;
            }

            return CloudKind.Unknown;
        }

        private static DeviceConfiguration ReadConfiguration(JsonReader reader)
        {
            DeviceConfiguration c = new DeviceConfiguration();
            if (!reader.ReadStartObject())
            {
                return null;
            }

            string name;
            while (reader.NextMember(out name))
            {
                string text = null;
                bool read;
                if (name == "broker_port")
                {
                    int port;
                    read = reader.ReadInt32(out port);
                    c.broker_port = port;
                }
                else if (name == "allow_unsigned_images" || name == "allow_downgrade")
                {
                    bool flag;
                    read = reader.ReadBoolean(out flag);
                    SetFlag(c, name, flag);
                }
                else if (name == "signing_key_digests")
                {
                    string[] digests;
                    read = ReadTextList(reader, out digests);
                    c.signing_key_digests = digests;
                }
                else if (name == "key_deviceinfo")
                {
                    read = reader.TryReadNull() || ReadKeyDeviceInfo(reader, c);
                }
                else if (name == "gateway")
                {
                    read = reader.TryReadNull() || ReadGateway(reader, c);
                }
                else if (IsConfigurationText(name))
                {
                    read = ReadText(reader, out text);
                    SetText(c, name, text);
                }
                else
                {
                    read = reader.Skip();
                }

                if (!read)
                {
                    return null;
                }
            }

            return reader.Failed ? null : c;
        }

        private static bool IsConfigurationText(string name)
        {
            for (int i = 0; i < TextKeys.Length; i++)
            {
                if (TextKeys[i] == name)
                {
                    return true;
                }
            }

            return false;
        }

        private static void SetText(DeviceConfiguration c, string name, string value)
        {
            if (name == "auth_mode")
            {
                c.auth_mode = value;
            }
            else if (name == "productId")
            {
                c.productId = value;
            }
            else if (name == "deviceName")
            {
                c.deviceName = value;
            }
            else if (name == "cloud")
            {
                c.cloud = value;
            }
            else if (name == "productKey")
            {
                c.productKey = value;
            }
            else if (name == "identifier")
            {
                c.identifier = value;
            }
            else if (name == "region")
            {
                c.region = value;
            }
            else if (name == "broker_host")
            {
                c.broker_host = value;
            }
            else if (name == "ca_cert")
            {
                c.ca_cert = value;
            }
            else if (name == "wifi_ssid")
            {
                c.wifi_ssid = value;
            }
            else if (name == "wifi_password")
            {
                c.wifi_password = value;
            }
            else if (name == "mqtt_client_id")
            {
                c.mqtt_client_id = value;
            }
            else if (name == "mqtt_username")
            {
                c.mqtt_username = value;
            }
            else if (name == "mqtt_password")
            {
                c.mqtt_password = value;
            }
        }

        private static bool ReadKeyDeviceInfo(JsonReader reader, DeviceConfiguration c)
        {
            KeyDeviceInfo info = new KeyDeviceInfo();
            if (!reader.ReadStartObject())
            {
                return false;
            }

            string name;
            while (reader.NextMember(out name))
            {
                string secret = null;
                if (name == "deviceSecret" ? !ReadText(reader, out secret) : !reader.Skip())
                {
                    return false;
                }

                if (name == "deviceSecret")
                {
                    info.deviceSecret = secret;
                }
            }

            c.key_deviceinfo = info;
            return !reader.Failed;
        }

        private static bool ReadGateway(JsonReader reader, DeviceConfiguration c)
        {
            GatewayConfiguration gateway = new GatewayConfiguration();
            if (!reader.ReadStartObject())
            {
                return false;
            }

            string name;
            while (reader.NextMember(out name))
            {
                bool read;
                if (name == "sub_devices")
                {
                    GatewaySubDeviceConfiguration[] devices = null;
                    read = reader.TryReadNull() || ReadSubDevices(reader, out devices);
                    gateway.sub_devices = devices;
                }
                else
                {
                    read = reader.Skip();
                }

                if (!read)
                {
                    return false;
                }
            }

            c.gateway = gateway;
            return !reader.Failed;
        }

        private static bool ReadSubDevices(JsonReader reader, out GatewaySubDeviceConfiguration[] devices)
        {
            devices = null;
            ArrayList list = new ArrayList();
            if (!reader.ReadStartArray())
            {
                return false;
            }

            while (reader.NextElement())
            {
                if (reader.TryReadNull())
                {
                    list.Add(null);
                    continue;
                }

                GatewaySubDeviceConfiguration device = ReadSubDevice(reader);
                if (device == null)
                {
                    return false;
                }

                list.Add(device);
            }

            if (reader.Failed)
            {
                return false;
            }

            devices = new GatewaySubDeviceConfiguration[list.Count];
            for (int i = 0; i < devices.Length; i++)
            {
                devices[i] = (GatewaySubDeviceConfiguration)list[i];
            }

            return true;
        }

        private static GatewaySubDeviceConfiguration ReadSubDevice(JsonReader reader)
        {
            GatewaySubDeviceConfiguration device = new GatewaySubDeviceConfiguration();
            if (!reader.ReadStartObject())
            {
                return null;
            }

            string name;
            while (reader.NextMember(out name))
            {
                bool read;
                string text;
                int number;
                if (name == "product_id" || name == "device_name" || name == "port" || name == "signing_key")
                {
                    read = ReadText(reader, out text);
                    if (name == "product_id")
                    {
                        device.product_id = text;
                    }
                    else if (name == "signing_key")
                    {
                        device.signing_key = text;
                    }
                    else if (name == "device_name")
                    {
                        device.device_name = text;
                    }
                    else
                    {
                        device.port = text;
                    }
                }
                else if (name == "baud_rate" || name == "rx_pin" || name == "tx_pin")
                {
                    read = reader.ReadInt32(out number);
                    if (name == "baud_rate")
                    {
                        device.baud_rate = number;
                    }
                    else if (name == "rx_pin")
                    {
                        device.rx_pin = number;
                    }
                    else
                    {
                        device.tx_pin = number;
                    }
                }
                else
                {
                    read = reader.Skip();
                }

                if (!read)
                {
                    return null;
                }
            }

            return reader.Failed ? null : device;
        }

        /// <summary>
        /// The trusted public key of a sub-device's images: <see cref="GatewaySubDeviceConfiguration.signing_key"/>
        /// decoded, when it is the 91-byte DER SubjectPublicKeyInfo of an uncompressed P-256 point with the named curve.
        /// </summary>
        /// <returns>The key's DER bytes; null when none is configured or it is not such a key (<see cref="Validate"/>
        /// refuses such a configuration).</returns>
        /// <remarks>Why only the canonical form: imgtool's KEYHASH TLV is SHA-256 of exactly these bytes (what
        /// <c>get_public_bytes</c> returns), so the gateway can hash the configured key as it is; the native verifier
        /// still parses the key and checks its curve and point.</remarks>
        public static byte[] SubDeviceSigningKey(GatewaySubDeviceConfiguration subDevice)
        {
            byte[] key;
            if (subDevice == null || !Base64.TryDecode(subDevice.signing_key == null ? null : subDevice.signing_key.Trim(), out key)
                || key.Length != P256PublicKeyPrefix.Length + 64)
            {
                return null;
            }

            for (int i = 0; i < P256PublicKeyPrefix.Length; i++)
            {
                if (key[i] != P256PublicKeyPrefix[i])
                {
                    return null;
                }
            }

            return key;
        }

        /// <summary>
        /// The trusted key digests of <paramref name="configuration"/> as the 32-byte values
        /// <see cref="Security.ImageSignatureCheck"/> takes, concatenated; null when none is configured or one is not
        /// 64 hex digits (<see cref="Validate"/> refuses such a configuration).
        /// </summary>
        public static byte[] TrustedKeyDigests(DeviceConfiguration configuration)
        {
            string[] digests = configuration == null ? null : configuration.signing_key_digests;
            if (digests == null || digests.Length == 0)
            {
                return null;
            }

            byte[] bytes = new byte[digests.Length * 32];
            for (int i = 0; i < digests.Length; i++)
            {
                byte[] digest;
                string reason;
                if (!Hex.TryParse(digests[i], 32, out digest, out reason))
                {
                    return null;
                }

                Array.Copy(digest, 0, bytes, i * 32, 32);
            }

            return bytes;
        }

        private static ConfigurationResult ValidateSigning(DeviceConfiguration configuration)
        {
            string[] digests = configuration.signing_key_digests;
            bool any = digests != null && digests.Length != 0;
            if (configuration.allow_unsigned_images)
            {
                // development mode: no digest may be named (a digest means images are to be verified)
                return any ? Invalid("allow_unsigned_images", "cannot be combined with signing_key_digests: remove one") : null;
            }

            if (!any)
            {
                return Missing("signing_key_digests");
            }

            for (int i = 0; i < digests.Length; i++)
            {
                byte[] digest;
                string reason;
                if (!Hex.TryParse(digests[i], 32, out digest, out reason))
                {
                    return Invalid("signing_key_digests[" + i.ToString() + "]", reason + ": 64 hex digits expected (the SHA-256 of the public key)");
                }
            }

            return null;
        }

        private static void SetFlag(DeviceConfiguration c, string name, bool value)
        {
            if (name == "allow_unsigned_images")
            {
                c.allow_unsigned_images = value;
            }
            else
            {
                c.allow_downgrade = value;
            }
        }

        /// <summary>A string, an array of strings, or null (then <paramref name="values"/> is null).</summary>
        private static bool ReadTextList(JsonReader reader, out string[] values)
        {
            values = null;
            if (reader.TryReadNull())
            {
                return true;
            }

            string single;
            if (reader.Peek() == JsonToken.String)
            {
                if (!reader.ReadString(out single))
                {
                    return false;
                }

                values = new string[] { single };
                return true;
            }

            if (!reader.ReadStartArray())
            {
                return false;
            }

            ArrayList list = new ArrayList();
            while (reader.NextElement())
            {
                if (!reader.ReadString(out single))
                {
                    return false;
                }

                list.Add(single);
            }

            if (reader.Failed)
            {
                return false;
            }

            values = new string[list.Count];
            for (int i = 0; i < values.Length; i++)
            {
                values[i] = (string)list[i];
            }

            return true;
        }

        /// <summary>A string key: a string, or null.</summary>
        private static bool ReadText(JsonReader reader, out string value)
        {
            value = null;
            return reader.TryReadNull() || reader.ReadString(out value);
        }

        private static ConfigurationResult Missing(string key)
        {
            return ConfigurationResult.Fail(ConfigurationError.MissingField, key + " is required");
        }

        private static ConfigurationResult Invalid(string key, string why)
        {
            return ConfigurationResult.Fail(ConfigurationError.InvalidValue, key + " " + why);
        }

        // SEQUENCE { SEQUENCE { id-ecPublicKey, prime256v1 }, BIT STRING { 0x04 (uncompressed), X, Y } } (RFC 5480).
        private static readonly byte[] P256PublicKeyPrefix = new byte[]
        {
            0x30, 0x59, 0x30, 0x13, 0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01,
            0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07, 0x03, 0x42, 0x00, 0x04,
        };

        private static bool IsBlank(string value)
        {
            return value == null || value.Trim().Length == 0;
        }

        private static bool IsSubDevicePort(string port)
        {
            // nanoFramework's SerialPort takes the UART index from the character after "COM"
            string name = port.Trim().ToLower();
            return name.Length == 4 && name.Substring(0, 3) == "com" && (name[3] == '2' || name[3] == '3');
        }

        private static bool IsPlainFileName(string name)
        {
            return name.IndexOf('\\') < 0 && name.IndexOf('/') < 0 && name.IndexOf(':') < 0 && name.IndexOf("..") < 0;
        }

        private static bool IsBase64(string text)
        {
            byte[] ignored;
            return Base64.TryDecode(text.Trim(), out ignored);
        }
    }
}
