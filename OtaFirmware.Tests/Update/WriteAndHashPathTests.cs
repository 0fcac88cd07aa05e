// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
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
    /// <summary>
    /// The pipeline's two ways of writing a chunk — one combined write-and-hash call of the slot
    /// (<see cref="IHashingFirmwareSlot"/>, the device's NativeOta.WriteAndHash) and the separate write plus one append
    /// per hash — leave the same slot bytes, the same digests and the same journal bytes, resume each other's
    /// journals, and behave alike under a power cut.
    /// </summary>
    [TestClass]
    public class WriteAndHashPathTests
    {
        private const int Block = 4096;
        private const int DigestMd5 = 1;
        private const int DigestSha256 = 2;

        // Not a multiple of the chunk or the erase block: the last chunk and the last block are partial.
        private const int ImageSize = (12 * 1024) + 80;

        [TestMethod]
        [DataRow(DigestMd5)]
        [DataRow(DigestSha256)]
        [DataRow(DigestMd5 | DigestSha256)]
        public void Step_CombinedAndSeparatePaths_SameSlotBytesDigestsAndJournalBytes(int digests)
        {
            PipelineRig combined = Download(true, digests);
            PipelineRig separate = Download(false, digests);

            Assert.IsTrue(combined.SlotHoldsImage(), "combined path: exact image");
            Assert.IsTrue(separate.SlotHoldsImage(), "separate path: exact image");
            AssertSameBytes(JournalBytes(separate), JournalBytes(combined), "journal (records with the hash mid-states)");
        }

        [TestMethod]
        [DataRow(1)]
        [DataRow(0)]
        public void Start_JournalOfOnePathResumedByTheOther_ResumesAtTheCommittedBlockAndImageIsExact(int combinedFirst)
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            rig.CombinedWrite = combinedFirst == 1;
            rig.Reboot();
            rig.Source.DropAtOffset = (2 * Block) + 100;
            Assert.IsTrue(rig.Pipeline.Start(Job(rig, DigestMd5 | DigestSha256)).IsOk);
            UpdateResult failure;
            Assert.AreEqual(StepStatus.Failed, rig.StepToEnd(100, out failure));

            rig.CombinedWrite = combinedFirst != 1;
            rig.Reboot();
            Assert.AreEqual(rig.CombinedWrite, rig.Pipeline.CombinesWriteAndHash);
            Assert.IsTrue(rig.Pipeline.Start(Job(rig, DigestMd5 | DigestSha256)).IsOk);
            Assert.AreEqual(2 * Block, rig.Pipeline.ResumedFrom, "resumes at the block the other path committed");
            Assert.AreEqual(StepStatus.Downloaded, rig.StepToEnd(1000, out failure), "the other path's hash mid-states verify the image");
            Assert.IsTrue(rig.SlotHoldsImage());
        }

        [TestMethod]
        public void Step_PowerCutAtEveryFlashOperation_BothPathsResumeAlikeAndLoseAtMostOneEraseBlock()
        {
            PipelineRig reference = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            int start = reference.Esp.Flash.OperationCount;
            reference.Pipeline.Start(Job(reference, DigestMd5 | DigestSha256));
            UpdateResult failure;
            Assert.AreEqual(StepStatus.Downloaded, reference.StepToEnd(1000, out failure));
            int total = reference.Esp.Flash.OperationCount - start;

            for (int cut = 1; cut <= total; cut++)
            {
                PipelineRig combined = CutAndResume(true, cut);
                PipelineRig separate = CutAndResume(false, cut);
                Assert.AreEqual(separate.Pipeline.ResumedFrom, combined.Pipeline.ResumedFrom, "cut " + cut.ToString() + ": same resume point");
                Assert.AreEqual(separate.Source.BytesServed, combined.Source.BytesServed, "cut " + cut.ToString() + ": same bytes fetched");
                Assert.IsTrue(combined.Source.BytesServed - ImageSize <= Block, "cut " + cut.ToString() + ": re-download " + (combined.Source.BytesServed - ImageSize).ToString() + " bytes");
                AssertSameBytes(JournalBytes(separate), JournalBytes(combined), "cut " + cut.ToString() + ": journal");
            }
        }

        /// <summary>Cuts the power torn inside flash operation <paramref name="cut"/> (counted from the job's start),
        /// powers on, resumes on the same path and downloads to the end.</summary>
        private static PipelineRig CutAndResume(bool combinedWrite, int cut)
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            rig.CombinedWrite = combinedWrite;
            rig.Reboot();
            Assert.AreEqual(combinedWrite, rig.Pipeline.CombinesWriteAndHash);
            Assert.IsTrue(rig.Pipeline.Start(Job(rig, DigestMd5 | DigestSha256)).IsOk);
            rig.Esp.Flash.SetPowerCutPlan(PowerCutPlan.InsideOperationSeeded(cut, cut * 7919));
            bool cutHappened = false;
            UpdateResult failure;
            try
            {
                rig.StepToEnd(1000, out failure);
            }
            catch (PowerLossException)
            {
                cutHappened = true;
            }

            Assert.IsTrue(cutHappened, "operation " + cut.ToString() + " was never reached");
            rig.Esp.Flash.PowerOn();
            rig.Reboot();
            Assert.IsTrue(rig.Pipeline.Start(Job(rig, DigestMd5 | DigestSha256)).IsOk, "cut " + cut.ToString());
            Assert.AreEqual(StepStatus.Downloaded, rig.StepToEnd(1000, out failure), "cut " + cut.ToString());
            Assert.IsTrue(rig.SlotHoldsImage(), "cut " + cut.ToString() + ": exact image");
            return rig;
        }

        private static PipelineRig Download(bool combinedWrite, int digests)
        {
            PipelineRig rig = PipelineRig.Create(ImageSize, "1.1.0", 16 * 1024);
            rig.CombinedWrite = combinedWrite;
            rig.Reboot();
            Assert.AreEqual(combinedWrite, rig.Pipeline.CombinesWriteAndHash);
            Assert.IsTrue(rig.Pipeline.Start(Job(rig, digests)).IsOk);
            UpdateResult failure;
            Assert.AreEqual(StepStatus.Downloaded, rig.StepToEnd(1000, out failure), "both digests of the job match what was hashed");
            return rig;
        }

        private static UpdateJob Job(PipelineRig rig, int digests)
        {
            byte[] md5 = (digests & DigestMd5) != 0 ? rig.Md5Digest : null;
            byte[] sha256 = (digests & DigestSha256) != 0 ? Sha256Of.Bytes(rig.Image) : null;
            return new UpdateJob(rig.Version, rig.Image.Length, md5, sha256, "https://cloud.local/fw.bin", "job-1");
        }

        private static byte[] JournalBytes(PipelineRig rig)
        {
            IFlashRegion region = rig.Esp.ResumeRecordRegion;
            byte[] bytes = new byte[region.Size];
            Assert.IsTrue(region.Read(0, bytes, 0, bytes.Length).IsOk);
            return bytes;
        }

        private static void AssertSameBytes(byte[] expected, byte[] actual, string what)
        {
            Assert.AreEqual(expected.Length, actual.Length, what + ": length");
            for (int i = 0; i < expected.Length; i++)
            {
                if (expected[i] != actual[i])
                {
                    Assert.AreEqual((int)expected[i], (int)actual[i], what + ": differs at byte " + i.ToString());
                }
            }
        }
    }
}
