// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Connectivity;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Connectivity
{
    [TestClass]
    public class ConnectivityHealthCheckTests
    {
        private static readonly DateTime SetClock = new DateTime(2026, 11, 22);
        private static readonly DateTime UnsetClock = new DateTime(1970, 1, 1);

        [TestMethod]
        public void Check_AllFactsHold_HealthyWithoutWaiting()
        {
            ScriptedProbe probe = new ScriptedProbe(0, SetClock, 0, 0);
            SteppingClock clock = new SteppingClock();
            string reason;
            Assert.IsTrue(new ConnectivityHealthCheck(probe, clock, 10000, 500).Check(out reason));
            Assert.IsNull(reason);
            Assert.AreEqual(0L, clock.UptimeMilliseconds);
        }

        [TestMethod]
        public void Check_BrokerConnectsBeforeDeadline_Healthy()
        {
            ScriptedProbe probe = new ScriptedProbe(1000, SetClock, 0, 4000);
            probe.Clock = new SteppingClock();
            string reason;
            Assert.IsTrue(new ConnectivityHealthCheck(probe, probe.Clock, 10000, 500).Check(out reason));
            Assert.IsNull(reason);
            Assert.IsTrue(probe.Clock.UptimeMilliseconds >= 4000 && probe.Clock.UptimeMilliseconds <= 4500);
        }

        [TestMethod]
        public void Check_BrokerNeverConnects_UnhealthyAtDeadlineNamingTheBroker()
        {
            ScriptedProbe probe = new ScriptedProbe(0, SetClock, 0, long.MaxValue);
            probe.Clock = new SteppingClock();
            string reason;
            Assert.IsFalse(new ConnectivityHealthCheck(probe, probe.Clock, 3000, 700).Check(out reason));
            Assert.AreEqual("broker not connected", reason);
            Assert.AreEqual(3000L, probe.Clock.UptimeMilliseconds);
        }

        [TestMethod]
        public void Check_ClockNeverSet_UnhealthyNamingTheClock()
        {
            ScriptedProbe probe = new ScriptedProbe(0, UnsetClock, 0, 0);
            probe.Clock = new SteppingClock();
            string reason;
            Assert.IsFalse(new ConnectivityHealthCheck(probe, probe.Clock, 1000, 100).Check(out reason));
            Assert.AreEqual("clock not set", reason);
        }

        [TestMethod]
        public void Check_NetworkDown_UnhealthyNamingTheNetwork()
        {
            ScriptedProbe probe = new ScriptedProbe(long.MaxValue, SetClock, 0, 0);
            probe.Clock = new SteppingClock();
            string reason;
            Assert.IsFalse(new ConnectivityHealthCheck(probe, probe.Clock, 0, 100).Check(out reason));
            Assert.AreEqual("network down", reason);
        }

        [TestMethod]
        public void Constructor_BadArguments_Throws()
        {
            SteppingClock clock = new SteppingClock();
            ScriptedProbe probe = new ScriptedProbe(0, SetClock, 0, 0);
            TestAssert.Throws(typeof(ArgumentNullException), delegate { new ConnectivityHealthCheck(null, clock, 1, 1); });
            TestAssert.Throws(typeof(ArgumentNullException), delegate { new ConnectivityHealthCheck(probe, null, 1, 1); });
            TestAssert.Throws(typeof(ArgumentOutOfRangeException), delegate { new ConnectivityHealthCheck(probe, clock, -1, 1); });
            TestAssert.Throws(typeof(ArgumentOutOfRangeException), delegate { new ConnectivityHealthCheck(probe, clock, 1, 0); });
        }

        /// <summary>A clock whose Sleep advances time instantly.</summary>
        private sealed class SteppingClock : IClock
        {
            private long _now;

            public long UptimeMilliseconds
            {
                get { return _now; }
            }

            public void Sleep(int milliseconds)
            {
                _now += milliseconds;
            }
        }

        /// <summary>Facts that become true at given uptimes.</summary>
        private sealed class ScriptedProbe : IConnectivityProbe
        {
            private readonly long _networkUpAt;
            private readonly DateTime _wallClock;
            private readonly long _brokerUpAt;

            public ScriptedProbe(long networkUpAt, DateTime wallClock, long unused, long brokerUpAt)
            {
                _networkUpAt = networkUpAt;
                _wallClock = wallClock;
                _brokerUpAt = brokerUpAt + unused;
            }

            public SteppingClock Clock { get; set; }

            public bool IsNetworkUp
            {
                get { return Now() >= _networkUpAt; }
            }

            public DateTime UtcNow
            {
                get { return _wallClock; }
            }

            public bool IsBrokerConnected
            {
                get { return Now() >= _brokerUpAt; }
            }

            private long Now()
            {
                return Clock == null ? 0 : Clock.UptimeMilliseconds;
            }
        }
    }
}
