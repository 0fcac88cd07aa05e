// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

// Compiled only once OtaFirmware.Core/Integrity/Sha256.cs exists (see OtaFirmware.Tests.csproj); the expected values
// were computed independently with Python's hmac/hashlib.
using System.Text;
using OtaFirmware.Clouds;
using OtaFirmware.Text;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Integrity;
using OtaFirmware.Tests.Integrity;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Clouds
{
    [TestClass]
    public class HmacSha256Tests
    {
        // RFC 4231 section 4, test cases 1..4 (same keys and data as RFC 2202 cases 1..4).
        private static readonly string[] Rfc4231 = new string[]
        {
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
        };

        [TestMethod]
        public void Compute_Rfc4231Cases1To4_Match()
        {
            for (int i = 0; i < Rfc4231.Length; i++)
            {
                byte[] key;
                byte[] data;
                HmacTests.Case(i + 1, out key, out data);
                Assert.AreEqual(Rfc4231[i], Hex.ToLower(Hmac.Compute(new Sha256(), key, data)), "case " + (i + 1).ToString());
            }
        }

        [TestMethod]
        public void Compute_Rfc4231Case5Truncated_First16BytesMatch()
        {
            byte[] key;
            byte[] data;
            HmacTests.Case(5, out key, out data);
            Assert.AreEqual("a3b6167473100ee06e0c796c2955552b", Hex.ToLower(Hmac.Compute(new Sha256(), key, data), 0, 16));
        }

        [TestMethod]
        public void Compute_Rfc4231Cases6And7LongKey_Match()
        {
            byte[] key = HmacTests.Fill(131, 0xaa);
            Assert.AreEqual(
                "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
                Hex.ToLower(Hmac.Compute(new Sha256(), key, Encoding.UTF8.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First"))));
            Assert.AreEqual(
                "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
                Hex.ToLower(Hmac.Compute(new Sha256(), key, Encoding.UTF8.GetBytes("This is a test using a larger than block-size key and a larger than block-size data. The key needs to be hashed before being used by the HMAC algorithm."))));
        }

        [TestMethod]
        public void TencentPassword_HmacSha256_HexThenMethod()
        {
            Assert.AreEqual(
                "36b7007f2d1078188f650e1c438ab1d9bde873a5db827b5e8a86e7c30bdfdbf3;hmacsha256",
                TencentCredentials.Password("S3EUVBRJLBtest_device;12010126;BzaMF;1700000000", "vX6PQqazsGsMyf5SMfs6OA6y", new Sha256()));
        }

        [TestMethod]
        public void AliyunPassword_HmacSha256_Hex()
        {
            Assert.AreEqual(
                "6074a46a91b1ebb2cc4ea42790ad0e80202c9843859fc292e57c4eb19fad9e57",
                AliyunCredentials.Password("12345", "device", "pk", "789", "secret", new Sha256()));
            Assert.AreEqual(
                "66b395ee79dcaa4990ebe62597a28ff3fd63b2c82d6595cd2266bbbe09314d52",
                AliyunCredentials.Password("esp32-0001", "dev1", "a1B2c3D4e5f", "1700000000000", "0123456789abcdef0123456789abcdef", new Sha256()));
            Assert.AreEqual(
                "esp32-0001|securemode=2,signmethod=hmacsha256,timestamp=1700000000000|",
                AliyunCredentials.MqttClientId("esp32-0001", AliyunCredentials.SecureModeTls, new Sha256(), "1700000000000"));
        }
    }
}
