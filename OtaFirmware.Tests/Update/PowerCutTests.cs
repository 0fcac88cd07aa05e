// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

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
    /// <summary>
    /// A power cut at every flash operation of a complete update — download, journal records, activation (otadata),
    /// the reboot and the confirmation — before the operation and torn inside it. After each cut the board powers on:
    /// it must boot a valid image (old or new, never partial), and the same command must bring the update to the end
    /// with the exact image. A cut during the download costs at most one erase block of re-download.
    /// </summary>
    /// <remarks>
    /// The ESP32's own geometry (4 KiB sectors, erased 0xFF) is swept at every operation; MCUboot's device axis
    /// (sim/tests/core.rs, each_device: 64 KiB erase blocks, erased value 0x00, chunk sizes that do not divide the
    /// block) runs one data row each over a seeded sample of cut points, before and torn alternately, so that the
    /// sweep stays within the test budget.
    /// </remarks>
    [TestClass]
    public class PowerCutTests
    {
        private const int ImageSize = 40 * 1024 + 80;
        private const int Block = 4096;

        [TestMethod]
        public void Update_PowerCutBeforeEveryFlashOperation_BootsValidImageAndCompletes()
        {
            Sweep(false);
        }

        [TestMethod]
        public void Update_TornWriteOrEraseAtEveryFlashOperation_BootsValidImageAndCompletes()
        {
            Sweep(true);
        }

        [TestMethod]
        [DataRow(4096, 0x00, 4096, 40 * 1024 + 80, 24)]
        [DataRow(4096, 0xFF, 1536, 40 * 1024 + 80, 24)]
        [DataRow(65536, 0xFF, 4096, 160 * 1024 + 80, 24)]
        [DataRow(65536, 0x00, 1536, 160 * 1024 + 80, 24)]
        [DataRow(65536, 0xFF, 16384, 160 * 1024 + 80, 24)]
        public void Update_PowerCutOnOtherGeometry_BootsValidImageAndCompletes(int eraseBlock, int erasedValue, int chunkSize, int imageSize, int samples)
        {
            Sweep(false, eraseBlock, (byte)erasedValue, chunkSize, imageSize, samples);
        }

        private static void Sweep(bool torn)
        {
            Sweep(torn, Block, 0xFF, 4096, ImageSize, 0);
        }

        private static TestBoard NewBoard(int eraseBlock, byte erasedValue, int chunkSize, int imageSize)
        {
            return TestBoard.Create(imageSize, "1.1.0", eraseBlock, erasedValue, chunkSize);
        }

        /// <summary>Sweeps cuts over every operation (<paramref name="samples"/> 0), or over a seeded sample of
        /// <paramref name="samples"/> operations, alternating a cut before the operation and a torn one.</summary>
        private static void Sweep(bool torn, int eraseBlock, byte erasedValue, int chunkSize, int imageSize, int samples)
        {
            // A reference run counts the operations and where the download phase ends.
            TestBoard reference = NewBoard(eraseBlock, erasedValue, chunkSize, imageSize);
            reference.PowerOnAndBoot();
            Assert.IsTrue(reference.Agent.Pipeline.CombinesWriteAndHash, "the simulated slot writes and hashes each chunk in one call, as the device does");
            int start = reference.Esp.Flash.OperationCount;
            reference.SendUpdate();
            int downloadEnd = 0;
            for (int i = 0; i < 1000 && reference.Agent.State != OtaFirmware.Agent.AgentState.Rebooting; i++)
            {
                reference.Agent.Pump();
                downloadEnd = reference.Esp.Flash.OperationCount - start;
            }

            reference.RunUntilSettled(1000);
            int total = reference.Esp.Flash.OperationCount - start;
            Assert.AreEqual("1.1.0", reference.LastBoot.Version);
            Assert.IsTrue(total > imageSize / chunkSize, "suspiciously few flash operations: " + total.ToString());

            int runs = samples == 0 ? total : samples;
            uint random = (uint)(eraseBlock + erasedValue + chunkSize);
            for (int run = 1; run <= runs; run++)
            {
                int cut = run;
                bool tornCut = torn;
                if (samples != 0)
                {
                    // A seeded sample (the same on every runtime): the first and last operations, the rest spread.
                    random = (random * 1103515245u) + 12345u;
                    cut = run == 1 ? 1 : run == 2 ? total : 1 + (int)((random >> 8) % (uint)total);
                    tornCut = run % 2 == 0;
                }

                TestBoard board = NewBoard(eraseBlock, erasedValue, chunkSize, imageSize);
                board.PowerOnAndBoot();
                board.SendUpdate();
                board.Esp.Flash.SetPowerCutPlan(tornCut ? PowerCutPlan.InsideOperationSeeded(cut, cut * 7919) : PowerCutPlan.BeforeOperation(cut));
                bool cutHappened = false;
                try
                {
                    board.RunUntilSettled(1000);
                }
                catch (PowerLossException)
                {
                    cutHappened = true;
                }

                Assert.IsTrue(cutHappened, "operation " + cut.ToString() + " of " + total.ToString() + " was never reached");
                long servedBeforeCut = board.Source.BytesServed;

                // Power on: whatever was cut, a complete image boots.
                board.PowerOnAndBoot();
                string bootedAfterCut = board.LastBoot.Version;
                Assert.IsTrue(bootedAfterCut == "1.0.0" || bootedAfterCut == "1.1.0", "cut " + cut.ToString() + " booted " + bootedAfterCut);

                // The cloud sends the command again (it would, after the version report or the firmware request).
                if (bootedAfterCut == "1.0.0")
                {
                    board.SendUpdate();
                }

                board.RunUntilSettled(1000);
                Assert.AreEqual("1.1.0", board.LastBoot.Version, "cut " + cut.ToString());
                Assert.IsTrue(board.RunningImageIsOffered(), "cut " + cut.ToString() + ": running image differs from the offered one");
                Assert.AreEqual((int)ImageState.Valid, (int)board.Esp.OpenSlot(board.Esp.Boot()).RunningState, "cut " + cut.ToString());

                if (cut <= downloadEnd)
                {
                    long redownloaded = board.Source.BytesServed - imageSize;
                    Assert.IsTrue(redownloaded <= eraseBlock, "cut " + cut.ToString() + " (served " + servedBeforeCut.ToString() + " before it) cost " + redownloaded.ToString() + " bytes of re-download");
                }
            }
        }
    }
}
