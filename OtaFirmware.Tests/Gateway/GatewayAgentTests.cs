// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Gateway;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Tests.Fakes;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Gateway
{
    [TestClass]
    public class GatewayAgentTests
    {
        private const int Payload = 20000;
        private const int Staging = 64 * 1024;

        [TestMethod]
        public void Agent_ThreeSubDevicesSameImage_OneDownloadAllUpdatedUnderOwnIdentity()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.ConnectOnline(-1);
                Assert.AreEqual(5, rig.Channel.Subscribed.Count); // operation result + four OTA topics
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(3), "report_version", "1.0.0"));
                rig.Order(0, null);
                rig.Order(1, null);
                rig.Order(2, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));
                Assert.AreEqual(1, rig.Agent.DownloadsStarted);
                Assert.AreEqual((long)rig.Image.Length, rig.Source.BytesServed);
                for (int i = 0; i < 3; i++)
                {
                    Assert.AreEqual("1.2.3", rig.Devices[i].RunningVersion);
                    Assert.IsTrue(rig.Devices[i].RunningConfirmed);
                    Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(i), "burning"));
                    Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(i), "\"done\""));
                    Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(i), "report_version", "1.2.3"));
                }

                Assert.AreEqual("1.0.0", rig.Devices[3].RunningVersion);
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(3), "progress"));
                Assert.AreEqual(3, rig.Agent.SubDevicesUpdated);
                Assert.AreEqual(0, rig.Agent.StagedImageCount); // freed when no job needs it
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_BrokerDownWhileFlashing_FinalReportsSentAfterReconnect()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.ConnectOnline(-1);
                rig.Order(0, null);
                rig.Agent.Pump();
                rig.Channel.IsConnected = false;
                Assert.IsTrue(rig.PumpUntilIdle(2000));
                Assert.AreEqual("1.2.3", rig.Devices[0].RunningVersion);
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"done\""));

                rig.Channel.IsConnected = true;
                rig.Agent.OnConnected();
                rig.Agent.Pump();
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "burning"));
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"done\""));
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "report_version", "1.2.3"));
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_RefusedSubDevice_SkippedOthersOnline()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.ConnectOnline(1);
                Assert.AreEqual(1, rig.Agent.RefusedCount);
                Assert.IsFalse(rig.Agent.IsOnline(GatewayRig.Ids[1]));
                Assert.IsTrue(rig.Agent.IsOnline(GatewayRig.Ids[0]));
                Assert.IsTrue(rig.Log.Contains("E69UADXUYY/light2 REFUSED"));
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(1)));
                Assert.AreEqual(-1, rig.Channel.Subscribed.IndexOf(TencentGatewayTopics.OtaUpdate(GatewayRig.Ids[1])));
                rig.Order(1, null);
                rig.Order(0, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));
                Assert.AreEqual("1.0.0", rig.Devices[1].RunningVersion);
                Assert.AreEqual("1.2.3", rig.Devices[0].RunningVersion);
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_PowerCutWhileStaging_ResumesFromCommittedBlock()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.ConnectOnline(-1);
                rig.Order(0, null);
                rig.Order(3, null);
                rig.Agent.Pump();
                rig.Flash.SetPowerCutPlan(PowerCutPlan.InsideOperation(9, 100));
                bool cut = false;
                try
                {
                    rig.PumpUntilIdle(2000);
                }
                catch (PowerLossException)
                {
                    cut = true;
                }

                Assert.IsTrue(cut);
                Assert.AreEqual("1.0.0", rig.Devices[0].RunningVersion);
                long before = rig.Source.BytesServed;
                rig.Flash.PowerOn();
                GatewayAgent rebooted = rig.NewAgent();
                rig.ConnectOnline(-1);
                rig.Order(0, null);
                rig.Order(3, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));
                Assert.IsTrue(rebooted.LastResumedFrom >= 4096, "resumed at " + rebooted.LastResumedFrom.ToString());
                Assert.IsTrue(rig.Source.BytesServed - before <= rig.Image.Length - rebooted.LastResumedFrom + 4096);
                Assert.AreEqual("1.2.3", rig.Devices[0].RunningVersion);
                Assert.AreEqual("1.2.3", rig.Devices[3].RunningVersion);
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_CorruptedImage_ReportedEveryHolderDevicesUntouched()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.ConnectOnline(-1);
                rig.Order(0, "00112233445566778899aabbccddeeff");
                rig.Order(2, "00112233445566778899aabbccddeeff");
                Assert.IsTrue(rig.PumpUntilIdle(2000));
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\"", "-4"));
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(2), "\"fail\"", "-4"));
                Assert.AreEqual(2L * rig.Image.Length, rig.Source.BytesServed, "a digest mismatch is downloaded again once by default (the board's rule)");
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\"", "downloaded 2 times (1 retry allowed)"), "the report says how many downloads were tried");
                Assert.AreEqual("1.0.0", rig.Devices[0].RunningVersion);
                Assert.AreEqual(0, rig.Devices[0].UploadRequests);
                Assert.AreEqual(0, rig.Agent.StagedImageCount);
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_RetainedUpdateCommands_IgnoredAndLoggedOnceALiveOneTaken()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.ConnectOnline(-1);
                rig.Order(0, "1.2.3", null, true);
                rig.Order(3, "1.2.3", null, true);
                for (int i = 0; i < 3; i++)
                {
                    rig.Agent.Pump();
                }

                Assert.AreEqual(0, rig.Agent.PendingJobs, "the clouds never retain OTA commands: a retained one is no job");
                Assert.AreEqual(0, rig.Agent.DownloadsStarted);
                Assert.AreEqual(0L, rig.Source.BytesServed);
                Assert.AreEqual(1, rig.Log.Count("gateway: ignored a retained update command"), "logged once");
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\""), "ignored, not answered");

                rig.Order(0, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));
                Assert.AreEqual("1.2.3", rig.Devices[0].RunningVersion);
                Assert.AreEqual("1.0.0", rig.Devices[3].RunningVersion);
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_ServerTrickles_StagingFailsBelowTheMinimumRateBacksOffAndCompletes()
        {
            FakeClock clock = new FakeClock();
            GatewayRig rig = new GatewayRig(Payload, Staging, clock);
            try
            {
                rig.Options.StallMilliseconds = 0;
                rig.Options.MinimumBytesPerSecond = 100;
                rig.Options.RateWindowMilliseconds = 10000;
                rig.NewAgent();
                rig.ConnectOnline(-1);
                rig.Source.Clock = clock;
                rig.Source.MaxBytesPerRead = 1;
                rig.Source.MillisecondsPerRead = 100; // 10 bytes/s, each read within its bound
                rig.Order(0, null);
                int pumps = PumpUntilLogged(rig, clock, "retrying in", 1000);

                Assert.IsTrue(pumps < 1000, "the attempt never failed");
                Assert.IsTrue(rig.Log.Contains("minimum 100 bytes/s"), "the reason names the rate");
                Assert.IsTrue(rig.Source.BytesServed <= 101, rig.Source.BytesServed.ToString());
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\""), "a network failure backs off, the job goes on");

                rig.Source.MaxBytesPerRead = 0;
                rig.Source.MillisecondsPerRead = 0;
                Assert.IsTrue(PumpUntilIdle(rig, clock, 5000));
                Assert.AreEqual("1.2.3", rig.Devices[0].RunningVersion);
                Assert.AreEqual(1, rig.Agent.DownloadsStarted, "the same staging continued");
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_ServerStallsWithDefaultOptions_StagingFailsAsNetworkFailureAndBacksOff()
        {
            FakeClock clock = new FakeClock();
            GatewayRig rig = new GatewayRig(Payload, Staging, clock);
            try
            {
                rig.ConnectOnline(-1);
                rig.Source.Clock = clock;
                rig.Source.MaxBytesPerRead = 1;
                rig.Source.MillisecondsPerRead = 31000; // one byte per read, each 31 s after the last: past the 30 s default
                rig.Order(0, null);
                int pumps = PumpUntilLogged(rig, clock, "retrying in", 20);

                Assert.IsTrue(pumps < 20, "the attempt never failed");
                Assert.IsTrue(rig.Log.Contains("no progress for 31000 ms"), "the reason names the stall");
                Assert.IsTrue(rig.Source.BytesServed <= 1, rig.Source.BytesServed.ToString());
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\""), "a network failure backs off, the job goes on");
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_ServerTrickles_NewerCommandStartsWithinASecond()
        {
            FakeClock clock = new FakeClock();
            GatewayRig rig = new GatewayRig(Payload, Staging, clock);
            try
            {
                InterruptingSource source = new InterruptingSource(rig, clock);
                source.OrderAtRead = 3; // the newer command arrives while the third read waits on the server
                rig.AgentSource = source;
                rig.NewAgent();
                rig.ConnectOnline(-1);
                rig.Source.Clock = clock;
                rig.Source.MaxBytesPerRead = 1;
                rig.Source.MillisecondsPerRead = 500; // each read within its bound, one byte each
                rig.Order(0, "1.2.3", "00112233445566778899aabbccddeeff", false);
                for (int i = 0; i < 100 && rig.Agent.DownloadsStarted < 2; i++)
                {
                    rig.Agent.Pump();
                }

                Assert.AreEqual(2, rig.Agent.DownloadsStarted, "the newer image's staging started");
                Assert.IsTrue(clock.UptimeMilliseconds - source.OrderedAt <= 1000, (clock.UptimeMilliseconds - source.OrderedAt).ToString() + " ms");
                Assert.IsTrue(rig.Log.Contains("superseded by 1.2.3"));

                rig.Source.MaxBytesPerRead = 0;
                rig.Source.MillisecondsPerRead = 0;
                Assert.IsTrue(PumpUntilIdle(rig, clock, 5000));
                Assert.AreEqual("1.2.3", rig.Devices[0].RunningVersion);
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"done\""));
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_StopWhileServerTrickles_RunReturnsBeforeTheNextRead()
        {
            FakeClock clock = new FakeClock();
            GatewayRig rig = new GatewayRig(Payload, Staging, clock);
            try
            {
                InterruptingSource source = new InterruptingSource(rig, clock);
                source.StopAtRead = 3; // the stop arrives while the third read waits on the server
                rig.AgentSource = source;
                rig.NewAgent();
                rig.ConnectOnline(-1);
                rig.Source.Clock = clock;
                rig.Source.MaxBytesPerRead = 1;
                rig.Source.MillisecondsPerRead = 500;
                rig.Order(0, null);

                rig.Agent.Run(); // returns once the stop takes effect

                Assert.AreEqual(3, source.Reads, "the stop took effect between two bounded reads");
                Assert.AreEqual(3L, rig.Source.BytesServed);
                Assert.AreEqual(1, rig.Agent.PendingJobs, "stopping fails nothing: the job is still there");
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\""));
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_UnusableWatchOptions_RefusedWhenCreatedNotWhenStaging()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.Options.RateWindowMilliseconds = 0; // a minimum rate with no window to measure it over
                TestAssert.Throws(typeof(ArgumentOutOfRangeException), delegate { rig.NewAgent(); });
                rig.Options.RateWindowMilliseconds = 1000;
                rig.Options.StallMilliseconds = -1;
                TestAssert.Throws(typeof(ArgumentOutOfRangeException), delegate { rig.NewAgent(); });
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_KeyConfiguredImageUnsigned_SignatureRefusalReportedDeviceUntouched()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.Links[0] = new GatewaySubDevice(GatewayRig.Ids[0], rig.Links[0].Link, new NothingVerifies());
                rig.NewAgent();
                rig.ConnectOnline(-1);
                rig.Order(0, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));

                // Tencent's verification-failure code, and the check's own reason in the description.
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\"", "-4", "SignatureMissing"));
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(0), "burning"), "refused before anything is reported as flashing");
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(0), "upload to the sub-device failed"), "nothing was uploaded");
                Assert.IsTrue(rig.Log.Contains("FAILED (SignatureInvalid)"));
                Assert.AreEqual("1.0.0", rig.Devices[0].RunningVersion);
                Assert.AreEqual(0, rig.Devices[0].UploadRequests);
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_DeviceRefusesImageNotNewerOverSmpV2_DowngradeReportedDeviceUntouched()
        {
            // The sub-devices run 2.0.0; the gateway's own policy lets the older image through, the link asks for an
            // upgrade only, over SMP v2, so the device itself refuses.
            GatewayRig rig = new GatewayRig(Payload, Staging, 2);
            try
            {
                rig.Options.AllowDowngrade = true;
                rig.NewAgent();
                SmpSubDeviceLink link = (SmpSubDeviceLink)rig.Links[0].Link;
                link.ProtocolVersion = 1;
                link.RequireNewerImage = true;
                rig.ConnectOnline(-1);
                rig.Order(0, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));

                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\"", "-5", "ImageNotNewer group=1 rc=27"));
                Assert.IsTrue(rig.Log.Contains("FAILED (DowngradeRefused): upload to the sub-device failed: ImageNotNewer group=1 rc=27 (downgrade)"));
                Assert.AreEqual("2.0.0", rig.Devices[0].RunningVersion);
                Assert.AreEqual(0, rig.Devices[0].ChunksWritten);
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_UrlRefused_AsksTheCloudForAFreshUrlAndContinuesWithIt()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.ConnectOnline(-1);
                int versionReports = rig.Channel.Count(GatewayRig.ReportTopic(0), "report_version", "1.0.0");
                rig.Source.FailOpensWithStatus = 403;
                rig.Source.FailOpensCount = 1;
                rig.Order(0, null);
                for (int i = 0; i < 5; i++)
                {
                    rig.Agent.Pump();
                }

                Assert.AreEqual(versionReports + 1, rig.Channel.Count(GatewayRig.ReportTopic(0), "report_version", "1.0.0"), "report_version makes Tencent send the job again");
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\"", "-"), "a refused URL is not a failed job");
                Assert.AreEqual(1, rig.Agent.PendingJobs);

                rig.Order(0, null); // the cloud's answer: the same image with a fresh URL
                Assert.IsTrue(rig.PumpUntilIdle(2000));
                Assert.AreEqual("1.2.3", rig.Devices[0].RunningVersion);
                Assert.AreEqual(1, rig.Agent.DownloadsStarted, "the same staging continued");
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_StagingTooSmall_FailsBeforeAnyByteIsFetched()
        {
            GatewayRig rig = new GatewayRig(Payload, 16 * 1024);
            try
            {
                rig.ConnectOnline(-1);
                rig.Order(0, null);
                Assert.IsTrue(rig.PumpUntilIdle(10));
                Assert.AreEqual(0L, rig.Source.BytesServed);
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\"", "staging area"));
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_LinkDropsWhileFlashing_UploadContinuesAndConfirms()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.ConnectOnline(-1);
                OtaFirmware.SimulatedHardware.SubDevice.SubDeviceFaults faults = new OtaFirmware.SimulatedHardware.SubDevice.SubDeviceFaults();
                faults.DropLinkAfterBytes = 12000;
                faults.LinkDownMilliseconds = 1500;
                rig.Devices[3].Faults = faults;
                rig.Order(3, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));
                Assert.AreEqual("1.2.3", rig.Devices[3].RunningVersion);
                Assert.IsTrue(rig.Log.Contains("link lost during upload"));
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(3), "\"done\""));
            }
            finally
            {
                rig.Stop();
            }
        }

        // The rig's source, with something arriving while a given read waits on the server (as the transport's or
        // another thread would): a stop, or a newer update command for sub-device 0 (the rig's image).
        private sealed class InterruptingSource : IFirmwareSource
        {
            private readonly GatewayRig _rig;
            private readonly FakeClock _clock;

            public InterruptingSource(GatewayRig rig, FakeClock clock)
            {
                _rig = rig;
                _clock = clock;
            }

            public int StopAtRead { get; set; }

            public int OrderAtRead { get; set; }

            public long OrderedAt { get; private set; }

            public int Reads { get; private set; }

            public SourceStatus Open(string url, int offset, int length, ref HttpFacts facts)
            {
                return _rig.Source.Open(url, offset, length, ref facts);
            }

            public SourceStatus Read(byte[] buffer, int offset, int count, out int bytesRead)
            {
                Reads++;
                if (Reads == StopAtRead)
                {
                    _rig.Agent.Stop();
                }

                if (Reads == OrderAtRead)
                {
                    OrderedAt = _clock.UptimeMilliseconds;
                    _rig.Order(0, null);
                }

                return _rig.Source.Read(buffer, offset, count, out bytesRead);
            }

            public void Close()
            {
                _rig.Source.Close();
            }
        }

        // Pumps the agent on its fake clock (a timer is waited out by moving the clock) until a log line contains
        // <text>; returns the pumps it took (maxPumps when never).
        private static int PumpUntilLogged(GatewayRig rig, FakeClock clock, string text, int maxPumps)
        {
            for (int i = 0; i < maxPumps; i++)
            {
                if (rig.Log.Contains(text))
                {
                    return i;
                }

                int sleep = rig.Agent.Pump();
                if (sleep > 0)
                {
                    clock.Sleep(sleep);
                }
            }

            return maxPumps;
        }

        // PumpUntilIdle on the agent's fake clock; the sub-devices run on real time, so an idle pump also waits a little.
        private static bool PumpUntilIdle(GatewayRig rig, FakeClock clock, int maxPumps)
        {
            for (int i = 0; i < maxPumps && rig.Agent.PendingJobs > 0; i++)
            {
                int sleep = rig.Agent.Pump();
                if (sleep > 0 && rig.Agent.PendingJobs > 0)
                {
                    clock.Sleep(sleep);
                    rig.Clock.Sleep(1);
                }
            }

            return rig.Agent.PendingJobs == 0;
        }

        // A trusted key no image is signed with.
        private sealed class NothingVerifies : IImageSignatureVerifier
        {
            public int SignatureTlvType
            {
                get { return McubootFormat.TlvEcdsaSignature; }
            }

            public byte[] KeyHash
            {
                get { return new byte[32]; }
            }

            public bool Verify(byte[] imageHash, byte[] signature, int offset, int count)
            {
                return false;
            }
        }
    }
}
