// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Clouds;
using OtaFirmware.Text;
using OtaFirmware.Integrity;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Integrity
{
    [TestClass]
    public class HmacTests
    {
        // RFC 2202 section 3, HMAC-SHA1 test cases 1..7 (keys and data built by Case()).
        private static readonly string[] Expected = new string[]
        {
            "b617318655057264e28bc0b6fb378c8ef146be00",
            "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79",
            "125d7342b9ac11cd91a39af48aa17b4f63f175d3",
            "4c9007f4026250c6bc8414f9bf50c86c2d7235da",
            "4c1a03424b55e07fe7f27be1d58bb9324a9a5a04",
            "aa4ae5e15272d00e95705637ce8a3b55ed402112",
            "e8e99d0f45237d786d6bbaa7965c7808bbff1a91",
        };

        [TestMethod]
        public void Compute_Rfc2202HmacSha1_MatchesAllCases()
        {
            for (int i = 0; i < Expected.Length; i++)
            {
                byte[] key;
                byte[] data;
                Case(i + 1, out key, out data);
                Assert.AreEqual(Expected[i], Hex.ToLower(Hmac.Compute(new Sha1(), key, data)), "case " + (i + 1).ToString());
            }
        }

        [TestMethod]
        public void Compute_MessageRangeAndOutputOffset_WritesAtOffset()
        {
            byte[] key;
            byte[] data;
            Case(2, out key, out data);
            byte[] padded = new byte[data.Length + 4];
            Array.Copy(data, 0, padded, 2, data.Length);
            byte[] mac = new byte[24];
            Hmac.Compute(new Sha1(), key, padded, 2, data.Length, mac, 4);
            Assert.AreEqual(Expected[1], Hex.ToLower(mac, 4, 20));
            Assert.AreEqual((byte)0, mac[0]);
        }

        [TestMethod]
        public void Compute_HashReused_SameResult()
        {
            Sha1 sha = new Sha1();
            byte[] key;
            byte[] data;
            Case(1, out key, out data);
            sha.Append(data, 0, 3);
            Assert.AreEqual(Expected[0], Hex.ToLower(Hmac.Compute(sha, key, data)));
            Assert.AreEqual(Expected[0], Hex.ToLower(Hmac.Compute(sha, key, data)));
        }

        [TestMethod]
        public void Compute_NullArgumentsOrBadRange_Throw()
        {
            byte[] mac = new byte[20];
            TestAssert.Throws(typeof(ArgumentNullException), delegate { Hmac.Compute(null, new byte[1], new byte[1]); });
            TestAssert.Throws(typeof(ArgumentNullException), delegate { Hmac.Compute(new Sha1(), null, new byte[1]); });
            TestAssert.Throws(typeof(ArgumentNullException), delegate { Hmac.Compute(new Sha1(), new byte[1], null); });
            TestAssert.Throws(typeof(ArgumentOutOfRangeException), delegate { Hmac.Compute(new Sha1(), new byte[1], new byte[4], 2, 3, mac, 0); });
            TestAssert.Throws(typeof(ArgumentOutOfRangeException), delegate { Hmac.Compute(new Sha1(), new byte[1], new byte[4], 0, 4, mac, 1); });
        }

        /// <summary>Builds RFC 2202 (and RFC 4231 cases 1..4) keys and data for HMAC-SHA1.</summary>
        internal static void Case(int number, out byte[] key, out byte[] data)
        {
            switch (number)
            {
                case 1:
                    key = Fill(20, 0x0b);
                    data = Encoding.UTF8.GetBytes("Hi There");
                    break;
                case 2:
                    key = Encoding.UTF8.GetBytes("Jefe");
                    data = Encoding.UTF8.GetBytes("what do ya want for nothing?");
                    break;
                case 3:
                    key = Fill(20, 0xaa);
                    data = Fill(50, 0xdd);
                    break;
                case 4:
                    key = new byte[25];
                    for (int i = 0; i < 25; i++)
                    {
                        key[i] = (byte)(i + 1);
                    }

                    data = Fill(50, 0xcd);
                    break;
                case 5:
                    key = Fill(20, 0x0c);
                    data = Encoding.UTF8.GetBytes("Test With Truncation");
                    break;
                case 6:
                    key = Fill(80, 0xaa);
                    data = Encoding.UTF8.GetBytes("Test Using Larger Than Block-Size Key - Hash Key First");
                    break;
                default:
                    key = Fill(80, 0xaa);
                    data = Encoding.UTF8.GetBytes("Test Using Larger Than Block-Size Key and Larger Than One Block-Size Data");
                    break;
            }
        }

        internal static byte[] Fill(int length, byte value)
        {
            byte[] result = new byte[length];
            for (int i = 0; i < length; i++)
            {
                result[i] = value;
            }

            return result;
        }
    }
}
