// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.SimulatedHardware;
using OtaFirmware.Tests.Fakes;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Update
{
    [TestClass]
    public class BootSettlerTests
    {
        private const int ImageSize = 32 * 1024;

        [TestMethod]
        public void Settle_NothingSaved_NothingPendingAndNoHealthCheck()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            ScriptedHealthCheck health = new ScriptedHealthCheck();
            Assert.AreEqual((int)SettleResult.NothingPending, (int)Settle(rig, health));
            Assert.AreEqual(0, health.Calls);
            Assert.AreEqual(RecordState.Idle, rig.Record.State);
        }

        [TestMethod]
        public void Settle_NewImageHealthy_ConfirmedAndOutcomeSaved()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            DownloadAndActivate(rig, true);
            rig.Reboot();
            Assert.AreEqual(ImageState.PendingVerify, rig.Slot.RunningState);

            Assert.AreEqual((int)SettleResult.Confirmed, (int)Settle(rig, new ScriptedHealthCheck()));
            Assert.AreEqual(ImageState.Valid, rig.Slot.RunningState);
            AssertSavedOutcome(rig, UpdateError.Ok, "1.1.0");
        }

        [TestMethod]
        public void Settle_NewImageUnhealthy_OutcomeSavedBeforeTheRollbackReset()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            DownloadAndActivate(rig, true);
            rig.Reboot();
            ScriptedHealthCheck health = new ScriptedHealthCheck();
            health.Healthy = false;
            bool reset = false;
            try
            {
                Settle(rig, health);
            }
            catch (SimulatedResetException)
            {
                reset = true;
            }

            Assert.IsTrue(reset, "a failed health check rolls back by resetting");
            rig.Reboot();
            Assert.AreEqual(PipelineRig.InitialVersion, rig.Slot.RunningVersion);
            AssertSavedOutcome(rig, UpdateError.HealthCheckFailed, PipelineRig.InitialVersion);
        }

        [TestMethod]
        public void Settle_ResetBeforeConfirmation_BootAbortedReportedWithTheOldVersion()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            DownloadAndActivate(rig, true);
            rig.Reboot(); // the new image's trial boot, cut before it settles
            rig.Reboot(); // the bootloader rolls back

            Assert.AreEqual(PipelineRig.InitialVersion, rig.Slot.RunningVersion);
            Assert.AreEqual((int)SettleResult.BootAborted, (int)Settle(rig, new ScriptedHealthCheck()));
            AssertSavedOutcome(rig, UpdateError.BootAborted, PipelineRig.InitialVersion);
        }

        [TestMethod]
        public void Settle_ActivationRecordLost_ConfirmedFromTheCompleteDownloadRecord()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            DownloadAndActivate(rig, false);
            rig.Reboot();
            Assert.AreEqual(RecordState.Downloading, rig.Record.State);

            Assert.AreEqual((int)SettleResult.Confirmed, (int)Settle(rig, new ScriptedHealthCheck()));
            AssertSavedOutcome(rig, UpdateError.Ok, "1.1.0");
        }

        private static SettleResult Settle(PipelineRig rig, ScriptedHealthCheck health)
        {
            return new BootSettler(rig.Slot, rig.Record, health, new ListLog()).Settle();
        }

        // Downloads the offered image; activates it through the pipeline (saving AwaitingConfirm) or, to model a cut
        // right after the boot switch, through the slot alone (the complete Downloading record stays).
        private static void DownloadAndActivate(PipelineRig rig, bool throughPipeline)
        {
            Assert.IsTrue(rig.Pipeline.Start(rig.Job(null)).IsOk);
            UpdateResult failure;
            Assert.AreEqual(StepStatus.Downloaded, rig.StepToEnd(10000, out failure));
            if (throughPipeline)
            {
                Assert.IsTrue(rig.Pipeline.Activate(rig.Slot.RunningVersion).IsOk);
                Assert.AreEqual(RecordState.AwaitingConfirm, rig.Record.State);
            }
            else
            {
                Assert.IsTrue(rig.Slot.Activate(rig.Image.Length).IsOk);
            }
        }

        private static void AssertSavedOutcome(PipelineRig rig, UpdateError error, string runningAfter)
        {
            UpdateRecord reloaded = new UpdateRecord(new ResumeJournal(rig.Esp.ResumeRecordRegion));
            reloaded.Load();
            Assert.AreEqual(RecordState.Outcome, reloaded.State, "the outcome survives a reset");
            Assert.IsTrue(reloaded.HasOutcome);
            Assert.AreEqual(error, reloaded.OutcomeError);
            Assert.AreEqual("1.1.0", reloaded.OutcomeJob.Version);
            Assert.AreEqual("job-1", reloaded.OutcomeJob.CorrelationId);
            Assert.AreEqual(runningAfter, reloaded.PreviousVersion);
        }
    }
}
