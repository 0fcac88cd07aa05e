// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Connectivity;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Connectivity
{
    [TestClass]
    public class ReconnectBackoffTests
    {
        [TestMethod]
        public void NextDelay_GrowsExponentiallyWithinHalfStepAndStep_CapsAtMax()
        {
            ReconnectBackoff backoff = new ReconnectBackoff(1000, 30000, 12345);
            int[] steps = { 1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000 };
            for (int i = 0; i < steps.Length; i++)
            {
                Assert.AreEqual(steps[i], backoff.CurrentStepMilliseconds);
                int delay = backoff.NextDelayMilliseconds();
                Assert.IsTrue(delay >= steps[i] / 2 && delay <= steps[i], "attempt " + i.ToString() + ": " + delay.ToString());
            }

            Assert.AreEqual(steps.Length, backoff.Attempts);
        }

        [TestMethod]
        public void Reset_AfterAttempts_StartsFromBase()
        {
            ReconnectBackoff backoff = new ReconnectBackoff(500, 8000, 1);
            for (int i = 0; i < 6; i++)
            {
                backoff.NextDelayMilliseconds();
            }

            backoff.Reset();
            Assert.AreEqual(0, backoff.Attempts);
            Assert.AreEqual(500, backoff.CurrentStepMilliseconds);
            Assert.IsTrue(backoff.NextDelayMilliseconds() <= 500);
        }

        [TestMethod]
        public void NextDelay_DifferentSeeds_SpreadDevices()
        {
            ReconnectBackoff a = new ReconnectBackoff(1000, 60000, 1);
            ReconnectBackoff b = new ReconnectBackoff(1000, 60000, 2);
            int differences = 0;
            for (int i = 0; i < 10; i++)
            {
                if (a.NextDelayMilliseconds() != b.NextDelayMilliseconds())
                {
                    differences++;
                }
            }

            Assert.IsTrue(differences >= 5, differences.ToString());
        }

        [TestMethod]
        public void NextDelay_ManyAttempts_NeverOverflowsTheCap()
        {
            ReconnectBackoff backoff = new ReconnectBackoff(int.MaxValue / 2, int.MaxValue, 7);
            for (int i = 0; i < 100; i++)
            {
                int delay = backoff.NextDelayMilliseconds();
                Assert.IsTrue(delay > 0);
            }
        }

        [TestMethod]
        public void Constructor_BadBounds_Throws()
        {
            TestAssert.Throws(typeof(ArgumentOutOfRangeException), delegate { new ReconnectBackoff(0, 10, 1); });
            TestAssert.Throws(typeof(ArgumentOutOfRangeException), delegate { new ReconnectBackoff(10, 9, 1); });
        }
    }
}
