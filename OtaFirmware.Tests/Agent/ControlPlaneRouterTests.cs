// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Tests.Fakes;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Agent
{
    [TestClass]
    public class ControlPlaneRouterTests
    {
        [TestMethod]
        public void Deliver_BoardAndGatewayTopics_EachToItsSinkWithRetainFlag()
        {
            ListLog log = new ListLog();
            ControlPlaneRouter router = new ControlPlaneRouter(log);
            RecordingSink board = new RecordingSink();
            RecordingSink gateway = new RecordingSink();
            router.RouteAll(new string[] { "$ota/update/P1/gw" }, board);
            router.Route("$gateway/operation/result/P1/gw", gateway);
            router.Route("$ota/update/P2/sensor1", gateway);

            router.Deliver("$ota/update/P1/gw", Bytes("a"), false);
            router.Deliver("$ota/update/P2/sensor1", Bytes("b"), true);
            router.Deliver("$gateway/operation/result/P1/gw", Bytes("c"), false);

            Assert.AreEqual(1, board.Received.Count);
            Assert.AreEqual("$ota/update/P1/gw a", (string)board.Received[0]);
            Assert.AreEqual(2, gateway.Received.Count);
            Assert.AreEqual("$ota/update/P2/sensor1 b retained", (string)gateway.Received[0]);
            Assert.AreEqual("$gateway/operation/result/P1/gw c", (string)gateway.Received[1]);
        }

        [TestMethod]
        public void Deliver_NoRoute_DroppedAndLogged()
        {
            ListLog log = new ListLog();
            ControlPlaneRouter router = new ControlPlaneRouter(log);
            RecordingSink board = new RecordingSink();
            router.Route("a/b", board);

            router.Deliver("a/c", Bytes("x"), false);
            router.Deliver(null, Bytes("x"), false);
            router.Deliver("a/b", null, false);

            Assert.AreEqual(0, board.Received.Count);
            Assert.IsTrue(log.Contains("no route"));
        }

        [TestMethod]
        public void Route_SameFilterAgain_NewSinkTakesOverAndTopicListedOnce()
        {
            ControlPlaneRouter router = new ControlPlaneRouter(new ListLog());
            RecordingSink first = new RecordingSink();
            RecordingSink second = new RecordingSink();

            Assert.IsTrue(router.Route("a/b", first));
            Assert.IsFalse(router.Route("a/b", second));
            Assert.IsTrue(router.Route("c/d", second));
            router.Deliver("a/b", Bytes("x"), false);

            Assert.AreEqual(0, first.Received.Count);
            Assert.AreEqual(1, second.Received.Count);
            Assert.AreEqual(2, router.Topics.Length);
            Assert.AreEqual("a/b", router.Topics[0]);
            Assert.AreEqual("c/d", router.Topics[1]);
        }

        [TestMethod]
        public void Route_BadFilters_Refused()
        {
            ControlPlaneRouter router = new ControlPlaneRouter(new ListLog());
            RecordingSink sink = new RecordingSink();

            TestAssert.Throws(typeof(ArgumentException), delegate { router.Route(string.Empty, sink); });
            TestAssert.Throws(typeof(ArgumentException), delegate { router.Route("a/b#", sink); });
            TestAssert.Throws(typeof(ArgumentException), delegate { router.Route("a/#/b", sink); });
            TestAssert.Throws(typeof(ArgumentException), delegate { router.Route("a+/b", sink); });
            TestAssert.Throws(typeof(ArgumentNullException), delegate { router.Route("a", null); });
            Assert.AreEqual(0, router.Topics.Length);
        }

        [TestMethod]
        public void Matches_MqttWildcards_AsTheSpecificationSays()
        {
            Assert.IsTrue(ControlPlaneRouter.Matches("a/b", "a/b"));
            Assert.IsFalse(ControlPlaneRouter.Matches("a/b", "a/b/c"));
            Assert.IsFalse(ControlPlaneRouter.Matches("a/b/c", "a/b"));
            Assert.IsTrue(ControlPlaneRouter.Matches("a/+/c", "a/x/c"));
            Assert.IsFalse(ControlPlaneRouter.Matches("a/+/c", "a/x/y/c"));
            Assert.IsTrue(ControlPlaneRouter.Matches("a/+", "a/"));
            Assert.IsTrue(ControlPlaneRouter.Matches("a/#", "a"));
            Assert.IsTrue(ControlPlaneRouter.Matches("a/#", "a/x/y"));
            Assert.IsTrue(ControlPlaneRouter.Matches("#", "a/x"));
            Assert.IsFalse(ControlPlaneRouter.Matches("#", "$SYS/x"));
            Assert.IsFalse(ControlPlaneRouter.Matches("+/x", "$ota/x"));
            Assert.IsTrue(ControlPlaneRouter.Matches("$ota/+", "$ota/x"));
        }

        private static byte[] Bytes(string text)
        {
            return Encoding.UTF8.GetBytes(text);
        }
    }
}
