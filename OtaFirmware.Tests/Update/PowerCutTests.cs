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

        private static void Sweep(bool torn)
        {
            // A reference run counts the operations and where the download phase ends.
            TestBoard reference = TestBoard.Create(ImageSize, "1.1.0");
            reference.PowerOnAndBoot();
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
            Assert.IsTrue(total > 3 * (ImageSize / Block), "suspiciously few flash operations: " + total.ToString());

            for (int cut = 1; cut <= total; cut++)
            {
                TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
                board.PowerOnAndBoot();
                board.SendUpdate();
                board.Esp.Flash.SetPowerCutPlan(torn ? PowerCutPlan.InsideOperationSeeded(cut, cut * 7919) : PowerCutPlan.BeforeOperation(cut));
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
                    long redownloaded = board.Source.BytesServed - ImageSize;
                    Assert.IsTrue(redownloaded <= Block, "cut " + cut.ToString() + " (served " + servedBeforeCut.ToString() + " before it) cost " + redownloaded.ToString() + " bytes of re-download");
                }
            }
        }
    }
}
