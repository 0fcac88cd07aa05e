// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections;
using System.Threading;
using OtaFirmware.Agent;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Tests.Fakes;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Agent
{
    /// <summary>Whole updates on a simulated ESP32: command, stream, verify, activate, reboot, settle, report.</summary>
    [TestClass]
    public class OtaAgentTests
    {
        private const int ImageSize = 100 * 1024 + 48;
        private const int HangGuardMilliseconds = 20000;

        [TestMethod]
        public void OtaAgent_UpdateCommand_NewImageConfirmedAndDoneReported()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Agent.Pump();
            Assert.IsTrue(board.Channel.Count("version 1.0.0") >= 1);
            board.SendUpdate();
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.AreEqual((int)ImageState.Valid, (int)board.Esp.OpenSlot(board.Esp.Boot()).RunningState);
            Assert.IsTrue(board.RunningImageIsOffered());
            Assert.AreEqual(1, board.Resets);
            Assert.AreEqual(1, board.Channel.Count("progress 1 burning 100 1.1.0"));
            Assert.AreEqual(1, board.Channel.Count("progress 1 done 100 1.1.0"));
            Assert.IsTrue(board.Channel.Count("version 1.1.0") >= 1);
            Assert.AreEqual((long)ImageSize, board.Source.BytesServed);
        }

        [TestMethod]
        public void OtaAgent_PowerOnAndAfterAnUpdate_VersionReportedOnceEach()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            for (int i = 0; i < 5; i++)
            {
                board.Agent.Pump();
            }

            Assert.AreEqual(1, board.Channel.Count("version 1.0.0"), "one version report after the power-on");
            board.SendUpdate();
            board.RunUntilSettled(10000);
            for (int i = 0; i < 5; i++)
            {
                board.Agent.Pump();
            }

            Assert.AreEqual(1, board.Channel.Count("version 1.1.0"), "one version report after the reboot into the new image");
        }

        [TestMethod]
        public void OtaAgent_ConnectedBeforeSubscriptionsAcknowledged_OutcomeAndVersionReportedOnce()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.SendUpdate();
            board.AnnounceLater = true; // after the reboot: CONNACK received, SUBACK not yet
            board.RunUntilSettled(10000);
            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            for (int i = 0; i < 5; i++)
            {
                board.Agent.Pump();
            }

            Assert.AreEqual(0, board.Channel.Count("version 1.1.0"), "nothing is reported before the transport announces the connection");
            board.Agent.OnConnected();
            for (int i = 0; i < 5; i++)
            {
                board.Agent.Pump();
            }

            Assert.AreEqual(1, board.Channel.Count("version 1.1.0"), "one version report after the power-on into the new image");
        }

        [TestMethod]
        public void OtaAgent_ReportsAcknowledged_RebootsWithoutWaitingTheDelay()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.SendUpdate();
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.IsTrue(board.Clock.UptimeMilliseconds < board.Options.RebootDelayMilliseconds, board.Clock.UptimeMilliseconds.ToString());
        }

        [TestMethod]
        public void OtaAgent_BrokerNeverAcknowledges_RebootsAfterTheDelay()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Channel.UnacknowledgedCount = 1;
            board.SendUpdate();
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.IsTrue(board.Clock.UptimeMilliseconds >= board.Options.RebootDelayMilliseconds, board.Clock.UptimeMilliseconds.ToString());
        }

        [TestMethod]
        public void OtaAgent_ConnectionDrops_ResumesAtTheDropWithoutRedownloading()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Source.DropAtOffset = 50000;
            AssertUpdateCompletes(board);
            int resumedAt = (int)board.Source.RequestedOffsets[board.Source.RequestedOffsets.Count - 1];
            bool found = false;
            for (int i = 0; i < board.Source.RequestedOffsets.Count; i++)
            {
                int offset = (int)board.Source.RequestedOffsets[i];
                if (offset > 0 && offset <= 50000 && offset > 50000 - 4096)
                {
                    found = true;
                }
            }

            Assert.IsTrue(found, "no request resumed just before the drop; last at " + resumedAt.ToString());
            Assert.IsTrue(board.Source.BytesServed <= ImageSize + 4096);
        }

        [TestMethod]
        public void OtaAgent_ServerIgnoresRange_RestartsFromZeroAndImageIsExact()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Source.DropAtOffset = 70000;
            board.SendUpdate();

            // Download up to the drop with a well-behaved server, then the server stops honouring Range.
            Assert.IsTrue(board.PumpUntil(AgentState.Backoff, 200));
            board.Source.IgnoreRange = true;
            long servedBeforeResume = board.Source.BytesServed;
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.IsTrue(board.RunningImageIsOffered());
            Assert.AreEqual(servedBeforeResume + ImageSize, board.Source.BytesServed, "restarted from byte 0: the whole image was fetched once more");
        }

        [TestMethod]
        public void OtaAgent_RestartFromZero_ProgressReportsTheRealPosition()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.Options.ProgressIntervalMilliseconds = 0;
            board.PowerOnAndBoot();
            board.Source.DropAtOffset = 60000;
            board.SendUpdate();
            Assert.IsTrue(board.PumpUntil(AgentState.Backoff, 200));
            board.Source.IgnoreRange = true; // the resume gets the whole file: the image restarts from byte 0
            board.RunUntilSettled(10000);

            ArrayList percents = new ArrayList();
            for (int i = 0; i < board.Channel.Published.Count; i++)
            {
                string[] words = ((string)board.Channel.Published[i]).Split(new char[] { ' ' });
                if (words.Length > 3 && words[2] == "downloading")
                {
                    percents.Add(int.Parse(words[3]));
                }
            }

            bool wentBack = false;
            for (int i = 1; i < percents.Count; i++)
            {
                if ((int)percents[i] < (int)percents[i - 1])
                {
                    Assert.IsTrue((int)percents[i] < 50, "the report after the restart shows the new, lower position: " + percents[i].ToString());
                    wentBack = true;
                }
            }

            Assert.IsTrue(wentBack, "after the restart from byte 0 a lower percentage must be reported");
            Assert.AreEqual("1.1.0", board.LastBoot.Version);
        }

        [TestMethod]
        public void OtaAgent_WrongContentRange_NeverWritesMisalignedAndCompletes()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.Options.RequestWindow = 16 * 1024;
            board.PowerOnAndBoot();
            board.Source.WrongContentRange = true;
            AssertUpdateCompletes(board);
            Assert.AreEqual(0, board.Channel.Count("fail"), "no step failed: no write was refused as misaligned");
            for (int i = 0; i < board.Source.RequestedOffsets.Count; i++)
            {
                Assert.AreEqual(0, (int)board.Source.RequestedOffsets[i], "after the wrong Content-Range only plain requests from byte 0");
            }
        }

        [TestMethod]
        public void OtaAgent_DigestMismatch_RetriedThenRefusedAndOldVersionStillRuns()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            byte[] wrong = (byte[])board.Md5Digest.Clone();
            wrong[0] ^= 0xFF;
            board.SendUpdate("1.1.0", ImageSize, wrong, "https://cloud.local/fw.bin", "job-2");
            board.RunUntilSettled(20000);

            Assert.AreEqual(1, board.Channel.Count(" 1.1.0 " + ((int)UpdateError.DigestMismatch).ToString() + " "));
            Assert.AreEqual(0, board.Channel.Count("burning"));
            Assert.AreEqual(0, board.Resets);
            Assert.AreEqual((long)ImageSize * (board.Options.MaxVerificationRetries + 1), board.Source.BytesServed);
            Assert.AreEqual("1.0.0", board.Esp.Boot().Version);
        }

        [TestMethod]
        public void OtaAgent_ImageLargerThanSlot_RefusedBeforeAnyFlashWrite()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            int writesBefore = board.Esp.Flash.WriteCount;
            int erasesBefore = board.Esp.Flash.EraseCount;
            board.SendUpdate("1.1.0", 8 * 1024 * 1024, board.Md5Digest, "https://cloud.local/fw.bin", "job-3");
            board.RunUntilSettled(100);

            Assert.AreEqual(1, board.Channel.Count("fail 0 1.1.0 " + ((int)UpdateError.TooLarge).ToString()));
            Assert.AreEqual(writesBefore, board.Esp.Flash.WriteCount);
            Assert.AreEqual(erasesBefore, board.Esp.Flash.EraseCount);
            Assert.AreEqual(0L, board.Source.BytesServed);
        }

        [TestMethod]
        public void OtaAgent_ImageForAnotherChipOrVersion_RefusedBeforeAnyFlashWrite()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            int writesBefore = board.Esp.Flash.WriteCount;

            board.SendUpdate("1.2.0", ImageSize, board.Md5Digest, "https://cloud.local/fw.bin", "job-4");
            board.RunUntilSettled(100);
            Assert.AreEqual(1, board.Channel.Count("fail 0 1.2.0 " + ((int)UpdateError.VersionMismatch).ToString()));

            board.Options.ChipId = 9;
            board.PowerOnAndBoot();
            board.SendUpdate();
            board.RunUntilSettled(100);
            Assert.AreEqual(1, board.Channel.Count("fail 0 1.1.0 " + ((int)UpdateError.WrongImage).ToString()));
            Assert.AreEqual(writesBefore, board.Esp.Flash.WriteCount);
        }

        [TestMethod]
        public void OtaAgent_HealthCheckFails_RolledBackAndFailureReportedWithOldVersion()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Health.Healthy = false;
            board.SendUpdate();
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.0.0", board.LastBoot.Version);
            Assert.AreEqual(2, board.Resets);
            Assert.AreEqual(1, board.Channel.Count("fail 100 1.1.0 " + ((int)UpdateError.HealthCheckFailed).ToString()));
            Assert.AreEqual(0, board.Channel.Count("done"));
            Assert.IsTrue(board.Channel.Count("version 1.0.0") >= 2);
        }

        [TestMethod]
        public void OtaAgent_PowerCutDuringTrialBoot_TriedOnceMoreWithoutDownloadingAndDone()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Health.CutPowerOf = board.Esp.Flash;
            board.Health.CutsLeft = 1;
            board.SendUpdate();
            AssertPowerCut(board, false);

            // Power on: the bootloader rolled back; the settler re-verifies the slot and activates it once more.
            board.PowerOnAndBoot();
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.IsTrue(board.RunningImageIsOffered());
            Assert.AreEqual((int)ImageState.Valid, (int)board.Esp.OpenSlot(board.Esp.Boot()).RunningState);
            Assert.AreEqual((long)ImageSize, board.Source.BytesServed, "no byte downloaded again");
            Assert.AreEqual(2, board.Health.Calls, "the cut trial, then the retried one");
            Assert.AreEqual(1, board.Channel.Count("done 100 1.1.0"));
            Assert.AreEqual(0, board.Channel.Count("fail"));
        }

        [TestMethod]
        public void OtaAgent_TrialBootInterruptedTwice_FinalBootAbortedNotHealthCheckFailed()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Health.CutPowerOf = board.Esp.Flash;
            board.Health.CutsLeft = 2;
            board.SendUpdate();
            AssertPowerCut(board, false);
            AssertPowerCut(board, true); // the retried trial boot is cut as well

            board.PowerOnAndBoot();
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.0.0", board.LastBoot.Version);
            Assert.AreEqual(1, board.Channel.Count("fail 100 1.1.0 " + ((int)UpdateError.BootAborted).ToString() + " "));
            Assert.AreEqual(1, board.Channel.Count("second trial boot interrupted"));
            Assert.AreEqual(0, board.Channel.Count(" " + ((int)UpdateError.HealthCheckFailed).ToString() + " "));
            Assert.AreEqual((long)ImageSize, board.Source.BytesServed);
        }

        [TestMethod]
        public void OtaAgent_PowerCutAfterBurningBeforeBootSwitch_FinishesWithoutDownloadingOrFalseRollback()
        {
            // Operations of the last pump (last chunk, its commit, the activation and its record), from a reference run.
            TestBoard reference = TestBoard.Create(ImageSize, "1.1.0");
            reference.PowerOnAndBoot();
            reference.SendUpdate();
            RunToLastChunk(reference);
            int before = reference.Esp.Flash.OperationCount;
            reference.Agent.Pump();
            int lastPump = reference.Esp.Flash.OperationCount - before;

            // The latest cut of that pump that still leaves the old boot selection with every byte committed.
            for (int cut = lastPump; cut > 0; cut--)
            {
                TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
                board.PowerOnAndBoot();
                board.SendUpdate();
                RunToLastChunk(board);
                board.Esp.Flash.SetPowerCutPlan(PowerCutPlan.BeforeOperation(cut));
                try
                {
                    board.Agent.Pump();
                    continue;
                }
                catch (PowerLossException)
                {
                }

                board.PowerOnAndBoot();
                if (board.LastBoot.Version != "1.0.0" || board.Record.CommittedOffset != ImageSize || board.Channel.Count("burning") != 1)
                {
                    continue;
                }

                board.RunUntilSettled(10000);

                Assert.AreEqual("1.1.0", board.LastBoot.Version, "finished without a new command");
                Assert.IsTrue(board.RunningImageIsOffered());
                Assert.AreEqual((long)ImageSize, board.Source.BytesServed, "nothing downloaded again");
                Assert.AreEqual(1, board.Channel.Count("done 100 1.1.0"));
                Assert.AreEqual(0, board.Channel.Count("fail"));
                return;
            }

            Assert.AreEqual(0, lastPump, "no cut between the burning report and the boot switch");
        }

        [TestMethod]
        public void OtaAgent_SlotOverwrittenBeforeResume_ReadBackCatchesItAndDownloadsAgainFromScratch()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.SendUpdate();
            RunToLastChunk(board);
            board.Esp.Flash.SetPowerCutPlan(PowerCutPlan.BeforeOperation(1));
            try
            {
                board.Agent.Pump();
            }
            catch (PowerLossException)
            {
            }

            // 4 KiB of the committed part no longer holds what was hashed.
            board.PowerOnAndBoot();
            IFirmwareSlot slot = board.Esp.OpenSlot(board.LastBoot);
            byte[] junk = new byte[4096];
            for (int i = 0; i < junk.Length; i++)
            {
                junk[i] = (byte)(i * 7);
            }

            Assert.IsTrue(slot.EraseBlock(8192).IsOk);
            Assert.IsTrue(slot.Write(8192, junk, 0, junk.Length).IsOk);
            board.SendUpdate();
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.IsTrue(board.RunningImageIsOffered());
            Assert.IsTrue(board.Source.BytesServed > 2L * ImageSize - 4096 && board.Source.BytesServed <= 2L * ImageSize + 8192, board.Source.BytesServed.ToString());
            Assert.AreEqual(1, board.Channel.Count("burning"), "caught before the activation, not by it");
            Assert.AreEqual(1, board.Channel.Count("done 100 1.1.0"));
        }

        [TestMethod]
        public void OtaAgent_ImageRefusedByThePlatformCheck_VerificationFailureRetriedOnceThenReported()
        {
            TestBoard board = TestBoard.CreateInvalid(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.SendUpdate();
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.0.0", board.LastBoot.Version);
            Assert.AreEqual(2L * ImageSize, board.Source.BytesServed, "downloaded again once from scratch");
            Assert.AreEqual(1, board.Channel.Count("fail 100 1.1.0 " + ((int)UpdateError.DigestMismatch).ToString() + " "));
            Assert.AreEqual(0, board.Channel.Count(" " + ((int)UpdateError.ActivationFailed).ToString() + " "));
        }

        [TestMethod]
        public void OtaAgent_RunningVersionPushedAgain_DoneAndTheVersionReported()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Agent.Pump();
            int versionsBefore = board.Channel.Count("version 1.0.0");
            board.SendUpdate("1.0.0", ImageSize, board.Md5Digest, "https://cloud.local/same.bin", "job-2");
            board.Agent.Pump();

            Assert.AreEqual(1, board.Channel.Count("done 100 1.0.0"));
            Assert.AreEqual(versionsBefore + 1, board.Channel.Count("version 1.0.0"));
            Assert.AreEqual(0L, board.Source.BytesServed);
        }

        [TestMethod]
        public void OtaAgent_UrlExpired_AsksForFreshUrlAndResumesWithIt()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Source.DropAtOffset = 40000;
            board.SendUpdate();
            Assert.IsTrue(board.PumpUntil(AgentState.Backoff, 200));

            int offsetBefore = board.Agent.Pipeline.Offset;
            board.Source.FailOpensWithStatus = 403;
            board.Source.FailOpensCount = 1;
            board.Clock.Sleep(120000);
            board.Agent.Pump();
            board.Agent.Pump();
            Assert.AreEqual((int)AgentState.AwaitingUrl, (int)board.Agent.State);
            Assert.AreEqual(1, board.Channel.Count("request 1.0.0"));
            Assert.AreEqual(1, board.Channel.Count("fail " + (offsetBefore * 100 / ImageSize).ToString() + " 1.1.0 " + ((int)UpdateError.Forbidden).ToString()));

            board.SendUpdate(board.Version, ImageSize, board.Md5Digest, "https://cloud.local/fw.bin?sig=fresh", "job-1");
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.IsTrue(board.RunningImageIsOffered());
            Assert.AreEqual("https://cloud.local/fw.bin?sig=fresh", board.Source.LastUrl);
            Assert.IsTrue(board.Source.BytesServed <= ImageSize + 4096);
        }

        [TestMethod]
        public void OtaAgent_SameJobAgainDuringDownload_CarriesOn()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.SendUpdate();
            for (int i = 0; i < 10; i++)
            {
                board.Agent.Pump();
            }

            board.SendUpdate(board.Version, ImageSize, board.Md5Digest, "https://mirror.local/fw.bin", "job-1");
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.AreEqual((long)ImageSize, board.Source.BytesServed);
            Assert.AreEqual(0, board.Channel.Count(" fail "));
        }

        [TestMethod]
        public void OtaAgent_DifferentJobDuringDownload_AbortsOldAndStartsNew()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            byte[] other = new byte[16];
            board.SendUpdate("1.1.0", ImageSize, other, "https://cloud.local/old.bin", "job-0");
            board.Agent.Pump();
            Assert.AreEqual((int)AgentState.Downloading, (int)board.Agent.State);

            board.SendUpdate();
            board.RunUntilSettled(10000);

            Assert.AreEqual(1, board.Channel.Count(" 1.1.0 " + ((int)UpdateError.Cancelled).ToString() + " superseded"));
            Assert.AreEqual(1, board.Channel.Count("done 100 1.1.0"));
            Assert.AreEqual("1.1.0", board.LastBoot.Version);
        }

        [TestMethod]
        public void OtaAgent_ServerTrickles_NewerCommandStartsWithinASecond()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Source.Clock = board.Clock;
            board.Source.MaxBytesPerRead = 1;
            board.Source.MillisecondsPerRead = 500; // each read within its bound, one byte each
            byte[] other = new byte[16];
            board.SendUpdate("1.1.0", ImageSize, other, "https://cloud.local/old.bin", "job-0");
            board.Agent.Pump();
            board.Agent.Pump();
            Assert.AreEqual((int)AgentState.Downloading, (int)board.Agent.State);

            board.SendUpdate("1.2.0", ImageSize, board.Md5Digest, "https://cloud.local/new.bin", "job-1");
            long sent = board.Clock.UptimeMilliseconds;
            board.Agent.Pump();

            Assert.AreEqual("1.2.0", board.Agent.CurrentJob.Version);
            Assert.IsTrue(board.Clock.UptimeMilliseconds - sent <= 1000, (board.Clock.UptimeMilliseconds - sent).ToString() + " ms");
            Assert.AreEqual(1, board.Channel.Count(" 1.1.0 " + ((int)UpdateError.Cancelled).ToString() + " superseded"));
        }

        [TestMethod]
        public void OtaAgent_ServerNeverAnswers_NewerCommandTakesEffectWhileTheRequestHangs()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            BlockingFirmwareSource hanging = new BlockingFirmwareSource(board.Image); // accepts, never answers
            BoundedFirmwareSource bounded = new BoundedFirmwareSource(hanging, board.Options.ChunkSize, 10);
            board.PipelineSource = bounded;
            board.PowerOnAndBoot();
            byte[] other = new byte[16];
            board.SendUpdate("1.1.0", ImageSize, other, "https://cloud.local/old.bin", "job-0");
            board.Agent.Pump();
            Assert.IsTrue(hanging.WaitEntered(HangGuardMilliseconds));
            board.Agent.Pump();
            board.Agent.Pump();
            Assert.AreEqual((int)AgentState.Downloading, (int)board.Agent.State);

            board.SendUpdate();
            board.Agent.Pump();

            Assert.AreEqual(0, hanging.CallsReturned, "the newer command took effect while the first request still hung");
            Assert.AreEqual("job-1", board.Agent.CurrentJob.CorrelationId);
            Assert.AreEqual(1, board.Channel.Count(" 1.1.0 " + ((int)UpdateError.Cancelled).ToString() + " superseded"));
            Assert.IsTrue(hanging.Closes >= 1, "the hanging request was closed");

            hanging.Release(); // the server answers at last: the newer job downloads, activates and boots
            board.RunUntilSettled(10000);
            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.IsTrue(board.RunningImageIsOffered());
            Assert.AreEqual(1, board.Channel.Count("done 100 1.1.0"));
            bounded.Dispose();
            Assert.IsFalse(hanging.GuardExpired, "the agent waited for the hanging server");
        }

        [TestMethod]
        public void OtaAgent_ServerNeverAnswers_StopEndsTheRunLoop()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            BlockingFirmwareSource hanging = new BlockingFirmwareSource(board.Image);
            BoundedFirmwareSource bounded = new BoundedFirmwareSource(hanging, board.Options.ChunkSize, 10);
            board.PipelineSource = bounded;
            board.PowerOnAndBoot();
            board.SendUpdate();
            Thread loop = new Thread(board.Agent.Run);
            loop.Start();
            Assert.IsTrue(hanging.WaitEntered(HangGuardMilliseconds), "the download started on the agent's thread");

            board.Agent.Stop();
            Assert.IsTrue(loop.Join(HangGuardMilliseconds), "the run loop ended while the request hung");
            Assert.AreEqual(0, hanging.CallsReturned);
            hanging.Release();
            bounded.Dispose();
            Assert.IsFalse(hanging.GuardExpired);
        }

        [TestMethod]
        public void OtaAgent_ServerTrickles_AttemptFailsAsNetworkFailureAndBacksOff()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.Options.StallMilliseconds = 0;
            board.Options.MinimumBytesPerSecond = 100;
            board.Options.RateWindowMilliseconds = 10000;
            board.PowerOnAndBoot();
            board.Source.Clock = board.Clock;
            board.Source.MaxBytesPerRead = 1;
            board.Source.MillisecondsPerRead = 100; // 10 bytes/s
            board.SendUpdate();
            Assert.IsTrue(board.PumpUntil(AgentState.Backoff, 1000));

            Assert.IsTrue(board.Log.Contains("minimum 100 bytes/s"), "the reason names the rate");
            Assert.IsTrue(board.Source.BytesServed <= 101, board.Source.BytesServed.ToString());
            board.Source.MaxBytesPerRead = 0;
            board.Source.MillisecondsPerRead = 0;
            board.RunUntilSettled(10000);
            Assert.AreEqual("1.1.0", board.LastBoot.Version);
        }

        [TestMethod]
        public void OtaAgent_MalformedCommandDuringDownload_LoggedAndDownloadUndisturbed()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.SendUpdate();
            board.Agent.Pump();
            board.Agent.Enqueue("update", new byte[] { 0xFF, 0x00, 0x7C });
            board.Agent.Enqueue("update", new byte[0]);
            board.Agent.Enqueue("somewhere/else", new byte[] { 1, 2, 3 });
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.AreEqual((long)ImageSize, board.Source.BytesServed);
        }

        [TestMethod]
        public void OtaAgent_ServerUnreachable_BacksOffThenGivesUpAndKeepsResumePoint()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Source.DropAtOffset = 30000;
            board.SendUpdate();
            Assert.IsTrue(board.PumpUntil(AgentState.Backoff, 200));

            board.Source.Unreachable = true;
            board.RunUntilSettled(10000);
            Assert.AreEqual(1, board.Channel.Count(((int)UpdateError.RetriesExhausted).ToString() + " "));
            Assert.AreEqual("1.0.0", board.LastBoot.Version);

            // The same job later resumes from the journaled block, not from zero.
            board.Source.Unreachable = false;
            long servedBefore = board.Source.BytesServed;
            board.SendUpdate();
            board.RunUntilSettled(10000);
            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.IsTrue(board.Source.BytesServed - servedBefore <= ImageSize - 24576);
        }

        [TestMethod]
        public void OtaAgent_TwoDevicesBootedTogether_RetryAtDifferentTimes()
        {
            string first = FirstRetryLine("device-a");
            string second = FirstRetryLine("device-b");
            Assert.IsNotNull(first);
            Assert.IsNotNull(second);
            Assert.IsFalse(first == second, "the same jitter on two devices: " + first);
        }

        private static string FirstRetryLine(string device)
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.Dialect.Device = device;
            board.PowerOnAndBoot();
            board.Source.Unreachable = true;
            board.SendUpdate();
            board.PumpUntil(AgentState.Backoff, 10);
            for (int i = 0; i < board.Log.Lines.Count; i++)
            {
                string line = (string)board.Log.Lines[i];
                if (line.IndexOf("retry 1 in") >= 0)
                {
                    return line;
                }
            }

            return null;
        }

        [TestMethod]
        public void OtaAgent_ShortUnalignedRanges_RestartsOnPlainRequestAndCompletes()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.Source.ShortUnalignedRanges = true;
            AssertUpdateCompletes(board);
            Assert.AreEqual(0, board.Channel.Count("fail"), "no step failed: the unaligned range end was never written");
            int plain = 0;
            for (int i = 1; i < board.Source.RequestedOffsets.Count; i++)
            {
                if ((int)board.Source.RequestedOffsets[i] == 0)
                {
                    plain++;
                }
            }

            Assert.IsTrue(plain >= 1, "restarted on a plain request from byte 0");
        }

        [TestMethod]
        public void OtaAgent_OtherImageCutBeforeItsFirstCommit_EarlierJobDoesNotResumeOverItsBytes()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.Options.MaxNetworkRetries = 1;
            board.Options.ChunkSize = 1024; // four writes per block: the cut below lands inside block 0, before any record
            board.PowerOnAndBoot();

            // Job A stops at ~30 KB and gives up; its resume record stays.
            board.Source.DropAtOffset = 30000;
            board.SendUpdate();
            Assert.IsTrue(board.PumpUntil(AgentState.Backoff, 200));
            board.Source.Unreachable = true;
            board.RunUntilSettled(1000);

            // Job B (another image) starts; the power goes after it rewrote block 0, before its first record.
            byte[] other = OtaFirmware.SimulatedHardware.Esp32ImageBuilder.Build("1.2.0", "OtaFirmware", 0, ImageSize, 7);
            board.Source.Unreachable = false;
            board.Source.Replace(other);
            board.SendUpdate("1.2.0", ImageSize, Md5Of(other), "https://cloud.local/b.bin", "job-b");
            board.Esp.Flash.SetPowerCutPlan(OtaFirmware.SimulatedHardware.PowerCutPlan.BeforeOperation(4));
            bool cut = false;
            try
            {
                board.RunUntilSettled(1000);
            }
            catch (OtaFirmware.SimulatedHardware.PowerLossException)
            {
                cut = true;
            }

            Assert.IsTrue(cut);

            // Job A again: it must start over, not "resume" over block 0.
            board.Source.Replace(board.Image);
            board.PowerOnAndBoot();
            board.SendUpdate();
            board.RunUntilSettled(10000);
            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.IsTrue(board.RunningImageIsOffered());
        }

        [TestMethod]
        public void OtaAgent_OutcomeNotYetReportedWhenANewJobStarts_OldOutcomeIsReported()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.SendUpdate();
            Assert.IsTrue(board.PumpUntil(AgentState.Rebooting, 200));
            board.Channel.IsConnected = false; // the broker is away across the reboot
            board.RunUntilSettled(10000);
            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.AreEqual(0, board.Channel.Count("done"));

            // A new job is already running (and committing) when the broker comes back.
            byte[] next = OtaFirmware.SimulatedHardware.Esp32ImageBuilder.Build("1.2.0", "OtaFirmware", 0, ImageSize, 9);
            board.Source.Replace(next);
            board.SendUpdate("1.2.0", ImageSize, Md5Of(next), "https://cloud.local/c.bin", "job-c");
            for (int i = 0; i < 5; i++)
            {
                board.Agent.Pump();
            }

            board.Channel.IsConnected = true;
            board.Agent.OnConnected();
            board.Agent.Pump();
            Assert.AreEqual(1, board.Channel.Count("done 100 1.1.0"));
            Assert.AreEqual(0, board.Channel.Count("done 100 1.2.0"));
        }

        /// <summary>The cloud orders the offered image; the board must end up running exactly that image.</summary>
        private static void AssertUpdateCompletes(TestBoard board)
        {
            board.SendUpdate();
            board.RunUntilSettled(10000);

            Assert.AreEqual("1.1.0", board.LastBoot.Version);
            Assert.IsTrue(board.RunningImageIsOffered());
        }

        private static byte[] Md5Of(byte[] data)
        {
            OtaFirmware.Integrity.Md5 md5 = new OtaFirmware.Integrity.Md5();
            md5.Append(data, 0, data.Length);
            byte[] digest = new byte[16];
            md5.Finish(digest, 0);
            return digest;
        }

        [TestMethod]
        public void OtaAgent_ProgressGovernor_ReportsOnStepAndIntervalWhicheverLater()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.Options.ProgressStepPercent = 10;
            board.Options.ProgressIntervalMilliseconds = 0;
            board.PowerOnAndBoot();
            board.SendUpdate();
            board.RunUntilSettled(10000);
            int everyTenPercent = board.Channel.Count("downloading");
            // 0 % when starting, then 12, 24, 35, 47, 59, 71, 83, 95 (4 KiB chunks of a 100 KiB image).
            Assert.AreEqual(9, everyTenPercent);

            TestBoard slow = TestBoard.Create(ImageSize, "1.1.0");
            slow.Options.ProgressStepPercent = 1;
            slow.Options.ProgressIntervalMilliseconds = 1000;
            slow.MillisecondsPerPump = 100; // 26 chunks: 2.6 s in all
            slow.PowerOnAndBoot();
            slow.SendUpdate();
            slow.RunUntilSettled(10000);
            int timeLimited = slow.Channel.Count("downloading");
            Assert.IsTrue(timeLimited >= 2 && timeLimited <= 4, timeLimited.ToString());
        }

        [TestMethod]
        public void OtaAgent_BrokerDownDuringUpdate_FinalStatesDeliveredAfterReconnect()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            board.SendUpdate();
            board.Agent.Pump();
            board.Channel.IsConnected = false;
            byte[] wrong = new byte[16];
            board.SendUpdate("1.2.0", ImageSize, wrong, "https://cloud.local/x.bin", "job-9");
            board.RunUntilSettled(100);
            Assert.AreEqual(0, board.Channel.Count(" fail "));

            board.Channel.IsConnected = true;
            board.Agent.OnConnected();
            board.Agent.Pump();
            Assert.AreEqual(1, board.Channel.Count(" 1.1.0 " + ((int)UpdateError.Cancelled).ToString() + " "));
            Assert.AreEqual(1, board.Channel.Count("fail 0 1.2.0 " + ((int)UpdateError.VersionMismatch).ToString()));
        }

        /// <summary>Pumps until the next step downloads the last chunk.</summary>
        private static void RunToLastChunk(TestBoard board)
        {
            for (int i = 0; i < 10000 && board.Agent.Pipeline.Offset + board.Options.ChunkSize < board.Image.Length; i++)
            {
                board.Agent.Pump();
            }

            Assert.AreEqual((int)AgentState.Downloading, (int)board.Agent.State);
        }

        /// <summary>Powers the board on (when asked) and runs it, rebooting through resets, until the power is cut.</summary>
        private static void AssertPowerCut(TestBoard board, bool powerOn)
        {
            bool cut = false;
            try
            {
                if (powerOn)
                {
                    board.PowerOnAndBoot();
                }

                board.RunUntilSettled(10000);
            }
            catch (OtaFirmware.SimulatedHardware.PowerLossException)
            {
                cut = true;
            }

            Assert.IsTrue(cut, "the power was never cut");
        }
    }
}
