// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Gateway;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Clouds.Tencent.Gateway
{
    [TestClass]
    public class TencentGatewaySessionTests
    {
        private static readonly string[] MalformedResults = new string[]
        {
            "",
            "not json",
            "{\"type\":\"online\"}",
            "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"A\",\"device_name\":\"b\",\"result\":0}]}",
            "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"A\",\"device_name\":\"b\",\"result\":zero}]}}",
            "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"A\\q\",\"device_name\":\"b\",\"result\":0}]}}",
            "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"A\",\"device_name\":\"b\",\"result\":0}]}} trailing",
            "[1,2,3]",
        };

        [TestMethod]
        public void BuildOnlineRequest_SeedExample_ExactPayloadAndTopics()
        {
            TencentGatewaySession session = new TencentGatewaySession("JR1WOKB7Q7", "gw_deng1");
            Assert.AreEqual("$gateway/operation/JR1WOKB7Q7/gw_deng1", session.OperationTopic);
            Assert.AreEqual("$gateway/operation/result/JR1WOKB7Q7/gw_deng1", session.OperationResultTopic);
            string payload = session.BuildOnlineRequest(new SubDeviceId[] { new SubDeviceId("E69UADXUYY", "light1") });
            Assert.AreEqual("{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"E69UADXUYY\",\"device_name\":\"light1\"}]}}", payload);
        }

        [TestMethod]
        public void BuildOfflineRequest_TwoDevicesAndEscapes_ValidJson()
        {
            TencentGatewaySession session = new TencentGatewaySession("P", "gw");
            string payload = session.BuildOfflineRequest(new SubDeviceId[] { new SubDeviceId("A", "x\"y"), new SubDeviceId("B", "z\\\n") });
            Assert.AreEqual("{\"type\":\"offline\",\"payload\":{\"devices\":[{\"product_id\":\"A\",\"device_name\":\"x\\\"y\"},{\"product_id\":\"B\",\"device_name\":\"z\\\\\\n\"}]}}", payload);
        }

        [TestMethod]
        public void ApplyResult_SeedAcceptedAndOneRefused_RefusedReportedAndSkipped()
        {
            TencentGatewaySession session = new TencentGatewaySession("JR1WOKB7Q7", "gw_deng1");
            string json = "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"E69UADXUYY\",\"device_name\":\"light1\",\"result\":0},"
                + " {\"product_id\": \"YI7XCD5DRH\", \"device_name\": \"airConditioner1\", \"result\": -1}, {\"product_id\":\"E69UADXUYY\",\"device_name\":\"light2\",\"result\":\"0\",\"extra\":[1,{\"k\":null}]}]}}";
            SubDeviceOperationResult[] results;
            Assert.AreEqual(GatewayMessageStatus.Ok, session.ApplyResult(json, out results));
            Assert.AreEqual(3, results.Length);
            Assert.IsTrue(results[0].Accepted);
            Assert.IsFalse(results[1].Accepted);
            Assert.AreEqual(-1, results[1].ResultCode);
            Assert.AreEqual("YI7XCD5DRH/airConditioner1", results[1].Device.Key);
            Assert.IsTrue(results[2].Accepted);
            Assert.AreEqual(2, session.OnlineCount);
            Assert.IsTrue(session.IsOnline(new SubDeviceId("E69UADXUYY", "light1")));
            Assert.IsFalse(session.IsOnline(new SubDeviceId("YI7XCD5DRH", "airConditioner1")));

            Assert.AreEqual(GatewayMessageStatus.Ok, session.ApplyResult(
                "{\"type\":\"offline\",\"payload\":{\"devices\":[{\"product_id\":\"E69UADXUYY\",\"device_name\":\"light1\",\"result\":0}]}}", out results));
            Assert.IsFalse(session.IsOnline(new SubDeviceId("E69UADXUYY", "light1")));
            Assert.AreEqual(1, session.OnlineCount);
            session.MarkAllOffline();
            Assert.AreEqual(0, session.OnlineCount);
        }

        [TestMethod]
        public void ApplyResult_MalformedOrOtherMessages_StatusAndNoChange()
        {
            TencentGatewaySession session = new TencentGatewaySession("P", "gw");
            SubDeviceOperationResult[] results;
            for (int i = 0; i < MalformedResults.Length; i++)
            {
                Assert.AreEqual(GatewayMessageStatus.Malformed, session.ApplyResult(MalformedResults[i], out results), MalformedResults[i]);
                Assert.IsNull(results);
            }

            Assert.AreEqual(GatewayMessageStatus.MissingField, session.ApplyResult(
                "{\"type\":\"online\",\"payload\":{\"devices\":[{\"device_name\":\"b\",\"result\":0}]}}", out results));
            Assert.AreEqual(GatewayMessageStatus.UnknownType, session.ApplyResult(
                "{\"type\":\"bind\",\"payload\":{\"devices\":[{\"product_id\":\"A\",\"device_name\":\"b\",\"result\":0}]}}", out results));
            Assert.AreEqual(0, session.OnlineCount);
        }

        [TestMethod]
        public void ParseOtaUpdate_SubDeviceTopics_RoundTrip()
        {
            SubDeviceId light = new SubDeviceId("E69UADXUYY", "light3");
            Assert.AreEqual("$ota/update/E69UADXUYY/light3", TencentGatewayTopics.OtaUpdate(light));
            Assert.AreEqual("$ota/report/E69UADXUYY/light3", TencentGatewayTopics.OtaReport(light));
            Assert.IsTrue(light.SameAs(TencentGatewayTopics.ParseOtaUpdate(TencentGatewayTopics.OtaUpdate(light))));
            Assert.IsNull(TencentGatewayTopics.ParseOtaUpdate("$ota/report/E69UADXUYY/light3"));
            Assert.IsNull(TencentGatewayTopics.ParseOtaUpdate("$ota/update/E69UADXUYY"));
            Assert.IsNull(TencentGatewayTopics.ParseOtaUpdate("$ota/update/E69UADXUYY/"));
            Assert.IsNull(TencentGatewayTopics.ParseOtaUpdate("$ota/update/a/b/c"));
            Assert.IsNull(TencentGatewayTopics.ParseOtaUpdate(null));
        }
    }
}
