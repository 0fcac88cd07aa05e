// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Update;

namespace OtaFirmware.Bench;

/// <summary>A booted simulated ESP32 (4 MB layout) in memory: flash, slot view and journal of the current boot.</summary>
internal sealed class InMemoryBoard
{
    public const string FactoryVersion = "1.0.0";

    private InMemoryBoard(SimulatedEsp32 esp)
    {
        Esp = esp;
        BootAgain();
    }

    public SimulatedEsp32 Esp { get; }

    public BootResult Boot { get; private set; } = null!;

    public SimulatedFirmwareSlot Slot { get; private set; } = null!;

    public ResumeJournal Journal { get; private set; } = null!;

    /// <summary>The update record over <see cref="Journal"/> (what the pipeline and the agent write through).</summary>
    public UpdateRecord Record { get; private set; } = null!;

    public static InMemoryBoard Create() =>
        new(SimulatedEsp32.Create(new MemoryFlashMedium(BoardLayouts.Esp32FlashSize), BoardLayouts.Esp32FourMegabytes, 0, FactoryVersion, 64 * 1024, 1));

    /// <summary>A reset (powers the flash back on after a cut): bootloader, new slot view, journal loaded again.</summary>
    public void BootAgain()
    {
        Boot = Esp.Boot();
        if (!Boot.IsOk)
        {
            throw new InvalidOperationException("nothing to boot: " + Boot.FailureReason);
        }

        Slot = Esp.OpenSlot(Boot);
        Journal = new ResumeJournal(Esp.ResumeRecordRegion);
        Record = new UpdateRecord(Journal);
        Record.Load();
    }

    /// <summary>Index of the first erase block of the otarec partition, and how many it has.</summary>
    public (int First, int Count) JournalBlocks
    {
        get
        {
            PartitionEntry otarec = Esp.Table.Find(SimulatedEsp32.ResumeRecordPartition);
            return (otarec.Offset / Esp.Flash.EraseBlockSize, otarec.Size / Esp.Flash.EraseBlockSize);
        }
    }

    public static UpdateJob JobFor(byte[] image, string version, bool withSha256) =>
        new(version, image.Length, MD5.HashData(image), withSha256 ? SHA256.HashData(image) : null, "https://fw.local/fw.bin", "bench-" + version);
}
