// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Host.Flash;
using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.Tests.Host.Flash;

[TestClass]
public class FileFlashMediumTests
{
    private static string TempPath() => Path.Combine(Path.GetTempPath(), "otafw-flash-" + Guid.NewGuid().ToString("N") + ".bin");

    [TestMethod]
    public void Constructor_MissingFile_CreatesErasedFile()
    {
        string path = TempPath();
        try
        {
            using (var medium = new FileFlashMedium(path, 3 * 4096 + 100 * 4))
            {
                Assert.AreEqual(3 * 4096 + 400, medium.Size);
            }

            byte[] bytes = File.ReadAllBytes(path);
            Assert.AreEqual(3 * 4096 + 400, bytes.Length);
            Assert.IsTrue(bytes.All(b => b == 0xFF));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Write_DisposeWithoutFlushAndReopen_KeepsBytes()
    {
        string path = TempPath();
        try
        {
            var first = new FileFlashMedium(path, 16 * 4096);
            var flash = new NorFlash(first);
            Assert.AreEqual(FlashStatus.Ok, flash.Write(4096, new byte[] { 1, 2, 3, 4 }, 0, 4).Status);
            Assert.AreEqual(FlashStatus.Ok, flash.Erase(0, 4096).Status);
            first.Dispose(); // no Flush: the power just goes

            using var second = new FileFlashMedium(path, 16 * 4096);
            var again = new NorFlash(second);
            var bytes = new byte[6];
            Assert.AreEqual(FlashStatus.Ok, again.Read(4094, bytes, 0, 6).Status);
            CollectionAssert.AreEqual(new byte[] { 0xFF, 0xFF, 1, 2, 3, 4 }, bytes);
            Assert.AreEqual(FlashStatus.NotErased, again.Write(4096, new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, 0, 4).Status);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Board_PowerCutThenReopen_BootsFromFile()
    {
        string path = TempPath();
        try
        {
            using (var medium = new FileFlashMedium(path, BoardLayouts.Esp32FlashSize))
            {
                var board = SimulatedEsp32.Create(medium, BoardLayouts.Esp32FourMegabytes, Esp32ImageHeader.ChipEsp32, "1.0.0", 8192, 1);
                var slot = board.OpenSlot(board.Boot());
                byte[] image = Esp32ImageBuilder.Build("2.0.0", "p", Esp32ImageHeader.ChipEsp32, 8192, 2);
                for (int offset = 0; offset < image.Length; offset += 4096)
                {
                    Assert.AreEqual(FlashStatus.Ok, slot.EraseBlock(offset).Status);
                    Assert.AreEqual(FlashStatus.Ok, slot.Write(offset, image, offset, 4096).Status);
                }

                Assert.AreEqual(FlashStatus.Ok, slot.Activate(image.Length).Status);
            }

            using var reopened = new FileFlashMedium(path, BoardLayouts.Esp32FlashSize);
            var same = SimulatedEsp32.Open(reopened, Esp32ImageHeader.ChipEsp32);
            Assert.IsNotNull(same);
            BootResult boot = same.Boot();
            Assert.IsTrue(boot.IsOk, boot.Log);
            Assert.AreEqual("2.0.0", boot.Version);
            Assert.AreEqual(Update.ImageState.PendingVerify, boot.State);
            Assert.IsNotNull(same.ResumeRecordRegion);
            Assert.AreEqual(0x2000, same.ResumeRecordRegion.Size);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [TestMethod]
    public void Constructor_ExistingFileOfOtherSize_Throws()
    {
        string path = TempPath();
        try
        {
            File.WriteAllBytes(path, new byte[100]);
            Assert.ThrowsExactly<InvalidDataException>(() => new FileFlashMedium(path, 4096));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
