// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Integrity;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Clouds.Tencent
{
    [TestClass]
    public class TencentCredentialsTests
    {
        // Device from seed 000 (device_info.json); expected values computed independently with Python hmac/hashlib.
        internal const string ProductId = "S3EUVBRJLB";
        internal const string DeviceName = "test_device";
        internal const string Secret = "vX6PQqazsGsMyf5SMfs6OA6y";
        internal const string UserNameVector = "S3EUVBRJLBtest_device;12010126;BzaMF;1700000000";

        [TestMethod]
        public void ClientIdAndHost_SeedDevice_ConcatenatedIds()
        {
            Assert.AreEqual("S3EUVBRJLBtest_device", TencentCredentials.ClientId(ProductId, DeviceName));
            Assert.AreEqual("S3EUVBRJLB.iotcloud.tencentdevices.com", TencentCredentials.BrokerHost(ProductId));
        }

        [TestMethod]
        public void UserName_Parts_SemicolonJoined()
        {
            Assert.AreEqual(UserNameVector, TencentCredentials.UserName(ProductId, DeviceName, TencentCredentials.DefaultSdkAppId, "BzaMF", 1700000000L));
            TestAssert.Throws(typeof(ArgumentException), delegate { TencentCredentials.UserName(ProductId, DeviceName, "1;2", "BzaMF", 1L); });
            TestAssert.Throws(typeof(ArgumentOutOfRangeException), delegate { TencentCredentials.UserName(ProductId, DeviceName, "1", "BzaMF", 0L); });
        }

        [TestMethod]
        public void Password_HmacSha1Vector_HexThenMethod()
        {
            Assert.AreEqual(
                "a90f3fe05eb9e3ee3e5c632503653542326114e9;hmacsha1",
                TencentCredentials.Password(UserNameVector, Secret, new Sha1()));
        }

        [TestMethod]
        public void Password_SecretNotBase64_Throws()
        {
            TestAssert.Throws(typeof(ArgumentException), delegate { TencentCredentials.Password(UserNameVector, "not base64!", new Sha1()); });
        }

        [TestMethod]
        public void NewConnId_FiveAlphanumerics()
        {
            Random random = new Random(7);
            for (int n = 0; n < 50; n++)
            {
                string id = TencentCredentials.NewConnId(random);
                Assert.AreEqual(5, id.Length);
                for (int i = 0; i < id.Length; i++)
                {
                    char c = id[i];
                    Assert.IsTrue((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'), id);
                }
            }
        }
    }
}
