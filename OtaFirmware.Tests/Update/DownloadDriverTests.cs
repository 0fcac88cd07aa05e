// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Connectivity;
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
    public class DownloadDriverTests
    {
        private const int ImageSize = 32 * 1024;

        [TestMethod]
        public void ActionFor_EveryError_OnePolicy()
        {
            Assert.AreEqual((int)FailureAction.Backoff, (int)DownloadDriver.ActionFor(UpdateError.SourceUnavailable));
            Assert.AreEqual((int)FailureAction.Restart, (int)DownloadDriver.ActionFor(UpdateError.DigestMismatch));
            Assert.AreEqual((int)FailureAction.FreshUrl, (int)DownloadDriver.ActionFor(UpdateError.Forbidden));
            UpdateError[] failing = new UpdateError[]
            {
                UpdateError.NotFound, UpdateError.RangeMismatch, UpdateError.TooLarge, UpdateError.WrongImage,
                UpdateError.VersionMismatch, UpdateError.FlashError, UpdateError.InvalidJob, UpdateError.HttpError,
            };
            for (int i = 0; i < failing.Length; i++)
            {
                Assert.AreEqual((int)FailureAction.Fail, (int)DownloadDriver.ActionFor(failing[i]), "error " + ((int)failing[i]).ToString());
            }
        }

        [TestMethod]
        public void Step_ServerUnreachable_GrowingJitteredDelaysThenRetriesExhausted()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 2);
            Assert.IsTrue(driver.Start(rig.Job(null)).IsOk);
            rig.Source.Unreachable = true;
            int[] steps = new int[] { 1000, 2000, 4000 };
            for (int i = 0; i < steps.Length; i++)
            {
                Assert.AreEqual((int)DownloadVerdict.RetryLater, (int)driver.Step());
                int delay = driver.RetryDelayMilliseconds;
                Assert.IsTrue(delay >= steps[i] / 2 && delay <= steps[i], "retry " + (i + 1).ToString() + " waits " + delay.ToString());
            }

            Assert.AreEqual((int)DownloadVerdict.Failed, (int)driver.Step());
            Assert.AreEqual(UpdateError.RetriesExhausted, driver.Failure.Error);
        }

        [TestMethod]
        public void Step_ProgressAfterANetworkFailure_NetworkBudgetStartsOver()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 1, 0);
            driver.Start(rig.Job(null));
            rig.Source.DropAtOffset = 5000;
            DownloadVerdict verdict = DownloadVerdict.InProgress;
            while (verdict == DownloadVerdict.InProgress)
            {
                verdict = driver.Step();
            }

            Assert.AreEqual((int)DownloadVerdict.RetryLater, (int)verdict);
            Assert.AreEqual(1, driver.NetworkFailures);
            Assert.AreEqual((int)DownloadVerdict.InProgress, (int)driver.Step());
            Assert.AreEqual(0, driver.NetworkFailures, "a chunk that moves resets the budget");
            rig.Source.DropAtOffset = 20000;
            verdict = DownloadVerdict.InProgress;
            while (verdict == DownloadVerdict.InProgress)
            {
                verdict = driver.Step();
            }

            Assert.AreEqual((int)DownloadVerdict.RetryLater, (int)verdict, "one retry allowed again");
            while (verdict != DownloadVerdict.Downloaded && verdict != DownloadVerdict.Failed)
            {
                verdict = driver.Step();
            }

            Assert.AreEqual((int)DownloadVerdict.Downloaded, (int)verdict);
            Assert.IsTrue(rig.SlotHoldsImage());
        }

        [TestMethod]
        public void Step_DigestMismatch_RestartsFromZeroWithinBudgetThenFails()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 1);
            byte[] wrong = (byte[])rig.Md5Digest.Clone();
            wrong[0] ^= 0xFF;
            driver.Start(rig.Job(wrong));
            Assert.AreEqual((int)DownloadVerdict.RetryLater, (int)RunUntilNotInProgress(driver));
            Assert.AreEqual(UpdateError.DigestMismatch, driver.Failure.Error);
            Assert.AreEqual(1, driver.VerificationFailures);
            Assert.AreEqual(0, rig.Pipeline.Offset, "the next attempt starts from byte 0");
            long servedOnce = rig.Source.BytesServed;

            Assert.AreEqual((int)DownloadVerdict.Failed, (int)RunUntilNotInProgress(driver));
            Assert.AreEqual(UpdateError.DigestMismatch, driver.Failure.Error);
            Assert.AreEqual(2 * servedOnce, rig.Source.BytesServed, "downloaded exactly once more");
        }

        [TestMethod]
        public void Step_ServerStallsBetweenBytes_NetworkFailureThenResumes()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            FakeClock clock = new FakeClock();
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 1, clock, 3000, 0, 0);
            driver.Start(rig.Job(null));
            Assert.AreEqual((int)DownloadVerdict.InProgress, (int)driver.Step());
            rig.Source.Clock = clock;
            rig.Source.MaxBytesPerRead = 1;
            rig.Source.MillisecondsPerRead = 5000;

            Assert.AreEqual((int)DownloadVerdict.RetryLater, (int)driver.Step());
            Assert.AreEqual(UpdateError.SourceUnavailable, driver.Failure.Error);
            Assert.AreEqual(1, driver.NetworkFailures);
            clock.Sleep(driver.RetryDelayMilliseconds);
            rig.Source.MaxBytesPerRead = 0;
            rig.Source.MillisecondsPerRead = 0;
            Assert.AreEqual((int)DownloadVerdict.Downloaded, (int)RunUntilNotInProgress(driver));
            Assert.IsTrue(rig.SlotHoldsImage());
        }

        [TestMethod]
        public void Step_QuietReadsWithinTheStallLimit_KeepsTheConnectionAndCompletes()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            FakeClock clock = new FakeClock();
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 1, clock, 3000, 0, 0);
            driver.Start(rig.Job(null));
            Assert.AreEqual((int)DownloadVerdict.InProgress, (int)driver.Step());
            rig.Source.Clock = clock;
            rig.Source.MillisecondsPerRead = 1000;
            rig.Source.QuietReads = 2; // two silent seconds, under the 3 s stall limit
            int opens = rig.Source.RequestedOffsets.Count;

            Assert.AreEqual((int)DownloadVerdict.InProgress, (int)driver.Step(), "a quiet read is no failure");
            Assert.AreEqual((int)DownloadVerdict.InProgress, (int)driver.Step());
            rig.Source.MillisecondsPerRead = 0;
            Assert.AreEqual((int)DownloadVerdict.Downloaded, (int)RunUntilNotInProgress(driver));
            Assert.AreEqual(0, driver.NetworkFailures);
            Assert.AreEqual(opens, rig.Source.RequestedOffsets.Count, "the same response kept being read");
            Assert.IsTrue(rig.SlotHoldsImage());
        }

        [TestMethod]
        public void Step_QuietReadsPastTheStallLimit_NetworkFailureThenResumes()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            FakeClock clock = new FakeClock();
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 1, clock, 3000, 0, 0);
            driver.Start(rig.Job(null));
            Assert.AreEqual((int)DownloadVerdict.InProgress, (int)driver.Step());
            rig.Source.Clock = clock;
            rig.Source.MillisecondsPerRead = 1000;
            rig.Source.QuietReads = 1000; // a server that never says anything again
            int steps;
            DownloadVerdict verdict = StepUntilDecided(driver, 100, out steps);

            Assert.AreEqual((int)DownloadVerdict.RetryLater, (int)verdict);
            Assert.AreEqual(UpdateError.SourceUnavailable, driver.Failure.Error);
            Assert.IsTrue(steps >= 3 && steps <= 4, "judged by the stall limit, one bounded read per step: " + steps.ToString());
            clock.Sleep(driver.RetryDelayMilliseconds);
            rig.Source.QuietReads = 0;
            rig.Source.MillisecondsPerRead = 0;
            Assert.AreEqual((int)DownloadVerdict.Downloaded, (int)RunUntilNotInProgress(driver));
            Assert.IsTrue(rig.SlotHoldsImage());
        }

        [TestMethod]
        public void Step_OpenAnswersNotYet_StaysInProgressAndCompletes()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            FakeClock clock = new FakeClock();
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 1, clock, 3000, 0, 0);
            driver.Start(rig.Job(null));
            rig.Source.Clock = clock;
            rig.Source.MillisecondsPerRead = 1000;
            rig.Source.QuietOpens = 2; // connect, TLS and headers take two bounds, under the 3 s stall limit

            Assert.AreEqual((int)DownloadVerdict.InProgress, (int)driver.Step(), "an open that is not answered yet is no failure");
            Assert.AreEqual((int)DownloadVerdict.InProgress, (int)driver.Step());
            Assert.AreEqual(0, rig.Source.Closes, "the outstanding request is kept, not closed");
            rig.Source.MillisecondsPerRead = 0;
            Assert.AreEqual((int)DownloadVerdict.Downloaded, (int)RunUntilNotInProgress(driver));
            Assert.AreEqual(0, driver.NetworkFailures);
            Assert.AreEqual(1, rig.Source.RequestedOffsets.Count, "one request, collected by the third open");
            Assert.IsTrue(rig.SlotHoldsImage());
        }

        [TestMethod]
        public void Step_OpenNeverAnswered_StallClosesTheRequestThenResumes()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            FakeClock clock = new FakeClock();
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 1, clock, 3000, 0, 0);
            driver.Start(rig.Job(null));
            rig.Source.Clock = clock;
            rig.Source.MillisecondsPerRead = 1000;
            rig.Source.QuietOpens = 1000; // a server that accepts and never answers
            int steps;
            DownloadVerdict verdict = StepUntilDecided(driver, 100, out steps);

            Assert.AreEqual((int)DownloadVerdict.RetryLater, (int)verdict);
            Assert.AreEqual(UpdateError.SourceUnavailable, driver.Failure.Error);
            Assert.IsTrue(steps >= 3 && steps <= 4, "judged by the stall limit, one bounded open per step: " + steps.ToString());
            Assert.IsTrue(rig.Source.Closes >= 1, "the outstanding request was given up (Close)");
            clock.Sleep(driver.RetryDelayMilliseconds);
            rig.Source.QuietOpens = 0;
            rig.Source.MillisecondsPerRead = 0;
            Assert.AreEqual((int)DownloadVerdict.Downloaded, (int)RunUntilNotInProgress(driver));
            Assert.IsTrue(rig.SlotHoldsImage());
        }

        [TestMethod]
        public void Step_BelowTheMinimumRate_NetworkFailureAfterTheWindow()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            FakeClock clock = new FakeClock();
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 1, clock, 0, 100, 2000);
            driver.Start(rig.Job(null));
            rig.Source.Clock = clock;
            rig.Source.MaxBytesPerRead = 1;
            rig.Source.MillisecondsPerRead = 100;
            int steps = 0;
            DownloadVerdict verdict = DownloadVerdict.InProgress;
            while (verdict == DownloadVerdict.InProgress && steps < 1000)
            {
                verdict = driver.Step();
                steps++;
            }

            Assert.AreEqual((int)DownloadVerdict.RetryLater, (int)verdict);
            Assert.AreEqual(UpdateError.SourceUnavailable, driver.Failure.Error);
            Assert.IsTrue(clock.UptimeMilliseconds >= 2000 && clock.UptimeMilliseconds <= 2200, clock.UptimeMilliseconds.ToString());
        }

        [TestMethod]
        public void Step_UrlRefused_AsksForAFreshUrlThenContinues()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 1);
            driver.Start(rig.Job(null));
            rig.Source.FailOpensWithStatus = 403;
            rig.Source.FailOpensCount = 1;
            Assert.AreEqual((int)DownloadVerdict.NeedFreshUrl, (int)driver.Step());
            Assert.AreEqual(UpdateError.Forbidden, driver.Failure.Error);
            Assert.AreEqual(403, driver.Failure.PlatformCode);
            Assert.AreEqual((int)DownloadVerdict.Downloaded, (int)RunUntilNotInProgress(driver));
        }

        [TestMethod]
        public void Step_NotFound_FailsAtOnceWithItsReason()
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 0);
            DownloadDriver driver = new DownloadDriver(rig.Pipeline, new ReconnectBackoff(1000, 8000, 7), 3, 1);
            driver.Start(rig.Job(null));
            rig.Source.FailOpensWithStatus = 404;
            rig.Source.FailOpensCount = 1;
            Assert.AreEqual((int)DownloadVerdict.Failed, (int)driver.Step());
            Assert.AreEqual(UpdateError.NotFound, driver.Failure.Error);
            Assert.AreEqual(404, driver.Failure.PlatformCode);
        }

        private static DownloadVerdict RunUntilNotInProgress(DownloadDriver driver)
        {
            int steps;
            return StepUntilDecided(driver, 10000, out steps);
        }

        // Steps until the driver decides something (or maxSteps), counting the steps it took.
        private static DownloadVerdict StepUntilDecided(DownloadDriver driver, int maxSteps, out int steps)
        {
            DownloadVerdict verdict = DownloadVerdict.InProgress;
            steps = 0;
            while (verdict == DownloadVerdict.InProgress && steps < maxSteps)
            {
                verdict = driver.Step();
                steps++;
            }

            return verdict;
        }
    }
}
