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
    public class ResumeJournalTests
    {
        private const int Block = 4096;

        [TestMethod]
        public void Load_BlankArea_Empty()
        {
            ResumeJournal journal = new ResumeJournal(NewArea(2));
            Assert.AreEqual((int)JournalStatus.Empty, (int)journal.Load());
            Assert.AreEqual((int)JournalKind.Idle, (int)journal.Kind);
            Assert.AreEqual(0, journal.CommittedOffset);
        }

        [TestMethod]
        public void WriteDownloading_LoadedByFreshJournal_ContinuesTheHash()
        {
            NorFlash flash = NewArea(2);
            byte[] data = Pattern(3 * Block + 100);
            UpdateJob job = Job(data);
            Md5 md5 = new Md5();
            md5.Append(data, 0, 2 * Block);
            ResumeJournal journal = new ResumeJournal(flash);
            journal.Load();
            Assert.AreEqual((int)JournalStatus.Ok, (int)journal.WriteDownloading(job, 2 * Block, md5, null));

            ResumeJournal afterReboot = new ResumeJournal(flash);
            Assert.AreEqual((int)JournalStatus.Ok, (int)afterReboot.Load());
            Assert.AreEqual((int)JournalKind.Downloading, (int)afterReboot.Kind);
            Assert.IsTrue(afterReboot.Matches(job));
            Assert.AreEqual(2 * Block, afterReboot.CommittedOffset);
            Assert.AreEqual("task-7", afterReboot.CorrelationId);
            Md5 resumed = new Md5();
            Assert.IsTrue(afterReboot.RestoreHashes(resumed, null));
            resumed.Append(data, 2 * Block, data.Length - (2 * Block));
            byte[] digest = new byte[16];
            resumed.Finish(digest, 0);
            CollectionAssert.AreEqual(job.Md5, digest);
        }

        [TestMethod]
        public void Matches_OtherImageOrUrlOnly_ComparesIdentityNotUrl()
        {
            NorFlash flash = NewArea(2);
            byte[] data = Pattern(Block);
            UpdateJob job = Job(data);
            ResumeJournal journal = new ResumeJournal(flash);
            journal.Load();
            journal.WriteDownloading(job, Block, new Md5(), null);
            Assert.IsTrue(journal.Matches(new UpdateJob(job.Version, job.Size, job.Md5, null, "https://elsewhere/x?sig=new", null)));
            Assert.IsFalse(journal.Matches(new UpdateJob("9.9.9", job.Size, job.Md5, null, job.Url, null)));
            Assert.IsFalse(journal.Matches(new UpdateJob(job.Version, job.Size + 1, job.Md5, null, job.Url, null)));
            Assert.IsFalse(journal.Matches(new UpdateJob(job.Version, job.Size, new byte[16], null, job.Url, null)));
            Assert.IsFalse(journal.Matches(new UpdateJob(job.Version, job.Size, job.Md5, new byte[32], job.Url, null)));
        }

        [TestMethod]
        public void Write_ManyRecords_RingWrapsNewestWinsAndWearIsOneErasePerBlockOfRecords()
        {
            NorFlash flash = NewArea(2);
            UpdateJob job = Job(Pattern(Block));
            ResumeJournal journal = new ResumeJournal(flash);
            journal.Load();
            for (int i = 1; i <= 100; i++)
            {
                Assert.AreEqual((int)JournalStatus.Ok, (int)journal.WriteDownloading(job, i * Block, new Md5(), null));
            }

            ResumeJournal reloaded = new ResumeJournal(flash);
            reloaded.Load();
            Assert.AreEqual(100 * Block, reloaded.CommittedOffset);
            Assert.AreEqual(100, (int)reloaded.Sequence);

            // 8 records per 4 KiB block: 100 records need 13 block erases in all, not 100.
            Assert.AreEqual(13, flash.BlockEraseCount(0) + flash.BlockEraseCount(1));
        }

        [TestMethod]
        public void Write_PowerCutAtEveryOperation_LoadYieldsPreviousOrNewRecord()
        {
            UpdateJob job = Job(Pattern(Block));
            for (int records = 7; records <= 9; records++)
            {
                for (int cut = 1; cut <= 4; cut++)
                {
                    for (int torn = -1; torn <= 300; torn += 100)
                    {
                        NorFlash flash = NewArea(2);
                        ResumeJournal journal = new ResumeJournal(flash);
                        journal.Load();
                        for (int i = 1; i <= records; i++)
                        {
                            journal.WriteDownloading(job, i * Block, new Md5(), null);
                        }

                        flash.SetPowerCutPlan(torn < 0 ? PowerCutPlan.BeforeOperation(cut) : PowerCutPlan.InsideOperation(cut, torn));
                        bool cutHappened = false;
                        try
                        {
                            journal.WriteDownloading(job, (records + 1) * Block, new Md5(), null);
                        }
                        catch (PowerLossException)
                        {
                            cutHappened = true;
                        }

                        flash.PowerOn();
                        flash.SetPowerCutPlan(null);
                        ResumeJournal afterReboot = new ResumeJournal(flash);
                        Assert.AreEqual((int)JournalStatus.Ok, (int)afterReboot.Load());
                        int committed = afterReboot.CommittedOffset;
                        Assert.IsTrue(committed == records * Block || committed == (records + 1) * Block, "committed " + committed.ToString());
                        if (!cutHappened)
                        {
                            Assert.AreEqual((records + 1) * Block, committed);
                        }

                        // The journal keeps working after the cut.
                        Assert.AreEqual((int)JournalStatus.Ok, (int)afterReboot.WriteDownloading(job, 50 * Block, new Md5(), null));
                        ResumeJournal again = new ResumeJournal(flash);
                        again.Load();
                        Assert.AreEqual(50 * Block, again.CommittedOffset);
                    }
                }
            }
        }

        [TestMethod]
        public void WriteDownloading_SlotsOfABlockItErasedItself_ReadsOnlyToVerifyEachRecord()
        {
            NorFlash flash = NewArea(2);
            UpdateJob job = Job(Pattern(Block));
            ResumeJournal journal = new ResumeJournal(flash);
            journal.Load();
            Assert.AreEqual((int)JournalStatus.Ok, (int)journal.WriteDownloading(job, Block, new Md5(), null));
            int reads = flash.ReadCount;

            // 19 more records: the rest of block 0, all of block 1 and block 0 again (each erased by this journal).
            for (int i = 2; i <= 20; i++)
            {
                Assert.AreEqual((int)JournalStatus.Ok, (int)journal.WriteDownloading(job, i * Block, new Md5(), null));
            }

            Assert.AreEqual(19, flash.ReadCount - reads, "one read-back per record and no blank check of a slot known blank");
            ResumeJournal reloaded = new ResumeJournal(flash);
            reloaded.Load();
            Assert.AreEqual(20 * Block, reloaded.CommittedOffset);
        }

        [TestMethod]
        public void Load_NewestRecordCorrupted_PreviousRecordWins()
        {
            NorFlash flash = NewArea(2);
            UpdateJob job = Job(Pattern(Block));
            ResumeJournal journal = new ResumeJournal(flash);
            journal.Load();
            journal.WriteDownloading(job, Block, new Md5(), null);
            journal.WriteDownloading(job, 2 * Block, new Md5(), null);

            // Clear bits inside the newest record (slot 1): its CRC no longer matches.
            byte[] zero = new byte[4];
            Assert.AreEqual((int)FlashStatus.Ok, (int)flash.Write(ResumeJournal.SlotSize + 16, zero, 0, 4).Status);
            ResumeJournal reloaded = new ResumeJournal(flash);
            reloaded.Load();
            Assert.AreEqual(Block, reloaded.CommittedOffset);

            // The next record skips the damaged slot.
            Assert.AreEqual((int)JournalStatus.Ok, (int)reloaded.WriteDownloading(job, 3 * Block, new Md5(), null));
            ResumeJournal third = new ResumeJournal(flash);
            third.Load();
            Assert.AreEqual(3 * Block, third.CommittedOffset);
        }

        [TestMethod]
        public void WriteOutcome_ThenIdle_KindsAndFieldsRoundTrip()
        {
            NorFlash flash = NewArea(2);
            UpdateJob job = Job(Pattern(Block));
            ResumeJournal journal = new ResumeJournal(flash);
            journal.Load();
            journal.WriteAwaitingConfirm(job, "1.0.0");
            ResumeJournal a = new ResumeJournal(flash);
            a.Load();
            Assert.AreEqual((int)JournalKind.AwaitingConfirm, (int)a.Kind);
            Assert.AreEqual("1.0.0", a.PreviousVersion);
            Assert.AreEqual("1.1.0", a.Version);

            a.WriteOutcome("1.1.0", "task-7", "1.0.0", UpdateError.HealthCheckFailed, "health check failed");
            ResumeJournal b = new ResumeJournal(flash);
            b.Load();
            Assert.AreEqual((int)JournalKind.Outcome, (int)b.Kind);
            Assert.AreEqual((int)UpdateError.HealthCheckFailed, (int)b.OutcomeError);
            Assert.AreEqual("health check failed", b.OutcomeDetail);
            Assert.AreEqual("task-7", b.CorrelationId);

            b.WriteIdle();
            ResumeJournal c = new ResumeJournal(flash);
            c.Load();
            Assert.AreEqual((int)JournalKind.Idle, (int)c.Kind);
            Assert.IsFalse(c.Matches(job));
        }

        [TestMethod]
        public void WriteDownloading_VersionTooLong_TooLongAndNothingWritten()
        {
            NorFlash flash = NewArea(2);
            ResumeJournal journal = new ResumeJournal(flash);
            journal.Load();
            UpdateJob job = new UpdateJob("0123456789012345678901234567890123", 10, new byte[16], null, "u", null);
            Assert.AreEqual((int)JournalStatus.TooLong, (int)journal.WriteDownloading(job, 0, new Md5(), null));
            Assert.AreEqual(0, flash.WriteCount);
        }

        [TestMethod]
        public void Write_AfterAFailedLoad_RefusedSoANewerUnreadRecordIsNotOverwritten()
        {
            NorFlash flash = NewArea(2);
            UnreadableRegion region = new UnreadableRegion(flash);
            UpdateJob job = Job(Pattern(Block));
            ResumeJournal journal = new ResumeJournal(region);
            journal.Load();
            for (int i = 1; i <= 10; i++)
            {
                journal.WriteDownloading(job, i * Block, new Md5(), null); // the newest records sit in block 1
            }

            region.FailReads = true;
            region.FailFrom = Block;
            ResumeJournal partial = new ResumeJournal(region);
            Assert.AreEqual((int)JournalStatus.FlashError, (int)partial.Load());
            Assert.AreEqual((int)JournalStatus.FlashError, (int)partial.WriteDownloading(job, Block, new Md5(), null));

            region.FailReads = false;
            ResumeJournal healthy = new ResumeJournal(region);
            Assert.AreEqual((int)JournalStatus.Ok, (int)healthy.Load());
            Assert.AreEqual(10 * Block, healthy.CommittedOffset);
        }

        internal static NorFlash NewArea(int blocks)
        {
            return new NorFlash(new MemoryFlashMedium(blocks * Block), Block, 4);
        }

        internal static byte[] Pattern(int length)
        {
            byte[] data = new byte[length];
            uint x = 2463534242;
            for (int i = 0; i < length; i++)
            {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                data[i] = (byte)x;
            }

            return data;
        }

        private static UpdateJob Job(byte[] data)
        {
            Md5 md5 = new Md5();
            md5.Append(data, 0, data.Length);
            byte[] digest = new byte[16];
            md5.Finish(digest, 0);
            return new UpdateJob("1.1.0", data.Length, digest, null, "https://cloud/fw.bin?sig=1", "task-7");
        }
    }
}
