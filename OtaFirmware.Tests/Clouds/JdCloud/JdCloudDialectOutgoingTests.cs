// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds.JdCloud;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Clouds.JdCloud
{
    [TestClass]
    public class JdCloudDialectOutgoingTests
    {
        private const string Prefix = "/sys/pk1/id1/ota/firmware/";

        [TestMethod]
        public void Topics_Device_UpgradeAndGetReply()
        {
            JdCloudDialect dialect = Create();
            Assert.AreEqual(2, dialect.SubscriptionTopics.Length);
            Assert.AreEqual(Prefix + "upgrade", dialect.SubscriptionTopics[0]);
            Assert.AreEqual(Prefix + "get_reply", dialect.SubscriptionTopics[1]);
            Assert.AreEqual("jdcloud", dialect.Name);
        }

        [TestMethod]
        public void ReportVersionAndRequest_Golden()
        {
            JdCloudDialect dialect = Create();
            AssertMessage(dialect.ReportVersion("1.0.0"), Prefix + "inform", 1, "{\"msgId\":\"1\",\"version\":\"1.0\",\"data\":{\"firmwareVersion\":\"1.0.0\"}}");
            AssertMessage(dialect.RequestFirmware("1.0.0"), Prefix + "get", 1, "{\"msgId\":\"2\",\"version\":\"1.0\",\"data\":{\"firmwareVersion\":\"1.0.0\"}}");
        }

        [TestMethod]
        public void ReportProgress_States_Golden()
        {
            JdCloudDialect dialect = Create();
            AssertMessage(dialect.ReportProgress(Job(), ProgressState.Downloading, 45, null), Prefix + "progress", 0, "{\"msgId\":\"123\",\"version\":\"1.0\",\"data\":{\"status\":\"downloading\",\"progress\":45,\"code\":0,\"desc\":\"downloading 1.1.0\"}}");
            AssertMessage(dialect.ReportProgress(Job(), ProgressState.Burning, 100, null), Prefix + "progress", 1, "{\"msgId\":\"123\",\"version\":\"1.0\",\"data\":{\"status\":\"burning\",\"progress\":100,\"code\":0,\"desc\":\"activating 1.1.0\"}}");
            AssertMessage(dialect.ReportProgress(Job(), ProgressState.Done, 100, UpdateResult.Ok), Prefix + "progress", 1, "{\"msgId\":\"123\",\"version\":\"1.0\",\"data\":{\"status\":\"done\",\"progress\":100,\"code\":0,\"desc\":\"running 1.1.0\"}}");
            AssertMessage(
                dialect.ReportProgress(Job(), ProgressState.Failed, 30, UpdateResult.Fail(UpdateError.DigestMismatch, 0, "md5 mismatch")),
                Prefix + "progress",
                1,
                "{\"msgId\":\"123\",\"version\":\"1.0\",\"data\":{\"status\":\"failed\",\"progress\":0,\"code\":-3,\"desc\":\"md5 mismatch\"}}");
        }

        [TestMethod]
        public void ReportRejected_WithMsgId_FailedMinus1_WithoutId_Null()
        {
            AssertMessage(
                Create().ReportRejected("123", "unknown policy 'later'"),
                Prefix + "progress",
                1,
                "{\"msgId\":\"123\",\"version\":\"1.0\",\"data\":{\"status\":\"failed\",\"progress\":0,\"code\":-1,\"desc\":\"rejected firmware message: unknown policy 'later'\"}}");
            Assert.IsNull(Create().ReportRejected(null, "x"));
        }

        [TestMethod]
        public void FailureCode_SameTableAsAliyun()
        {
            Assert.AreEqual(-2, JdCloudDialect.FailureCode(UpdateResult.Fail(UpdateError.Forbidden, 403, "x")));
            Assert.AreEqual(-3, JdCloudDialect.FailureCode(UpdateResult.Fail(UpdateError.DigestMismatch, 0, "x")));
            Assert.AreEqual(-4, JdCloudDialect.FailureCode(UpdateResult.Fail(UpdateError.FlashError, 0, "x")));
            Assert.AreEqual(-1, JdCloudDialect.FailureCode(UpdateResult.Fail(UpdateError.BootAborted, 0, "x")));
        }

        private static JdCloudDialect Create()
        {
            return new JdCloudDialect("pk1", "id1");
        }

        private static UpdateJob Job()
        {
            return new UpdateJob("1.1.0", 432945, new byte[16], null, "https://ota.example.com/fw.bin", "123");
        }

        private static void AssertMessage(OutgoingMessage message, string topic, int qos, string json)
        {
            Assert.IsNotNull(message);
            Assert.AreEqual(topic, message.Topic);
            Assert.AreEqual(qos, message.Qos);
            Assert.AreEqual(json, Encoding.UTF8.GetString(message.Payload, 0, message.Payload.Length));
        }
    }
}
