// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

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
    public class UpdatePipelineTests
    {
        private const int ImageSize = 48 * 1024;
        private const int Block = 4096;

        [TestMethod]
        public void Start_SavedDownloadAfterReboot_ResumesAtLastCommittedBlockAndImageIsExact()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            rig.Source.DropAtOffset = 3 * Block + 100;
            Assert.IsTrue(rig.Pipeline.Start(rig.Job(null)).IsOk);
            UpdateResult failure;
            Assert.AreEqual(StepStatus.Failed, rig.StepToEnd(100, out failure));
            Assert.AreEqual(UpdateError.SourceUnavailable, failure.Error);

            rig.Reboot();
            Assert.IsTrue(rig.Pipeline.Start(rig.Job(null)).IsOk);
            Assert.AreEqual(3 * Block, rig.Pipeline.ResumedFrom, "resumes at the last committed erase block");
            Assert.AreEqual(StepStatus.Downloaded, rig.StepToEnd(1000, out failure));
            Assert.AreEqual(3 * Block, (int)rig.Source.RequestedOffsets[rig.Source.RequestedOffsets.Count - 3], "asked the server from the committed block");
            Assert.AreEqual(0, rig.Pipeline.Restarts);
            Assert.IsTrue(rig.SlotHoldsImage(), "the hash mid-states restored from the record verify the whole image");
        }

        [TestMethod]
        public void Step_ServerIgnoresRangeOnResume_RestartsFromZeroOnTheSameResponse()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            rig.Source.DropAtOffset = 3 * Block + 100;
            rig.Pipeline.Start(rig.Job(null));
            UpdateResult failure;
            rig.StepToEnd(100, out failure);
            rig.Reboot();
            rig.Source.IgnoreRange = true;
            rig.Pipeline.Start(rig.Job(null));
            int requestsBefore = rig.Source.RequestedOffsets.Count;

            Assert.AreEqual(StepStatus.InProgress, rig.Pipeline.Step(out failure));
            Assert.AreEqual(1, rig.Pipeline.Restarts);
            Assert.AreEqual(0, rig.Pipeline.ResumedFrom);
            Assert.AreEqual(0, rig.Record.CommittedOffset, "the record no longer points at the old bytes");
            Assert.AreEqual(StepStatus.Downloaded, rig.StepToEnd(1000, out failure));
            Assert.AreEqual(requestsBefore + 1, rig.Source.RequestedOffsets.Count, "the 200 body was used from byte 0, then plain requests");
            Assert.IsTrue(rig.SlotHoldsImage());
        }

        [TestMethod]
        public void Step_WrongContentRange_RestartsWithAPlainRequestNeverWritingElsewhere()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            rig.Source.WrongContentRange = true;
            rig.Pipeline.Start(rig.Job(null));
            UpdateResult failure;
            Assert.AreEqual(StepStatus.Downloaded, rig.StepToEnd(1000, out failure));
            Assert.AreEqual(1, rig.Pipeline.Restarts);
            for (int i = 0; i < rig.Source.RequestedOffsets.Count; i++)
            {
                Assert.AreEqual(0, (int)rig.Source.RequestedOffsets[i], "a body that starts elsewhere is never written");
            }

            Assert.IsTrue(rig.SlotHoldsImage());
        }

        [TestMethod]
        public void Step_416OnResume_RestartsFromZeroAndCompletes()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            rig.Source.DropAtOffset = 2 * Block + 10;
            rig.Pipeline.Start(rig.Job(null));
            UpdateResult failure;
            rig.StepToEnd(100, out failure);
            rig.Source.FailOpensWithStatus = 416;
            rig.Source.FailOpensCount = 1;

            Assert.AreEqual(StepStatus.Downloaded, rig.StepToEnd(1000, out failure));
            Assert.AreEqual(1, rig.Pipeline.Restarts);
            Assert.IsTrue(rig.SlotHoldsImage());
        }

        [TestMethod]
        public void Step_RangeMishandledMoreThanTheLimit_FailsWithRangeMismatch()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            rig.Source.IgnoreRange = true;
            rig.Source.DropAtOffset = Block + 100;
            rig.Pipeline.Start(rig.Job(null));
            UpdateResult failure = null;
            StepStatus status = StepStatus.InProgress;
            for (int i = 0; i < 2000; i++)
            {
                status = rig.Pipeline.Step(out failure);
                if (status == StepStatus.Failed && failure.Error == UpdateError.SourceUnavailable)
                {
                    rig.Source.DropAtOffset = Block + 100; // the connection drops again; the resume meets a 200
                    continue;
                }

                if (status != StepStatus.InProgress)
                {
                    break;
                }
            }

            Assert.AreEqual(StepStatus.Failed, status);
            Assert.AreEqual(UpdateError.RangeMismatch, failure.Error);
            Assert.AreEqual(UpdatePipeline.RestartLimit + 1, rig.Pipeline.Restarts);
        }

        [TestMethod]
        public void Step_WholeBodyOfAnotherLength_RangeMismatchBeforeAnyWrite()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            UpdateJob job = new UpdateJob("1.1.0", ImageSize - Block, rig.Md5Digest, null, "https://cloud.local/fw.bin", "job-1");
            rig.Pipeline.Start(job);
            UpdateResult failure;
            Assert.AreEqual(StepStatus.Failed, rig.Pipeline.Step(out failure));
            Assert.AreEqual(UpdateError.RangeMismatch, failure.Error);
            Assert.AreEqual(0, rig.Pipeline.Offset);
        }

        [TestMethod]
        public void Step_DigestMismatch_RecordRestartedAndNextAttemptFromZero()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            byte[] wrong = (byte[])rig.Md5Digest.Clone();
            wrong[3] ^= 0x55;
            rig.Pipeline.Start(rig.Job(wrong));
            UpdateResult failure;
            Assert.AreEqual(StepStatus.Failed, rig.StepToEnd(1000, out failure));
            Assert.AreEqual(UpdateError.DigestMismatch, failure.Error);
            Assert.AreEqual(0, rig.Pipeline.Offset);

            rig.Reboot();
            rig.Pipeline.Start(rig.Job(wrong));
            Assert.AreEqual(0, rig.Pipeline.ResumedFrom, "a resume never continues over bytes that failed verification");
        }

        [TestMethod]
        public void Abort_Forget_RecordAbandonedAndNoResumeAfterReboot()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            rig.Source.DropAtOffset = 3 * Block + 100;
            rig.Pipeline.Start(rig.Job(null));
            UpdateResult failure;
            rig.StepToEnd(100, out failure);
            Assert.AreEqual(RecordStatus.Ok, rig.Pipeline.Abort(true));

            rig.Reboot();
            Assert.AreEqual(RecordState.Idle, rig.Record.State);
            rig.Pipeline.Start(rig.Job(null));
            Assert.AreEqual(0, rig.Pipeline.ResumedFrom);
        }
    }
}
