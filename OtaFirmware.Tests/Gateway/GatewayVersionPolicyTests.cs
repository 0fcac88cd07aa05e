// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Gateway;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Gateway
{
    /// <summary>The gateway's own downgrade policy (<see cref="GatewayOptions.AllowDowngrade"/>) and the version already
    /// running, decided before anything is uploaded. The rig's image is 1.2.3.</summary>
    [TestClass]
    public class GatewayVersionPolicyTests
    {
        private const int Payload = 20000;
        private const int Staging = 64 * 1024;

        [TestMethod]
        public void Agent_ImageOlderThanRunning_DowngradeRefusedNothingUploaded()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging, 2); // the sub-devices run 2.0.0
            try
            {
                rig.ConnectOnline(-1);
                rig.Order(0, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));

                // Tencent's code for DowngradeRefused (-5), with the gateway's reason in the description.
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"fail\"", "-5", "image version 1.2.3 is older than the running 2.0.0"));
                Assert.IsTrue(rig.Log.Contains("FAILED (DowngradeRefused)"));
                Assert.AreEqual(0, rig.Channel.Count(GatewayRig.ReportTopic(0), "burning"));
                Assert.AreEqual(0, rig.Devices[0].UploadRequests);
                Assert.AreEqual("2.0.0", rig.Devices[0].RunningVersion);
                Assert.IsTrue(rig.Devices[0].RunningConfirmed);
                Assert.AreEqual(1, rig.Agent.SubDeviceFailures);
                Assert.AreEqual(0, rig.Agent.StagedImageCount);
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_VersionAlreadyRunningPushedAgain_DoneAndVersionReportedNothingUploaded()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging);
            try
            {
                rig.ConnectOnline(-1);
                rig.Order(0, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));
                Assert.AreEqual("1.2.3", rig.Devices[0].RunningVersion);
                int uploads = rig.Devices[0].UploadRequests;

                rig.Order(0, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));

                // As the board answers the running version pushed again: done, and the version report clouds complete a job by.
                Assert.AreEqual(uploads, rig.Devices[0].UploadRequests, "nothing uploaded the second time");
                Assert.AreEqual(2, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"done\""));
                Assert.AreEqual(2, rig.Channel.Count(GatewayRig.ReportTopic(0), "report_version", "1.2.3"));
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "burning"), "only the first job burned");
                Assert.IsTrue(rig.Log.Contains("version 1.2.3 is already running"));
                Assert.AreEqual(1, rig.Agent.SubDevicesUpdated);
                Assert.AreEqual(0, rig.Agent.SubDeviceFailures);
                Assert.IsTrue(rig.Devices[0].RunningConfirmed);
            }
            finally
            {
                rig.Stop();
            }
        }

        [TestMethod]
        public void Agent_AllowDowngradeImageOlderThanRunning_FlashedAndConfirmed()
        {
            GatewayRig rig = new GatewayRig(Payload, Staging, 2);
            try
            {
                rig.Options.AllowDowngrade = true;
                rig.NewAgent();
                rig.ConnectOnline(-1);
                rig.Order(0, null);
                Assert.IsTrue(rig.PumpUntilIdle(2000));

                Assert.AreEqual("1.2.3", rig.Devices[0].RunningVersion);
                Assert.IsTrue(rig.Devices[0].RunningConfirmed);
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "\"done\""));
                Assert.AreEqual(1, rig.Channel.Count(GatewayRig.ReportTopic(0), "report_version", "1.2.3"));
                Assert.AreEqual(1, rig.Agent.SubDevicesUpdated);
            }
            finally
            {
                rig.Stop();
            }
        }
    }
}
