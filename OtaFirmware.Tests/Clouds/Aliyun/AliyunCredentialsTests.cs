// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Integrity;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Clouds.Aliyun
{
    [TestClass]
    public class AliyunCredentialsTests
    {
        [TestMethod]
        public void Password_DocumentExampleHmacSha1_MatchesPublishedPrefix()
        {
            // help.aliyun.com 73742: clientId 12345, device/pk, timestamp 789, secret "secret", hmacsha1 gives
            // FAFD82A3D602B37FB0FA8B7892F24A477F85**** (the tail is masked there; full value from Python hmac).
            string password = AliyunCredentials.Password("12345", "device", "pk", "789", "secret", new Sha1());
            Assert.AreEqual("fafd82a3d602b37fb0fa8b7892f24a477f851a14", password);
        }

        [TestMethod]
        public void MqttClientIdAndUserName_DocumentExample_Formatted()
        {
            Assert.AreEqual("12345|securemode=3,signmethod=hmacsha1,timestamp=789|", AliyunCredentials.MqttClientId("12345", AliyunCredentials.SecureModeTcp, new Sha1(), "789"));
            Assert.AreEqual("12345|securemode=2,signmethod=hmacsha1|", AliyunCredentials.MqttClientId("12345", AliyunCredentials.SecureModeTls, new Sha1(), null));
            Assert.AreEqual("device&pk", AliyunCredentials.UserName("device", "pk"));
            Assert.AreEqual("a1B2c3D4e5f.iot-as-mqtt.cn-shanghai.aliyuncs.com", AliyunCredentials.BrokerHost("a1B2c3D4e5f", "cn-shanghai"));
        }

        [TestMethod]
        public void Password_NoTimestamp_LeftOutOfContent()
        {
            string with = AliyunCredentials.Password("12345", "device", "pk", "789", "secret", new Sha1());
            string without = AliyunCredentials.Password("12345", "device", "pk", null, "secret", new Sha1());
            Assert.AreEqual(40, without.Length);
            Assert.IsFalse(with == without);
        }

        [TestMethod]
        public void MqttClientId_BadInput_Throws()
        {
            TestAssert.Throws(typeof(ArgumentException), delegate { AliyunCredentials.MqttClientId("a|b", 2, new Sha1(), null); });
            TestAssert.Throws(typeof(ArgumentException), delegate { AliyunCredentials.MqttClientId("ab", 1, new Sha1(), null); });
            TestAssert.Throws(typeof(ArgumentNullException), delegate { AliyunCredentials.MqttClientId("ab", 2, null, null); });
        }
    }
}
