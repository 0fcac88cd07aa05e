// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Clouds.Tencent
{
    [TestClass]
    public class TencentDialectOutgoingTests
    {
        private const string Report = "$ota/report/S3EUVBRJLB/test_device";

        // Failure -> result_code as Tencent's IOT_OTAReportType defines it.
        private static readonly UpdateError[] Errors = new UpdateError[]
        {
            UpdateError.SourceUnavailable, UpdateError.RetriesExhausted, UpdateError.NotFound, UpdateError.Forbidden, UpdateError.DigestMismatch,
            UpdateError.FlashError, UpdateError.HealthCheckFailed, UpdateError.VersionMismatch, UpdateError.HttpError,
        };

        private static readonly int[] Codes = new int[] { -1, -1, -2, -3, -4, -5, -5, -5, -5 };

        [TestMethod]
        public void Topics_SeedDevice_UpdateAndReport()
        {
            TencentDialect dialect = Create();
            Assert.AreEqual(1, dialect.SubscriptionTopics.Length);
            Assert.AreEqual("$ota/update/S3EUVBRJLB/test_device", dialect.SubscriptionTopics[0]);
            Assert.AreEqual(Report, dialect.ReportTopic);
            Assert.AreEqual("tencent", dialect.Name);
        }

        [TestMethod]
        public void ReportVersion_Golden()
        {
            AssertMessage(Create().ReportVersion("1.0.0"), 1, "{\"type\":\"report_version\",\"report\":{\"version\":\"1.0.0\"}}");
        }

        [TestMethod]
        public void RequestFirmware_IsReportVersion()
        {
            AssertMessage(Create().RequestFirmware("1.0.0"), 1, "{\"type\":\"report_version\",\"report\":{\"version\":\"1.0.0\"}}");
        }

        [TestMethod]
        public void ReportProgress_Downloading_GoldenQos0StringPercent()
        {
            AssertMessage(
                Create().ReportProgress(Job(), ProgressState.Downloading, 45, null),
                0,
                "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"downloading\",\"percent\":\"45\",\"result_code\":\"0\",\"result_msg\":\"\"},\"version\":\"1.3.0\"}}");
            AssertMessage(
                Create().ReportProgress(Job(), ProgressState.Downloading, 140, null),
                0,
                "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"downloading\",\"percent\":\"100\",\"result_code\":\"0\",\"result_msg\":\"\"},\"version\":\"1.3.0\"}}");
        }

        [TestMethod]
        public void ReportProgress_BurningAndDone_GoldenWithoutPercent()
        {
            AssertMessage(
                Create().ReportProgress(Job(), ProgressState.Burning, 100, null),
                1,
                "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"burning\",\"result_code\":\"0\",\"result_msg\":\"\"},\"version\":\"1.3.0\"}}");
            AssertMessage(
                Create().ReportProgress(Job(), ProgressState.Done, 100, UpdateResult.Ok),
                1,
                "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"done\",\"result_code\":\"0\",\"result_msg\":\"\"},\"version\":\"1.3.0\"}}");
        }

        [TestMethod]
        public void ReportProgress_FailedDigest_GoldenWithDetail()
        {
            UpdateResult result = UpdateResult.Fail(UpdateError.DigestMismatch, 0, "md5 of the image is 00ff.., expected ad46..");
            AssertMessage(
                Create().ReportProgress(Job(), ProgressState.Failed, 0, result),
                1,
                "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"fail\",\"result_code\":\"-4\",\"result_msg\":\"md5 of the image is 00ff.., expected ad46..\"},\"version\":\"1.3.0\"}}");
        }

        [TestMethod]
        public void FailureCode_EveryMappedError_TencentCode()
        {
            for (int i = 0; i < Errors.Length; i++)
            {
                Assert.AreEqual(Codes[i], TencentDialect.FailureCode(UpdateResult.Fail(Errors[i], 0, "x")), "error " + ((int)Errors[i]).ToString());
            }

            Assert.AreEqual(-5, TencentDialect.FailureCode(null));
        }

        [TestMethod]
        public void ReportProgress_FailedWithoutDetail_DefaultTextAndQuotesEscaped()
        {
            string noDetail = Text(Create().ReportProgress(Job(), ProgressState.Failed, 0, UpdateResult.Fail(UpdateError.Forbidden, 403, "")));
            Assert.IsTrue(noDetail.IndexOf("\"result_code\":\"-3\",\"result_msg\":\"auth failed or URL expired\"") > 0, noDetail);
            string quoted = Text(Create().ReportProgress(Job(), ProgressState.Failed, 0, UpdateResult.Fail(UpdateError.FlashError, 0, "bad \"sector\"\n")));
            Assert.IsTrue(quoted.IndexOf("\"result_msg\":\"bad \\\"sector\\\"\\n\"") > 0, quoted);
        }

        [TestMethod]
        public void ReportRejected_WithVersion_FailMinus5_WithoutVersion_Null()
        {
            AssertMessage(
                Create().ReportRejected("1.3.0", "md5 is 31 characters, expected 32 hex digits"),
                1,
                "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"fail\",\"result_code\":\"-5\",\"result_msg\":\"rejected update command: md5 is 31 characters, expected 32 hex digits\"},\"version\":\"1.3.0\"}}");
            Assert.IsNull(Create().ReportRejected(null, "invalid JSON"));
        }

        [TestMethod]
        public void Constructor_BadIdentity_Throws()
        {
            TestAssert.Throws(typeof(ArgumentNullException), delegate { new TencentDialect(null, "d"); });
            TestAssert.Throws(typeof(ArgumentException), delegate { new TencentDialect("p/x", "d"); });
            TestAssert.Throws(typeof(ArgumentException), delegate { new TencentDialect("p", "#"); });
        }

        private static TencentDialect Create()
        {
            return new TencentDialect("S3EUVBRJLB", "test_device");
        }

        private static UpdateJob Job()
        {
            return new UpdateJob("1.3.0", 175436, new byte[16], null, "https://ota.example.com/fw.bin", "1.3.0");
        }

        private static string Text(OutgoingMessage message)
        {
            return Encoding.UTF8.GetString(message.Payload, 0, message.Payload.Length);
        }

        private static void AssertMessage(OutgoingMessage message, int qos, string json)
        {
            Assert.IsNotNull(message);
            Assert.AreEqual(Report, message.Topic);
            Assert.AreEqual(qos, message.Qos);
            Assert.AreEqual(json, Text(message));
        }
    }
}
