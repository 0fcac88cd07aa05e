// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Configuration;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Configuration
{
    [TestClass]
    public class DeviceConfigurationReaderTests
    {
        private const string TrustedDigest = "3b1e5a2c9d7f4e6a8b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708";

        [TestMethod]
        public void Validate_NoDigestWithoutUnsignedSetting_MissingSigningKeyDigests()
        {
            DeviceConfiguration c = Tencent();
            c.signing_key_digests = null;
            ConfigurationResult result = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.MissingField, (int)result.Error, result.ToString());
            Assert.AreEqual(0, result.Detail.IndexOf("signing_key_digests"), result.Detail);
        }

        [TestMethod]
        public void Validate_UnsignedSettingWithoutDigest_Valid()
        {
            DeviceConfiguration c = Tencent();
            c.signing_key_digests = null;
            c.allow_unsigned_images = true;
            ConfigurationResult result = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.None, (int)result.Error, result.ToString());
            Assert.IsNull(DeviceConfigurationReader.TrustedKeyDigests(result.Configuration));
        }

        [TestMethod]
        public void Validate_UnsignedSettingWithDigest_InvalidValueNamingTheSetting()
        {
            DeviceConfiguration c = Tencent();
            c.allow_unsigned_images = true;
            AssertInvalid(c, "allow_unsigned_images");
        }

        [TestMethod]
        public void Validate_DigestNotHex_InvalidValueNamingTheDigest()
        {
            string[] bad = new string[] { "abc", TrustedDigest.Substring(2) + "zz", TrustedDigest + "00" };
            for (int i = 0; i < bad.Length; i++)
            {
                DeviceConfiguration c = Tencent();
                c.signing_key_digests = new string[] { TrustedDigest, bad[i] };
                AssertInvalid(c, "signing_key_digests[1]");
            }
        }

        [TestMethod]
        public void Parse_DigestListAndFlags_ReadAndDecoded()
        {
            ConfigurationResult ok = DeviceConfigurationReader.Parse(
                "{\"deviceName\":\"d\",\"productId\":\"P\",\"key_deviceinfo\":{\"deviceSecret\":\"c2VjcmV0\"},\"ca_cert\":\"ca.pem\",\"wifi_ssid\":\"lab\","
                + "\"signing_key_digests\":[\"" + TrustedDigest + "\",\"" + TrustedDigest.ToUpper() + "\"],\"allow_downgrade\":true,\"allow_unsigned_images\":false}");
            Assert.AreEqual((int)ConfigurationError.None, (int)ok.Error, ok.ToString());
            Assert.IsTrue(ok.Configuration.allow_downgrade);
            Assert.IsFalse(ok.Configuration.allow_unsigned_images);
            byte[] digests = DeviceConfigurationReader.TrustedKeyDigests(ok.Configuration);
            Assert.AreEqual(64, digests.Length);
            Assert.AreEqual(0x3B, (int)digests[0]);
            Assert.AreEqual(0x08, (int)digests[63]);
            Assert.AreEqual(0x3B, (int)digests[32]);
        }

        [TestMethod]
        public void Parse_FlagNotBoolean_Malformed()
        {
            ConfigurationResult result = DeviceConfigurationReader.Parse("{\"allow_downgrade\":\"yes\"}");
            Assert.AreEqual((int)ConfigurationError.Malformed, (int)result.Error, result.ToString());
        }

        [TestMethod]
        public void Validate_DefaultConfiguration_RefusesDowngradesAndUnsignedImages()
        {
            ConfigurationResult result = DeviceConfigurationReader.Validate(Tencent());
            Assert.AreEqual((int)ConfigurationError.None, (int)result.Error, result.ToString());
            Assert.IsFalse(result.Configuration.allow_downgrade);
            Assert.IsFalse(result.Configuration.allow_unsigned_images);
        }

        [TestMethod]
        public void Validate_TencentSeedFieldsPlusDeviceKeys_OkWithTencent()
        {
            DeviceConfiguration c = Tencent();
            c.cloud = null;
            ConfigurationResult result = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.None, (int)result.Error, result.ToString());
            Assert.AreEqual((int)CloudKind.Tencent, (int)result.Cloud);
            Assert.AreEqual(8883, DeviceConfigurationReader.BrokerPort(result.Configuration));
        }

        [TestMethod]
        public void Validate_AliyunAndJdCloud_OkWithTheirCloud()
        {
            ConfigurationResult aliyun = DeviceConfigurationReader.Validate(Aliyun());
            Assert.AreEqual((int)ConfigurationError.None, (int)aliyun.Error, aliyun.ToString());
            Assert.AreEqual((int)CloudKind.Aliyun, (int)aliyun.Cloud);

            ConfigurationResult jd = DeviceConfigurationReader.Validate(JdCloud());
            Assert.AreEqual((int)ConfigurationError.None, (int)jd.Error, jd.ToString());
            Assert.AreEqual((int)CloudKind.JdCloud, (int)jd.Cloud);
            Assert.AreEqual("dev-1", DeviceConfigurationReader.Identifier(jd.Configuration));
        }

        [TestMethod]
        public void Validate_EachRequiredTencentKeyMissing_MissingFieldNamingIt()
        {
            string[] keys = { "wifi_ssid", "ca_cert", "deviceName", "productId", "key_deviceinfo.deviceSecret" };
            for (int i = 0; i < keys.Length; i++)
            {
                DeviceConfiguration c = Tencent();
                Clear(c, keys[i]);
                ConfigurationResult result = DeviceConfigurationReader.Validate(c);
                Assert.AreEqual((int)ConfigurationError.MissingField, (int)result.Error, keys[i]);
                Assert.AreEqual(0, result.Detail.IndexOf(keys[i]), result.Detail);
                Assert.IsNull(result.Configuration);
            }
        }

        [TestMethod]
        public void Validate_NoCaWithoutInsecureSetting_MissingCaCert()
        {
            DeviceConfiguration c = Tencent();
            c.ca_cert = null;
            c.insecure_skip_server_verification = false;
            ConfigurationResult result = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.MissingField, (int)result.Error, result.ToString());
            Assert.AreEqual(0, result.Detail.IndexOf("ca_cert"), result.Detail);
        }

        [TestMethod]
        public void Validate_InsecureSettingWithoutCa_ValidAndKeepsTheSetting()
        {
            DeviceConfiguration c = Tencent();
            c.ca_cert = null;
            c.insecure_skip_server_verification = true;
            ConfigurationResult result = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.None, (int)result.Error, result.ToString());
            Assert.IsTrue(result.Configuration.insecure_skip_server_verification);
        }

        [TestMethod]
        public void Validate_InsecureSettingWithCa_InvalidValueNamingTheSetting()
        {
            DeviceConfiguration c = Tencent();
            c.insecure_skip_server_verification = true;
            AssertInvalid(c, "insecure_skip_server_verification");
        }

        [TestMethod]
        public void Validate_DefaultConfiguration_VerifiesServers()
        {
            ConfigurationResult result = DeviceConfigurationReader.Validate(Tencent());
            Assert.AreEqual((int)ConfigurationError.None, (int)result.Error, result.ToString());
            Assert.IsFalse(result.Configuration.insecure_skip_server_verification);
        }

        [TestMethod]
        public void Validate_BadValues_InvalidValueNamingTheKey()
        {
            DeviceConfiguration c = Tencent();
            c.key_deviceinfo.deviceSecret = "not base64!";
            AssertInvalid(c, "key_deviceinfo.deviceSecret");

            c = Tencent();
            c.ca_cert = "..\\ca.pem";
            AssertInvalid(c, "ca_cert");

            c = Tencent();
            c.ca_cert = "I:\\ca.pem";
            AssertInvalid(c, "ca_cert");

            c = Tencent();
            c.broker_port = 70000;
            AssertInvalid(c, "broker_port");

            c = Tencent();
            c.wifi_password = "short";
            AssertInvalid(c, "wifi_password");

            c = Tencent();
            c.wifi_ssid = "0123456789012345678901234567890123";
            AssertInvalid(c, "wifi_ssid");
        }

        [TestMethod]
        public void Validate_UnknownCloudOrCertMode_Refused()
        {
            DeviceConfiguration c = Tencent();
            c.cloud = "azure";
            Assert.AreEqual((int)ConfigurationError.UnknownCloud, (int)DeviceConfigurationReader.Validate(c).Error);

            c = Tencent();
            c.auth_mode = "CERT";
            Assert.AreEqual((int)ConfigurationError.UnsupportedAuthMode, (int)DeviceConfigurationReader.Validate(c).Error);

            Assert.AreEqual((int)ConfigurationError.Missing, (int)DeviceConfigurationReader.Validate(null).Error);
        }

        [TestMethod]
        public void Validate_CloudRules_AliyunNeedsHostOrRegion_JdNeedsExplicitCredentials()
        {
            DeviceConfiguration c = Aliyun();
            c.broker_host = null;
            c.region = null;
            Assert.AreEqual((int)ConfigurationError.MissingField, (int)DeviceConfigurationReader.Validate(c).Error);
            c.region = "cn-shanghai";
            Assert.AreEqual((int)ConfigurationError.None, (int)DeviceConfigurationReader.Validate(c).Error);

            c = JdCloud();
            c.mqtt_client_id = null;
            c.mqtt_username = null;
            Assert.AreEqual((int)ConfigurationError.MissingField, (int)DeviceConfigurationReader.Validate(c).Error);

            c = JdCloud();
            c.mqtt_username = null;
            ConfigurationResult half = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.MissingField, (int)half.Error);
            Assert.AreEqual(0, half.Detail.IndexOf("mqtt_username"));
        }

        [TestMethod]
        public void CloudFromName_CaseAndBlank_Mapped()
        {
            Assert.AreEqual((int)CloudKind.Tencent, (int)DeviceConfigurationReader.CloudFromName("  "));
            Assert.AreEqual((int)CloudKind.Aliyun, (int)DeviceConfigurationReader.CloudFromName(" AliYun "));
            Assert.AreEqual((int)CloudKind.JdCloud, (int)DeviceConfigurationReader.CloudFromName("JDCLOUD"));
            Assert.AreEqual((int)CloudKind.Unknown, (int)DeviceConfigurationReader.CloudFromName("jd"));
        }

        [TestMethod]
        public void Parse_MissingOrBrokenText_MissingOrMalformedWithTheReadersReason()
        {
            Assert.AreEqual((int)ConfigurationError.Missing, (int)DeviceConfigurationReader.Parse(null).Error);
            Assert.AreEqual((int)ConfigurationError.Missing, (int)DeviceConfigurationReader.Parse(" \n").Error);
            ConfigurationResult malformed = DeviceConfigurationReader.Parse("{x");
            Assert.AreEqual((int)ConfigurationError.Malformed, (int)malformed.Error);
            Assert.AreEqual("expected a key at byte 1", malformed.Detail);
            Assert.AreEqual((int)ConfigurationError.Malformed, (int)DeviceConfigurationReader.Parse("\"a string\"").Error);
            Assert.AreEqual((int)ConfigurationError.Malformed, (int)DeviceConfigurationReader.Parse("{\"cloud\":\"tencent\",\"cloud\":\"aliyun\"}").Error);
            Assert.AreEqual((int)ConfigurationError.Malformed, (int)DeviceConfigurationReader.Parse("{\"broker_port\":1.5}").Error);
            Assert.AreEqual((int)ConfigurationError.Malformed, (int)DeviceConfigurationReader.Parse("{\"wifi_ssid\":5}").Error);
            Assert.AreEqual((int)ConfigurationError.Malformed, (int)DeviceConfigurationReader.Parse("{} {}").Error);
        }

        [TestMethod]
        public void Parse_TencentFile_ValidWithEveryKeyRead()
        {
            ConfigurationResult ok = DeviceConfigurationReader.Parse(
                "{\"auth_mode\":\"KEY\",\"productId\":\"S3EUVBRJLB\",\"deviceName\":\"test_device\",\"key_deviceinfo\":{\"deviceSecret\":\"vX6PQqazsGsMyf5SMfs6OA6y\"},"
                + "\"cloud\":\"tencent\",\"ca_cert\":\"tencent_root.pem\",\"signing_key_digests\":\"3b1e5a2c9d7f4e6a8b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708\",\"wifi_ssid\":\"lab\",\"wifi_password\":null,\"broker_port\":8883,\"extra\":[1,{\"a\":true}]}");
            Assert.AreEqual((int)ConfigurationError.None, (int)ok.Error, ok.ToString());
            Assert.AreEqual("vX6PQqazsGsMyf5SMfs6OA6y", ok.Configuration.key_deviceinfo.deviceSecret);
            Assert.AreEqual(8883, ok.Configuration.broker_port);
            Assert.IsNull(ok.Configuration.wifi_password);
        }

        [TestMethod]
        public void Validate_NoGatewaySection_OkWithoutGateway()
        {
            ConfigurationResult result = DeviceConfigurationReader.Validate(Tencent());
            Assert.AreEqual((int)ConfigurationError.None, (int)result.Error, result.ToString());
            Assert.IsNull(result.Configuration.gateway);
        }

        [TestMethod]
        public void Validate_TwoSubDevicesOnTwoUarts_OkWithDefaultBaudRate()
        {
            DeviceConfiguration c = Gateway();
            ConfigurationResult result = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.None, (int)result.Error, result.ToString());
            Assert.AreEqual(2, result.Configuration.gateway.sub_devices.Length);
            Assert.AreEqual(115200, DeviceConfigurationReader.BaudRate(c.gateway.sub_devices[0]));
            Assert.AreEqual(921600, DeviceConfigurationReader.BaudRate(c.gateway.sub_devices[1]));
        }

        [TestMethod]
        public void Validate_SubDeviceP256SigningKey_OkAndDecoded()
        {
            DeviceConfiguration c = Gateway();
            c.gateway.sub_devices[1].signing_key = " " + P256Key + " ";
            ConfigurationResult result = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.None, (int)result.Error, result.ToString());

            byte[] key = DeviceConfigurationReader.SubDeviceSigningKey(c.gateway.sub_devices[1]);
            Assert.AreEqual(91, key.Length);
            Assert.AreEqual(0x30, (int)key[0]);
            Assert.AreEqual(0x04, (int)key[26]);
            Assert.IsNull(DeviceConfigurationReader.SubDeviceSigningKey(c.gateway.sub_devices[0]));
        }

        [TestMethod]
        public void Validate_SubDeviceSigningKeyNotP256_InvalidSigningKey()
        {
            string[] bad = new string[]
            {
                "",
                "not base64!",
                P384Key,
                P256Key.Substring(0, P256Key.Length - 4),
                "AAAA" + P256Key,
            };
            for (int i = 0; i < bad.Length; i++)
            {
                DeviceConfiguration c = Gateway();
                c.gateway.sub_devices[1].signing_key = bad[i];
                AssertInvalid(c, "gateway.sub_devices[1].signing_key");
            }
        }

        [TestMethod]
        public void Parse_SubDeviceSigningKey_Read()
        {
            ConfigurationResult result = DeviceConfigurationReader.Parse(
                "{\"auth_mode\":\"KEY\",\"productId\":\"S3EUVBRJLB\",\"deviceName\":\"gw\",\"key_deviceinfo\":{\"deviceSecret\":\"vX6PQqazsGsMyf5SMfs6OA6y\"},"
                + "\"cloud\":\"tencent\",\"ca_cert\":\"tencent_root.pem\",\"allow_unsigned_images\":true,\"wifi_ssid\":\"lab\","
                + "\"gateway\":{\"sub_devices\":[{\"product_id\":\"E69UADXUYY\",\"device_name\":\"light1\",\"port\":\"COM2\",\"rx_pin\":16,\"tx_pin\":17,"
                + "\"signing_key\":\"" + P256Key + "\"}]}}");
            Assert.AreEqual((int)ConfigurationError.None, (int)result.Error, result.ToString());
            Assert.AreEqual(P256Key, result.Configuration.gateway.sub_devices[0].signing_key);
        }

        [TestMethod]
        public void Validate_GatewayOnAnotherCloud_InvalidGateway()
        {
            DeviceConfiguration c = Aliyun();
            c.gateway = Gateway().gateway;
            AssertInvalid(c, "gateway");
        }

        [TestMethod]
        public void Validate_GatewayMissingParts_MissingFieldNamingTheKey()
        {
            DeviceConfiguration c = Gateway();
            c.gateway.sub_devices = null;
            AssertMissing(c, "gateway.sub_devices");

            c = Gateway();
            c.gateway.sub_devices = new GatewaySubDeviceConfiguration[0];
            AssertMissing(c, "gateway.sub_devices");

            c = Gateway();
            c.gateway.sub_devices[1] = null;
            AssertMissing(c, "gateway.sub_devices[1]");

            c = Gateway();
            c.gateway.sub_devices[0].product_id = " ";
            AssertMissing(c, "gateway.sub_devices[0].product_id");

            c = Gateway();
            c.gateway.sub_devices[1].device_name = null;
            AssertMissing(c, "gateway.sub_devices[1].device_name");

            c = Gateway();
            c.gateway.sub_devices[0].port = "";
            AssertMissing(c, "gateway.sub_devices[0].port");
        }

        [TestMethod]
        public void Validate_GatewayBadValues_InvalidValueNamingTheKey()
        {
            string[] badPorts = { "COM1", "COM0", "COM4", "COM23", "UART2", "/dev/ttyS2", "COMX" };
            for (int i = 0; i < badPorts.Length; i++)
            {
                DeviceConfiguration c = Gateway();
                c.gateway.sub_devices[0].port = badPorts[i];
                AssertInvalid(c, "gateway.sub_devices[0].port");
            }

            int[] badBauds = { -1, 1199, 5000001 };
            for (int i = 0; i < badBauds.Length; i++)
            {
                DeviceConfiguration c = Gateway();
                c.gateway.sub_devices[1].baud_rate = badBauds[i];
                AssertInvalid(c, "gateway.sub_devices[1].baud_rate");
            }

            int[] badPins = { 0, -1, 49 };
            for (int i = 0; i < badPins.Length; i++)
            {
                DeviceConfiguration c = Gateway();
                c.gateway.sub_devices[0].rx_pin = badPins[i];
                AssertInvalid(c, "gateway.sub_devices[0].rx_pin");

                c = Gateway();
                c.gateway.sub_devices[0].tx_pin = badPins[i];
                AssertInvalid(c, "gateway.sub_devices[0].tx_pin");
            }

            DeviceConfiguration same = Gateway();
            same.gateway.sub_devices[0].tx_pin = same.gateway.sub_devices[0].rx_pin;
            AssertInvalid(same, "gateway.sub_devices[0].tx_pin");
        }

        [TestMethod]
        public void Validate_GatewayConflicts_SecondEntryRefused()
        {
            DeviceConfiguration c = Gateway();
            c.gateway.sub_devices[1].port = "com2";
            AssertInvalid(c, "gateway.sub_devices[1].port");

            c = Gateway();
            c.gateway.sub_devices[1].tx_pin = c.gateway.sub_devices[0].rx_pin;
            AssertInvalid(c, "gateway.sub_devices[1].tx_pin");

            c = Gateway();
            c.gateway.sub_devices[1].rx_pin = c.gateway.sub_devices[0].tx_pin;
            AssertInvalid(c, "gateway.sub_devices[1].rx_pin");

            c = Gateway();
            c.gateway.sub_devices[1].product_id = c.gateway.sub_devices[0].product_id;
            c.gateway.sub_devices[1].device_name = c.gateway.sub_devices[0].device_name;
            AssertInvalid(c, "gateway.sub_devices[1].device_name");

            c = Gateway();
            c.gateway.sub_devices[1].product_id = c.gateway.sub_devices[0].product_id;
            ConfigurationResult sameProduct = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.None, (int)sameProduct.Error, sameProduct.ToString());
        }

        [TestMethod]
        public void ValidateGatewayAndBaudRate_Null_Throw()
        {
            TestAssert.Throws(typeof(ArgumentNullException), delegate { DeviceConfigurationReader.ValidateGateway(null); });
            TestAssert.Throws(typeof(ArgumentNullException), delegate { DeviceConfigurationReader.BaudRate(null); });
        }

        private static void AssertMissing(DeviceConfiguration c, string key)
        {
            ConfigurationResult result = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.MissingField, (int)result.Error, key);
            Assert.AreEqual(0, result.Detail.IndexOf(key), result.Detail);
        }

        // imgtool getpub --encoding der | base64 of a P-256 key, and of a P-384 key (refused: MCUboot's ECDSA TLV 0x22 is P-256).
        private const string P256Key = "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE+qXOb5wFbtGk2o2+Lzxm0oK7/+xrOyZfZK1vQzXwuU6MfPjEGSxe8sH16A3SzTOIC2ki4buDg0fGmu8gg1qG2w==";
        private const string P384Key = "MHYwEAYHKoZIzj0CAQYFK4EEACIDYgAEY+bmP7Am/8R/J/4Xf2UogTHHBX242aL3bLGXOkhuXoR8XaTSLZLWjXQc7nlW2BYPpfACRRxC/sKTmLBQcfl1MGU+e90sTUqLq0OsUSivLgNcjPSPSgJijCASmvmT8hz4";

        private static DeviceConfiguration Gateway()
        {
            DeviceConfiguration c = Tencent();
            c.gateway = new GatewayConfiguration();
            c.gateway.sub_devices = new GatewaySubDeviceConfiguration[]
            {
                SubDevice("E69UADXUYY", "light1", "COM2", 0, 16, 17),
                SubDevice("E69UADXUYY", "light2", "COM3", 921600, 18, 19),
            };
            return c;
        }

        private static GatewaySubDeviceConfiguration SubDevice(string productId, string deviceName, string port, int baudRate, int rxPin, int txPin)
        {
            GatewaySubDeviceConfiguration d = new GatewaySubDeviceConfiguration();
            d.product_id = productId;
            d.device_name = deviceName;
            d.port = port;
            d.baud_rate = baudRate;
            d.rx_pin = rxPin;
            d.tx_pin = txPin;
            return d;
        }

        private static void AssertInvalid(DeviceConfiguration c, string key)
        {
            ConfigurationResult result = DeviceConfigurationReader.Validate(c);
            Assert.AreEqual((int)ConfigurationError.InvalidValue, (int)result.Error, key);
            Assert.AreEqual(0, result.Detail.IndexOf(key), result.Detail);
        }

        private static void Clear(DeviceConfiguration c, string key)
        {
            if (key == "wifi_ssid")
            {
                c.wifi_ssid = " ";
            }
            else if (key == "ca_cert")
            {
                c.ca_cert = null;
            }
            else if (key == "deviceName")
            {
                c.deviceName = "";
            }
            else if (key == "productId")
            {
                c.productId = null;
            }
            else
            {
                c.key_deviceinfo = null;
            }
        }

        private static DeviceConfiguration Tencent()
        {
            DeviceConfiguration c = new DeviceConfiguration();
            c.auth_mode = "KEY";
            c.productId = "S3EUVBRJLB";
            c.deviceName = "test_device";
            c.key_deviceinfo = new KeyDeviceInfo();
            c.key_deviceinfo.deviceSecret = "vX6PQqazsGsMyf5SMfs6OA6y";
            c.cloud = "tencent";
            c.ca_cert = "tencent_ca.pem";
            c.signing_key_digests = new string[] { TrustedDigest };
            c.wifi_ssid = "lab";
            c.wifi_password = "password123";
            return c;
        }

        private static DeviceConfiguration Aliyun()
        {
            DeviceConfiguration c = new DeviceConfiguration();
            c.cloud = "aliyun";
            c.productKey = "a1B2c3D4e5F";
            c.deviceName = "dev-1";
            c.key_deviceinfo = new KeyDeviceInfo();
            c.key_deviceinfo.deviceSecret = "plain-text-secret";
            c.broker_host = "a1B2c3D4e5F.iot-as-mqtt.cn-shanghai.aliyuncs.com";
            c.broker_port = 8883;
            c.ca_cert = "aliyun_ca.pem";
            c.signing_key_digests = new string[] { TrustedDigest };
            c.wifi_ssid = "lab";
            c.wifi_password = "";
            return c;
        }

        private static DeviceConfiguration JdCloud()
        {
            DeviceConfiguration c = new DeviceConfiguration();
            c.cloud = "jdcloud";
            c.productKey = "P1";
            c.deviceName = "dev-1";
            c.broker_host = "mqtt.example.jdcloud.com";
            c.ca_cert = "jd_ca.pem";
            c.signing_key_digests = new string[] { TrustedDigest };
            c.wifi_ssid = "lab";
            c.mqtt_client_id = "P1.dev-1";
            c.mqtt_username = "dev-1";
            c.mqtt_password = "token";
            return c;
        }
    }
}
