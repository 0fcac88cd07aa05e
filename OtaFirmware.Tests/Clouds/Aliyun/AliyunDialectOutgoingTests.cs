// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Clouds.Aliyun
{
    [TestClass]
    public class AliyunDialectOutgoingTests
    {
        private static readonly UpdateError[] Errors = new UpdateError[]
        {
            UpdateError.SourceUnavailable, UpdateError.Forbidden, UpdateError.NotFound, UpdateError.RangeMismatch,
            UpdateError.RetriesExhausted, UpdateError.HttpError, UpdateError.DigestMismatch, UpdateError.WrongImage, UpdateError.VersionMismatch,
            UpdateError.FlashError, UpdateError.ActivationFailed, UpdateError.TooLarge, UpdateError.HealthCheckFailed, UpdateError.BootAborted,
            UpdateError.Cancelled, UpdateError.InvalidJob,
        };

        private static readonly int[] Steps = new int[] { -2, -2, -2, -2, -2, -2, -3, -3, -3, -4, -4, -1, -1, -1, -1, -1 };

        [TestMethod]
        public void Topics_Device_UpgradeSubscribed()
        {
            AliyunDialect dialect = Create();
            Assert.AreEqual(1, dialect.SubscriptionTopics.Length);
            Assert.AreEqual("/ota/device/upgrade/a1pk/dev1", dialect.SubscriptionTopics[0]);
            Assert.AreEqual("aliyun", dialect.Name);
        }

        [TestMethod]
        public void ReportVersionAndRequest_Golden_CounterIds()
        {
            AliyunDialect dialect = Create();
            AssertMessage(dialect.ReportVersion("1.0.0"), "/ota/device/inform/a1pk/dev1", 1, "{\"id\":\"1\",\"params\":{\"version\":\"1.0.0\"}}");
            AssertMessage(dialect.RequestFirmware("1.0.0"), "/ota/device/request/a1pk/dev1", 1, "{\"id\":\"2\",\"params\":{\"version\":\"1.0.0\"}}");
        }

        [TestMethod]
        public void ReportProgress_States_GoldenWithUpgradeId()
        {
            AliyunDialect dialect = Create();
            string topic = "/ota/device/progress/a1pk/dev1";
            AssertMessage(dialect.ReportProgress(Job(), ProgressState.Downloading, 45, null), topic, 0, "{\"id\":\"1507707025\",\"params\":{\"step\":\"45\",\"desc\":\"downloading\"}}");
            AssertMessage(dialect.ReportProgress(Job(), ProgressState.Downloading, 0, null), topic, 0, "{\"id\":\"1507707025\",\"params\":{\"step\":\"1\",\"desc\":\"downloading\"}}");
            AssertMessage(dialect.ReportProgress(Job(), ProgressState.Burning, 100, null), topic, 1, "{\"id\":\"1507707025\",\"params\":{\"step\":\"100\",\"desc\":\"downloaded and verified, activating 2.0.0\"}}");
            AssertMessage(dialect.ReportProgress(Job(), ProgressState.Done, 100, UpdateResult.Ok), topic, 1, "{\"id\":\"1507707025\",\"params\":{\"step\":\"100\",\"desc\":\"upgrade done, running 2.0.0\"}}");
            AssertMessage(
                dialect.ReportProgress(Job(), ProgressState.Failed, 0, UpdateResult.Fail(UpdateError.NotFound, 404, "HTTP 404 for the firmware URL")),
                topic,
                1,
                "{\"id\":\"1507707025\",\"params\":{\"step\":\"-2\",\"desc\":\"HTTP 404 for the firmware URL\"}}");
        }

        [TestMethod]
        public void FailureStep_EveryError_AliyunStep()
        {
            for (int i = 0; i < Errors.Length; i++)
            {
                Assert.AreEqual(Steps[i], AliyunDialect.FailureStep(UpdateResult.Fail(Errors[i], 0, "x")), "error " + ((int)Errors[i]).ToString());
            }

            Assert.AreEqual(-1, AliyunDialect.FailureStep(null));
        }

        [TestMethod]
        public void ReportRejected_WithId_StepMinus1_WithoutId_Null()
        {
            AssertMessage(
                Create().ReportRejected("1507707025", "size is zero"),
                "/ota/device/progress/a1pk/dev1",
                1,
                "{\"id\":\"1507707025\",\"params\":{\"step\":\"-1\",\"desc\":\"rejected upgrade message: size is zero\"}}");
            Assert.IsNull(Create().ReportRejected(null, "x"));
        }

        [TestMethod]
        public void ReportProgress_LongDetail_CutTo128()
        {
            string detail = new string('x', 300);
            string text = Text(Create().ReportProgress(Job(), ProgressState.Failed, 0, UpdateResult.Fail(UpdateError.FlashError, 0, detail)));
            Assert.AreEqual("{\"id\":\"1507707025\",\"params\":{\"step\":\"-4\",\"desc\":\"" + new string('x', 128) + "\"}}", text);
        }

        private static AliyunDialect Create()
        {
            return new AliyunDialect("a1pk", "dev1");
        }

        private static UpdateJob Job()
        {
            return new UpdateJob("2.0.0", 432945, new byte[16], null, "https://ota.example.com/fw.bin", "1507707025");
        }

        private static string Text(OutgoingMessage message)
        {
            return Encoding.UTF8.GetString(message.Payload, 0, message.Payload.Length);
        }

        private static void AssertMessage(OutgoingMessage message, string topic, int qos, string json)
        {
            Assert.IsNotNull(message);
            Assert.AreEqual(topic, message.Topic);
            Assert.AreEqual(qos, message.Qos);
            Assert.AreEqual(json, Text(message));
        }
    }
}
