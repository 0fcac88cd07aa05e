// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.Tests.Fakes;
using OtaFirmware.Update;
using OtaFirmware.SimulatedHardware;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Update
{
    [TestClass]
    public class UpdateRecordTests
    {
        private const int Block = 4096;
        private const int Size = 2 * Block;

        // from | step | expected status | state after | state after a reboot (what the saved record says)
        // "Saved" is a Downloading record with one block committed; "Begun" a download that committed nothing yet;
        // "Complete" a Downloading record with every byte committed; "Sent" an Outcome whose report went out.
        private static readonly string[] Moves = new string[]
        {
            "Idle|Begin|Ok|Downloading|Idle",
            "Idle|BeginOther|Ok|Downloading|Idle",
            "Idle|BeginStaging|Ok|Staging|Staging",
            "Idle|Commit|Refused|Idle|Idle",
            "Idle|Restart|Refused|Idle|Idle",
            "Idle|Activated|Refused|Idle|Idle",
            "Idle|Settled|Refused|Idle|Idle",
            "Idle|OutcomeSent|Refused|Idle|Idle",
            "Idle|OutcomeAcknowledged|Refused|Idle|Idle",
            "Idle|Abandon|Ok|Idle|Idle",

            "Begun|Begin|Ok|Downloading|Idle",
            "Begun|Commit|Ok|Downloading|Downloading",
            "Begun|CommitOther|Refused|Downloading|Idle",
            "Begun|Restart|Ok|Downloading|Idle",
            "Begun|Activated|Refused|Downloading|Idle",
            "Begun|Settled|Refused|Downloading|Idle",
            "Begun|BeginStaging|Refused|Downloading|Idle",
            "Begun|Abandon|Ok|Idle|Idle",

            "Saved|Begin|Ok|Downloading|Downloading",
            "Saved|BeginOther|Ok|Downloading|Downloading",
            "Saved|BeginStaging|Refused|Downloading|Downloading",
            "Saved|Commit|Ok|Downloading|Downloading",
            "Saved|CommitOther|Refused|Downloading|Downloading",
            "Saved|CommitBeyondSize|Refused|Downloading|Downloading",
            "Saved|Restart|Ok|Downloading|Downloading",
            "Saved|Activated|Refused|Downloading|Downloading",
            "Saved|Settled|Refused|Downloading|Downloading",
            "Saved|OutcomeSent|Refused|Downloading|Downloading",
            "Saved|OutcomeAcknowledged|Refused|Downloading|Downloading",
            "Saved|Abandon|Ok|Idle|Idle",

            "Complete|Activated|Ok|AwaitingConfirm|AwaitingConfirm",
            "Complete|Settled|Ok|Outcome|Outcome",

            "Staging|Begin|Ok|Staging|Staging",
            "Staging|BeginOther|Refused|Staging|Staging",
            "Staging|BeginStaging|Ok|Staging|Staging",
            "Staging|BeginStagingElsewhere|Ok|Staging|Staging",
            "Staging|Commit|Ok|Staging|Staging",
            "Staging|CommitOther|Refused|Staging|Staging",
            "Staging|Restart|Ok|Staging|Staging",
            "Staging|Activated|Refused|Staging|Staging",
            "Staging|Settled|Refused|Staging|Staging",
            "Staging|OutcomeSent|Refused|Staging|Staging",
            "Staging|Abandon|Ok|Idle|Idle",

            "AwaitingConfirm|Begin|Ok|Downloading|AwaitingConfirm",
            "AwaitingConfirm|BeginStaging|Refused|AwaitingConfirm|AwaitingConfirm",
            "AwaitingConfirm|Commit|Refused|AwaitingConfirm|AwaitingConfirm",
            "AwaitingConfirm|Restart|Refused|AwaitingConfirm|AwaitingConfirm",
            "AwaitingConfirm|Activated|Refused|AwaitingConfirm|AwaitingConfirm",
            "AwaitingConfirm|Settled|Ok|Outcome|Outcome",
            "AwaitingConfirm|OutcomeSent|Refused|AwaitingConfirm|AwaitingConfirm",
            "AwaitingConfirm|OutcomeAcknowledged|Refused|AwaitingConfirm|AwaitingConfirm",
            "AwaitingConfirm|Abandon|Refused|AwaitingConfirm|AwaitingConfirm",

            "Outcome|Begin|Ok|Downloading|Outcome",
            "Outcome|BeginStaging|Refused|Outcome|Outcome",
            "Outcome|Commit|Refused|Outcome|Outcome",
            "Outcome|Restart|Refused|Outcome|Outcome",
            "Outcome|Activated|Refused|Outcome|Outcome",
            "Outcome|Settled|Refused|Outcome|Outcome",
            "Outcome|OutcomeSent|Ok|Outcome|Outcome",
            "Outcome|OutcomeAcknowledged|Refused|Outcome|Outcome",
            "Outcome|Abandon|Refused|Outcome|Outcome",

            "Sent|OutcomeSent|Refused|Outcome|Outcome",
            "Sent|OutcomeAcknowledged|Ok|Idle|Idle",
            "Sent|Begin|Ok|Downloading|Outcome",
        };

        [TestMethod]
        public void Step_EveryMoveOfTheTable_StatusStateAndSavedStateAsListed()
        {
            for (int i = 0; i < Moves.Length; i++)
            {
                string[] row = Moves[i].Split(new char[] { '|' });
                NorFlash flash = ResumeJournalTests.NewArea(2);
                UpdateRecord record = Reach(flash, row[0]);
                RecordStatus status = Apply(record, row[1]);
                string name = Moves[i];
                Assert.AreEqual(row[2], StatusName(status), name + ": status");
                Assert.AreEqual(row[3], StateName(record.State), name + ": state");

                UpdateRecord rebooted = new UpdateRecord(new ResumeJournal(flash));
                rebooted.Load();
                Assert.AreEqual(row[4], StateName(rebooted.State), name + ": state after a reboot");
            }
        }

        [TestMethod]
        public void Begin_SameImageSaved_ResumesAtCommittedOffsetAndRestoresHashes()
        {
            NorFlash flash = ResumeJournalTests.NewArea(2);
            UpdateRecord record = Reach(flash, "Saved");
            UpdateRecord rebooted = new UpdateRecord(new ResumeJournal(flash));
            rebooted.Load();

            Assert.AreEqual(RecordStatus.Ok, rebooted.Begin(Job("2.0", 1)));
            Assert.AreEqual(Block, rebooted.CommittedOffset);
            Md5 md5 = new Md5();
            Assert.IsTrue(rebooted.RestoreHashes(md5, null));
            Assert.IsTrue(rebooted.IsAbout(Job("2.0", 1)));
            Assert.IsFalse(rebooted.IsAbout(Job("2.0", 2)), "another digest is another image");
            Assert.AreEqual(RecordState.Downloading, record.State);
        }

        [TestMethod]
        public void BeginOther_AnotherImageSaved_ItsResumePointIsGoneBeforeTheFirstErase()
        {
            NorFlash flash = ResumeJournalTests.NewArea(2);
            UpdateRecord record = Reach(flash, "Saved");
            Assert.AreEqual(RecordStatus.Ok, record.Begin(Job("3.0", 2)));
            Assert.AreEqual(0, record.CommittedOffset);

            UpdateRecord rebooted = new UpdateRecord(new ResumeJournal(flash));
            rebooted.Load();
            Assert.IsFalse(rebooted.IsAbout(Job("2.0", 1)), "the earlier image must not resume over the new one's bytes");
            Assert.AreEqual(0, rebooted.CommittedOffset);
        }

        [TestMethod]
        public void BeginStaging_AfterReboot_AddressAndCommittedOffsetSaved()
        {
            NorFlash flash = ResumeJournalTests.NewArea(2);
            UpdateRecord record = new UpdateRecord(new ResumeJournal(flash));
            record.Load();
            Assert.AreEqual(RecordStatus.Ok, record.BeginStaging(Job("2.0", 1), 12 * Block));
            Assert.AreEqual(RecordStatus.Ok, record.CommitOffset(Job("2.0", 1), Block, new Md5(), new Sha256()));

            UpdateRecord rebooted = new UpdateRecord(new ResumeJournal(flash));
            rebooted.Load();
            Assert.AreEqual(RecordState.Staging, rebooted.State);
            Assert.AreEqual(12 * Block, rebooted.Address);
            Assert.AreEqual(Block, rebooted.CommittedOffset);
            Assert.AreEqual(RecordStatus.Ok, rebooted.BeginStaging(Job("2.0", 1), 12 * Block));
            Assert.AreEqual(Block, rebooted.CommittedOffset, "same image at the same address resumes");
            Assert.AreEqual(RecordStatus.Ok, rebooted.BeginStaging(Job("2.0", 1), 4 * Block));
            Assert.AreEqual(4 * Block, rebooted.Address);
            Assert.AreEqual(0, rebooted.CommittedOffset, "another address starts over");
        }

        [TestMethod]
        public void Settled_Outcome_KeptInRamAfterANewJobBeganUntilAcknowledged()
        {
            NorFlash flash = ResumeJournalTests.NewArea(2);
            UpdateRecord record = Reach(flash, "Outcome");
            Assert.IsTrue(record.HasOutcome);
            Assert.AreEqual("2.0", record.OutcomeJob.Version);
            Assert.AreEqual("job-1", record.OutcomeJob.CorrelationId);
            Assert.AreEqual(UpdateError.HealthCheckFailed, record.OutcomeError);
            Assert.AreEqual("unhealthy", record.OutcomeDetail);

            Assert.AreEqual(RecordStatus.Ok, record.Begin(Job("3.0", 2)));
            Assert.AreEqual(RecordStatus.Ok, record.CommitOffset(Job("3.0", 2), Block, new Md5(), new Sha256()));
            Assert.IsTrue(record.HasOutcome, "the new job's record replaced the Outcome record; the outcome is still reported");
            Assert.AreEqual(RecordStatus.Ok, record.OutcomeSent());
            Assert.AreEqual(RecordStatus.Ok, record.OutcomeAcknowledged());
            Assert.IsFalse(record.HasOutcome);
            Assert.AreEqual(RecordState.Downloading, record.State);
            Assert.AreEqual(Block, record.CommittedOffset, "acknowledging never clears the newer job's record");
        }

        [TestMethod]
        public void OutcomeAcknowledged_NewJobCommittedNothing_OutcomeRecordCleared()
        {
            NorFlash flash = ResumeJournalTests.NewArea(2);
            UpdateRecord record = Reach(flash, "Sent");
            Assert.AreEqual(RecordStatus.Ok, record.Begin(Job("3.0", 2)));
            Assert.AreEqual(RecordStatus.Ok, record.OutcomeAcknowledged());

            UpdateRecord rebooted = new UpdateRecord(new ResumeJournal(flash));
            rebooted.Load();
            Assert.IsFalse(rebooted.HasOutcome, "a reported outcome is not reported again after a restart");
        }

        [TestMethod]
        public void Step_UnreadableJournal_EveryWriteFailsAndStateStays()
        {
            UnreadableRegion region = new UnreadableRegion(ResumeJournalTests.NewArea(2));
            region.FailReads = true;
            region.FailFrom = Block;
            UpdateRecord record = new UpdateRecord(new ResumeJournal(region));
            Assert.AreEqual(JournalStatus.FlashError, record.Load());
            Assert.AreEqual(RecordStatus.FlashError, record.BeginStaging(Job("2.0", 1), 0));
            Assert.AreEqual(RecordState.Idle, record.State);
        }

        [TestMethod]
        public void Begin_VersionTooLong_TooLongAndStateStays()
        {
            NorFlash flash = ResumeJournalTests.NewArea(2);
            UpdateRecord record = Reach(flash, "Saved");
            UpdateJob longVersion = new UpdateJob("1234567890123456789012345678901234567890", Size, Md5Of(3), null, "https://x/y", "j");
            Assert.AreEqual(RecordStatus.TooLong, record.Begin(longVersion));
            Assert.AreEqual(RecordState.Downloading, record.State);
            Assert.IsTrue(record.IsAbout(Job("2.0", 1)), "a refused step changes nothing");
        }

        private static UpdateRecord Reach(NorFlash flash, string state)
        {
            UpdateRecord record = new UpdateRecord(new ResumeJournal(flash));
            record.Load();
            UpdateJob job = Job("2.0", 1);
            if (state == "Idle")
            {
                return record;
            }

            if (state == "Staging")
            {
                Check(record.BeginStaging(job, 8 * Block));
                Check(record.CommitOffset(job, Block, new Md5(), new Sha256()));
                return record;
            }

            Check(record.Begin(job));
            if (state == "Begun")
            {
                return record;
            }

            Check(record.CommitOffset(job, Block, new Md5(), new Sha256()));
            if (state == "Saved")
            {
                return record;
            }

            Check(record.CommitOffset(job, Size, new Md5(), new Sha256()));
            if (state == "Complete")
            {
                return record;
            }

            Check(record.Activated(job, "1.0"));
            if (state == "AwaitingConfirm")
            {
                return record;
            }

            Check(record.Settled("1.0", UpdateError.HealthCheckFailed, "unhealthy"));
            if (state == "Outcome")
            {
                return record;
            }

            Check(record.OutcomeSent());
            return record; // Sent
        }

        private static RecordStatus Apply(UpdateRecord record, string step)
        {
            UpdateJob job = Job("2.0", 1);
            switch (step)
            {
                case "Begin":
                    return record.Begin(job);
                case "BeginOther":
                    return record.Begin(Job("3.0", 2));
                case "BeginStaging":
                    return record.BeginStaging(job, 8 * Block);
                case "BeginStagingElsewhere":
                    return record.BeginStaging(job, 4 * Block);
                case "Commit":
                    return record.CommitOffset(job, Block, new Md5(), new Sha256());
                case "CommitOther":
                    return record.CommitOffset(Job("3.0", 2), Block, new Md5(), new Sha256());
                case "CommitBeyondSize":
                    return record.CommitOffset(job, Size + Block, new Md5(), new Sha256());
                case "Restart":
                    return record.Restart(job);
                case "Activated":
                    return record.Activated(job, "1.0");
                case "Settled":
                    return record.Settled("1.0", UpdateError.Ok, "confirmed");
                case "OutcomeSent":
                    return record.OutcomeSent();
                case "OutcomeAcknowledged":
                    return record.OutcomeAcknowledged();
                default:
                    return record.Abandon();
            }
        }

        private static void Check(RecordStatus status)
        {
            Assert.AreEqual("Ok", StatusName(status), "reaching the starting state");
        }

        private static UpdateJob Job(string version, int seed)
        {
            return new UpdateJob(version, Size, Md5Of(seed), null, "https://cloud.local/fw.bin", "job-1");
        }

        private static byte[] Md5Of(int seed)
        {
            byte[] digest = new byte[16];
            for (int i = 0; i < digest.Length; i++)
            {
                digest[i] = (byte)(seed + i);
            }

            return digest;
        }

        private static string StatusName(RecordStatus status)
        {
            switch (status)
            {
                case RecordStatus.Ok:
                    return "Ok";
                case RecordStatus.Refused:
                    return "Refused";
                case RecordStatus.FlashError:
                    return "FlashError";
                default:
                    return "TooLong";
            }
        }

        private static string StateName(RecordState state)
        {
            switch (state)
            {
                case RecordState.Downloading:
                    return "Downloading";
                case RecordState.AwaitingConfirm:
                    return "AwaitingConfirm";
                case RecordState.Outcome:
                    return "Outcome";
                case RecordState.Staging:
                    return "Staging";
                default:
                    return "Idle";
            }
        }
    }
}
