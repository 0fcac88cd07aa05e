// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Esp32;
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
    /// <summary>The flash driver's esp_err_t travels from the (simulated) chip to the update result and the cloud report.</summary>
    [TestClass]
    public class PlatformCodeTests
    {
        private const int ImageSize = 100 * 1024 + 48;
        private const int ChunkSize = 4096;

        [TestMethod]
        public void UpdatePipeline_FlashDriverFails_EspErrInPlatformCodeAndDetail()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            MakeSecondBlockOfEveryOtaSlotBad(board);
            UpdatePipeline pipeline = new UpdatePipeline(
                board.Esp.OpenSlot(board.LastBoot), board.Source, new UpdateRecord(new ResumeJournal(board.Esp.ResumeRecordRegion)), new byte[ChunkSize], ChunkSize, 64 * 1024, 0, new Md5(), new Sha256());
            UpdateJob job = new UpdateJob("1.1.0", ImageSize, board.Md5Digest, null, "https://cloud.local/fw.bin", "job-1");
            Assert.IsTrue(pipeline.Start(job).IsOk);

            UpdateResult failure = null;
            StepStatus status = StepStatus.InProgress;
            for (int i = 0; i < 100 && status == StepStatus.InProgress; i++)
            {
                status = pipeline.Step(out failure);
            }

            Assert.AreEqual((int)StepStatus.Failed, (int)status);
            Assert.AreEqual((int)UpdateError.FlashError, (int)failure.Error);
            Assert.AreEqual(EspErrorMap.FlashOpFail, failure.PlatformCode);
            Assert.AreEqual("flash erase failed at byte 4096: FlashError (esp_err 0x6001 ESP_ERR_FLASH_OP_FAIL)", failure.Detail);
        }

        [TestMethod]
        public void OtaAgent_FlashDriverFails_CloudReportCarriesFlashErrorAndEspErr()
        {
            TestBoard board = TestBoard.Create(ImageSize, "1.1.0");
            board.PowerOnAndBoot();
            MakeSecondBlockOfEveryOtaSlotBad(board);
            board.SendUpdate();
            board.RunUntilSettled(1000);

            Assert.AreEqual(1, board.Channel.Count(" 1.1.0 " + ((int)UpdateError.FlashError).ToString() + " flash erase failed at byte 4096: FlashError (esp_err 0x6001 ESP_ERR_FLASH_OP_FAIL)"));
            Assert.AreEqual(1, board.Channel.Count("fail "));
            Assert.AreEqual("1.0.0", board.Esp.Boot().Version);
        }

        private static void MakeSecondBlockOfEveryOtaSlotBad(TestBoard board)
        {
            for (int slot = 0; slot < board.Esp.Table.OtaSlotCount; slot++)
            {
                board.Esp.Flash.AddBadRegion(board.Esp.Table.OtaSlot(slot).Offset + 4096, 4096, EspErrorMap.FlashOpFail);
            }
        }
    }
}
