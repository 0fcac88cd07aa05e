// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Text;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Clouds
{
    [TestClass]
    public class JobValidatorTests
    {
        private const string Md5 = "ad4615b866c13afb8b293a679bfa5dc4";
        private const string Url = "https://ota.example.com/fw.bin?sig=1";

        // size text -> expected reason fragment (null: accepted).
        private static readonly string[] Sizes = new string[] { "175436", "0", "-1", "1.5", "1e3", "16777217", "99999999999999999999", "12a", "", TableCell.Null, "16777216", "1" };
        private static readonly string[] SizeReasons = new string[] { TableCell.Null, "size is zero", "is negative", "not a whole number", "not a whole number", "exceeds the 16777216-byte limit", "exceeds the 16777216-byte limit", "not a decimal integer", "missing size", "missing size", TableCell.Null, TableCell.Null };

        private static readonly string[] Versions = new string[] { "1.0.0", "", TableCell.Null, "1234567890123456789012345678901", "12345678901234567890123456789012", "1.0\u00e9", "1.0\t", "v 1 beta~" };
        private static readonly string[] VersionReasons = new string[] { TableCell.Null, "missing version", "missing version", TableCell.Null, "longer than 31", "non-printable or non-ASCII character at 3", "non-printable or non-ASCII character at 3", TableCell.Null };

        private static readonly string[] Urls = new string[]
        {
            "https://a.example/x", "HTTPS://a.example/x", "http://a.example/x", "ftp://a.example/x", "file:///etc/passwd", "javascript:alert(1)",
            "https://", "https://user:pw@a.example/x", "https://a.example/x y", "https:a.example", "a.example/x", "", TableCell.Null, "https://a.example:8443/x?y=1",
        };

        private static readonly string[] UrlReasons = new string[]
        {
            TableCell.Null, TableCell.Null, "scheme 'http' is not allowed", "scheme 'ftp' is not allowed", "scheme 'file' is not allowed", "scheme 'javascript' is not allowed",
            "no host", "user info", "whitespace", "no '//'", "no scheme", "missing url", "missing url", TableCell.Null,
        };

        [TestMethod]
        public void TryParseSize_Table_AcceptsOrNamesProblem()
        {
            for (int i = 0; i < Sizes.Length; i++)
            {
                int size;
                string reason;
                bool ok = JobValidator.TryParseSize(TableCell.Value(Sizes[i]), DialectOptions.DefaultMaxImageSize, out size, out reason);
                Assert.AreEqual(TableCell.Value(SizeReasons[i]) == null, ok, "size '" + TableCell.Value(Sizes[i]) + "': " + reason);
                if (TableCell.Value(SizeReasons[i]) != null)
                {
                    Assert.IsTrue(reason.IndexOf(TableCell.Value(SizeReasons[i])) >= 0, "size '" + TableCell.Value(Sizes[i]) + "' gave '" + reason + "'");
                    Assert.AreEqual(0, size);
                }
            }
        }

        [TestMethod]
        public void TryParseSize_ConfiguredMaximum_Enforced()
        {
            int size;
            string reason;
            Assert.IsTrue(JobValidator.TryParseSize("1000", 1000, out size, out reason));
            Assert.AreEqual(1000, size);
            Assert.IsFalse(JobValidator.TryParseSize("1001", 1000, out size, out reason));
            Assert.IsTrue(reason.IndexOf("1000-byte limit") >= 0, reason);
        }

        [TestMethod]
        public void CheckVersion_Table_AcceptsOrNamesProblem()
        {
            for (int i = 0; i < Versions.Length; i++)
            {
                string reason = JobValidator.CheckVersion(TableCell.Value(Versions[i]));
                if (TableCell.Value(VersionReasons[i]) == null)
                {
                    Assert.IsNull(reason, TableCell.Value(Versions[i]));
                }
                else
                {
                    Assert.IsNotNull(reason, TableCell.Value(Versions[i]));
                    Assert.IsTrue(reason.IndexOf(TableCell.Value(VersionReasons[i])) >= 0, reason);
                }
            }
        }

        [TestMethod]
        public void CheckUrl_HttpsOnlyTable_AcceptsOrNamesProblem()
        {
            for (int i = 0; i < Urls.Length; i++)
            {
                string reason = JobValidator.CheckUrl(TableCell.Value(Urls[i]), false);
                if (TableCell.Value(UrlReasons[i]) == null)
                {
                    Assert.IsNull(reason, TableCell.Value(Urls[i]));
                }
                else
                {
                    Assert.IsNotNull(reason, TableCell.Value(Urls[i]));
                    Assert.IsTrue(reason.IndexOf(TableCell.Value(UrlReasons[i])) >= 0, TableCell.Value(Urls[i]) + " gave '" + reason + "'");
                }
            }
        }

        [TestMethod]
        public void CheckUrl_HttpAllowedOnLoopback_OnlyLoopbackHosts()
        {
            Assert.IsNull(JobValidator.CheckUrl("http://127.0.0.1:8080/fw.bin", true));
            Assert.IsNull(JobValidator.CheckUrl("http://localhost/fw.bin", true));
            Assert.IsNull(JobValidator.CheckUrl("http://[::1]:80/fw.bin", true));
            Assert.IsNotNull(JobValidator.CheckUrl("http://127.0.0.1.evil.example/fw.bin", true));
            Assert.IsNotNull(JobValidator.CheckUrl("http://10.0.0.1/fw.bin", true));
            Assert.IsNotNull(JobValidator.CheckUrl("http://127.0.0.1/fw.bin", false));
            Assert.IsNull(JobValidator.CheckUrl("https://ota.example.com/fw.bin", true));
        }

        [TestMethod]
        public void CheckPayload_Utf8AndLimits_Classified()
        {
            byte[] chinese = Encoding.UTF8.GetBytes("{\"a\":\"\u56fa\u4ef6\"}");
            Assert.IsNull(JobValidator.CheckPayload(chinese, chinese.Length));
            string reason = JobValidator.CheckPayload(new byte[] { 0x7b, 0xC0, 0xAF, 0x7d }, 4);
            Assert.IsTrue(reason.IndexOf("not valid UTF-8 (byte 1)") >= 0, reason);
            Assert.IsNotNull(JobValidator.CheckPayload(new byte[] { 0x7b, 0xED, 0xA0, 0x80 }, 4));
            Assert.IsNotNull(JobValidator.CheckPayload(new byte[] { 0x7b, 0xE4, 0xBA }, 3));
            Assert.IsNotNull(JobValidator.CheckPayload(new byte[] { 0x7b, 0xF5, 0x80, 0x80, 0x80 }, 5));
            Assert.IsNotNull(JobValidator.CheckPayload(new byte[] { 0x7b, 0x00, 0x7d }, 3));
            reason = JobValidator.CheckPayload(new byte[4097], 4097);
            Assert.IsTrue(reason.IndexOf("4097 bytes exceeds the 4096-byte limit") >= 0, reason);
            Assert.IsNotNull(JobValidator.CheckPayload(new byte[3], 4));
            Assert.AreEqual("empty payload", JobValidator.CheckPayload(null, 0));
            Assert.IsNull(JobValidator.CheckPayload(new byte[] { 0x7b, 0x7d, 0xFF }, 2));
        }

        [TestMethod]
        public void BuildJob_ValidFields_JobWithDigestBytes()
        {
            CloudCommand command = JobValidator.BuildJob("1.3.0", "175436", Md5.ToUpper(), null, Url, "42", true, new DialectOptions());
            Assert.AreEqual(CommandKind.Update, command.Kind);
            Assert.AreEqual("1.3.0", command.Job.Version);
            Assert.AreEqual(175436, command.Job.Size);
            Assert.AreEqual(Md5, Hex.ToLower(command.Job.Md5));
            Assert.IsNull(command.Job.Sha256);
            Assert.AreEqual("42", command.CorrelationId);
        }

        [TestMethod]
        public void BuildJob_DigestRules_RejectedWithCorrelation()
        {
            DialectOptions options = new DialectOptions();
            CloudCommand noMd5 = JobValidator.BuildJob("1.3.0", "10", null, null, Url, "7", true, options);
            Assert.AreEqual(CommandKind.Rejected, noMd5.Kind);
            Assert.AreEqual("missing md5", noMd5.Error);
            Assert.AreEqual("7", noMd5.CorrelationId);

            CloudCommand noDigest = JobValidator.BuildJob("1.3.0", "10", null, null, Url, "7", false, options);
            Assert.AreEqual("missing digest (neither md5 nor sha256)", noDigest.Error);

            CloudCommand shortMd5 = JobValidator.BuildJob("1.3.0", "10", Md5.Substring(1), null, Url, null, false, options);
            Assert.AreEqual("md5 is 31 characters, expected 32 hex digits", shortMd5.Error);
            Assert.IsNull(shortMd5.CorrelationId);

            CloudCommand badSha = JobValidator.BuildJob("1.3.0", "10", null, Md5 + Md5.Substring(0, 31) + "g", Url, null, false, options);
            Assert.AreEqual("sha256 has a non-hex character at 63", badSha.Error);

            CloudCommand sha = JobValidator.BuildJob("1.3.0", "10", null, Md5 + Md5, Url, null, false, options);
            Assert.AreEqual(CommandKind.Update, sha.Kind);
            Assert.AreEqual(32, sha.Job.Sha256.Length);
            Assert.IsNull(sha.Job.Md5);
        }

        [TestMethod]
        public void SafeCorrelationId_OnlyPrintableShortIds()
        {
            Assert.AreEqual("1507707025", JobValidator.SafeCorrelationId("1507707025"));
            Assert.IsNull(JobValidator.SafeCorrelationId(null));
            Assert.IsNull(JobValidator.SafeCorrelationId(""));
            Assert.IsNull(JobValidator.SafeCorrelationId("a\"b"));
            Assert.IsNull(JobValidator.SafeCorrelationId("a\nb"));
            Assert.IsNull(JobValidator.SafeCorrelationId(new string('x', 65)));
        }
    }
}
