// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.Tests.Host.SimulatedHardware;

[TestClass]
public class BoardLayoutsTests
{
    private static string RepositoryFile(string relative)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory != null && !Directory.Exists(Path.Combine(directory.FullName, "boards")))
        {
            directory = directory.Parent;
        }

        Assert.IsNotNull(directory, "boards/ not found above " + AppContext.BaseDirectory);
        return File.ReadAllText(Path.Combine(directory.FullName, relative)).Replace("\r\n", "\n");
    }

    [TestMethod]
    public void Esp32FourMegabytes_IsTheBoardsCsv()
    {
        Assert.AreEqual(BoardLayouts.Esp32FourMegabytes, RepositoryFile("boards/esp32-4mb/partitions.csv"));
    }

    [TestMethod]
    public void Esp32S3EightMegabytes_IsTheBoardsCsv()
    {
        Assert.AreEqual(BoardLayouts.Esp32S3EightMegabytes, RepositoryFile("boards/esp32s3-8mb/partitions.csv"));
    }

    [TestMethod]
    [DataRow("boards/esp32-4mb/partitions.csv", 0x400000)]
    [DataRow("boards/esp32s3-8mb/partitions.csv", 0x800000)]
    public void BoardCsv_FitsItsFlashWithEqualSlots(string file, int flashSize)
    {
        PartitionTableResult result = PartitionTable.ParseCsv(RepositoryFile(file));

        Assert.IsTrue(result.IsOk, result.ToString());
        PartitionTable table = result.Table;
        Assert.AreEqual(flashSize, Enumerable.Range(0, table.Count).Max(i => table[i].End));
        Assert.AreEqual(table.OtaSlot(0)!.Size, table.OtaSlot(1)!.Size);
        Assert.AreEqual(0x2000, table.Find("otarec")!.Size);
        Assert.AreEqual(0x84, table.Find("deploy")!.Subtype);
        Assert.AreEqual(0x83, table.Find("config")!.Subtype);
    }
}
