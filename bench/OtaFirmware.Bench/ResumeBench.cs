// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Update;

namespace OtaFirmware.Bench;

/// <summary>Section 3: what a power cut costs — bytes downloaded again, bytes hashed again, journal wear.</summary>
internal static class ResumeBench
{
    private const int ImageSize = 1024 * 1024;
    private const int ChunkSize = 4096;
    private const int CutPoints = 50;

    public static Section Run()
    {
        var section = new Section("3. Resume cost after a power cut (simulated NOR flash, 1 MiB image)");
        byte[] image = Esp32ImageBuilder.Build("2.0.0", "OtaFirmware", 0, ImageSize, 11);
        UpdateJob job = InMemoryBoard.JobFor(image, "2.0.0", withSha256: true);

        // A clean update first: how many flash operations the download takes, and the journal's erases.
        InMemoryBoard clean = InMemoryBoard.Create();
        (int firstJournalBlock, int journalBlocks) = clean.JournalBlocks;
        int[] erasesBefore = JournalErases(clean, firstJournalBlock, journalBlocks);
        int opsBefore = clean.Esp.Flash.OperationCount;
        var cleanSource = new ArrayFirmwareSource(image);
        UpdatePipeline cleanPipeline = NewPipeline(clean, cleanSource, new CountingHash(new Md5()), new CountingHash(new Sha256()));
        Require(cleanPipeline.Start(job).IsOk, "start");
        Require(RunToEnd(cleanPipeline) == StepStatus.Downloaded, "clean download");
        int downloadOps = clean.Esp.Flash.OperationCount - opsBefore;
        int[] erasesAfterDownload = JournalErases(clean, firstJournalBlock, journalBlocks);
        Require(cleanPipeline.Activate(InMemoryBoard.FactoryVersion).IsOk, "activate");
        int[] erasesAfterActivate = JournalErases(clean, firstJournalBlock, journalBlocks);
        int downloadJournalErases = erasesAfterDownload.Sum() - erasesBefore.Sum();
        int activateJournalErases = erasesAfterActivate.Sum() - erasesBefore.Sum();
        int perBlockMax = Enumerable.Range(0, journalBlocks).Max(b => erasesAfterActivate[b] - erasesBefore[b]);

        var reDownloaded = new List<long>();
        var reHashed = new List<long>();
        var wastedHash = new List<long>();
        int resumedMidway = 0, booted = 0, runs = 0;
        for (int i = 1; i <= CutPoints; i++)
        {
            int operation = (int)((long)i * downloadOps / (CutPoints + 1));
            foreach (bool torn in new[] { false, true })
            {
                PowerCutPlan plan = torn ? PowerCutPlan.InsideOperationSeeded(operation, i) : PowerCutPlan.BeforeOperation(operation);
                CutResult result = CutAndResume(image, job, plan);
                runs++;
                reDownloaded.Add(result.Served - ImageSize);
                reHashed.Add(result.ReHashed);
                wastedHash.Add(result.HashedTotal - ImageSize);
                resumedMidway += result.ResumedFrom > 0 ? 1 : 0;
                booted += result.BootedNewVersion ? 1 : 0;
            }
        }

        long maxRe = reDownloaded.Max();
        long maxReHash = reHashed.Max();
        section.Add("Bytes re-downloaded after a cut (source bytes served − image size)", "max " + Fmt.Int(maxRe) + ", mean " + Fmt.Int((long)Math.Round(reDownloaded.Average())), "4,096 (one erase block)", Fmt.X(maxRe / 4096.0), "<= 4,096", Fmt.Pass(maxRe <= 4096));
        section.Add("Bytes re-hashed after the resume (hashed after resume − bytes after the resume point)", "max " + Fmt.Int(maxReHash) + ", mean " + Fmt.N(reHashed.Average(), 0), "0", "", "0", Fmt.Pass(maxReHash == 0 && reHashed.Min() == 0));
        section.Add("Hash work lost with the cut (all bytes hashed, both boots − image size)", "max " + Fmt.Int(wastedHash.Max()) + ", mean " + Fmt.Int((long)Math.Round(wastedHash.Average())), "= bytes re-downloaded", "", "info", "");
        section.Add("Runs that completed, verified (MD5 + SHA-256) and booted 2.0.0 after the cut", booted + " / " + runs + " (" + resumedMidway + " resumed mid-image)", runs.ToString(), "", "all", Fmt.Pass(booted == runs));
        section.Add("Journal erases per update (download of 1 MiB)", downloadJournalErases + " erases of the " + journalBlocks + " otarec blocks", (ImageSize / ChunkSize) + " journal records (one per 4 KiB block)", "", "info", "");
        section.Add("Journal erases per update (download + activation)", activateJournalErases + " (busiest block: " + perBlockMax + ")", "slot blocks: 1 erase each", "", "info", "");
        section.Note($"Per run: a fresh SimulatedEsp32 (4 MB layout, memory flash), UpdatePipeline with {ChunkSize}-byte chunks and 64 KiB request windows, job with MD5 and SHA-256. A PowerCutPlan is armed right after Start; the download takes {downloadOps} flash operations (erases + writes; reads not counted), and the cut points are {CutPoints} evenly spaced operations k = i·{downloadOps}/{CutPoints + 1}, each once 'before the operation' and once 'torn inside it' (seeded tear length) = {runs} runs. After the PowerLossException: reset (power on + bootloader), a new journal and pipeline with fresh hash objects, Start (resume from the journal), Step to Downloaded, Activate, reset, and the bootloader must start 2.0.0.");
        section.Note("Why the re-download is exactly one block at every cut point: with 4 KiB chunks = the 4 KiB erase block, each Step reads its chunk from the source first and only then erases, programs and journals; every flash operation that a cut can hit therefore belongs to a chunk that was already fetched but not yet committed, and the resume restarts at the start of that block. The mean equals the maximum by design, not by chance. (On a real connection, bytes still in TCP buffers at the cut are also lost; they are not 'served' by this source.)");
        section.Note("Re-hash is measured with a counting IStreamingHash decorator around Md5/Sha256 passed to the pipeline: after the resume the pipeline may hash only the bytes from the resume point on (the journal restores the mid-states), so 'hashed after resume − (size − resume point)' must be 0. Flash is never read back for hashing.");
        section.Note($"Journal wear: NorFlash.BlockEraseCount of the otarec blocks around a clean update. The journal appends 512-byte records into a ring of {journalBlocks} × 4 KiB blocks (8 records per block), so a 1 MiB download ({ImageSize / ChunkSize} commits) erases a journal block every 8 commits; wear is spread evenly over the ring.");
        return section;
    }

    private sealed record CutResult(long Served, long ReHashed, long HashedTotal, int ResumedFrom, bool BootedNewVersion);

    private static CutResult CutAndResume(byte[] image, UpdateJob job, PowerCutPlan plan)
    {
        InMemoryBoard board = InMemoryBoard.Create();
        var source = new ArrayFirmwareSource(image);
        var md5 = new CountingHash(new Md5());
        var sha = new CountingHash(new Sha256());
        UpdatePipeline pipeline = NewPipeline(board, source, md5, sha);
        Require(pipeline.Start(job).IsOk, "start");
        board.Esp.Flash.SetPowerCutPlan(plan);
        bool cut = false;
        try
        {
            RunToEnd(pipeline);
        }
        catch (PowerLossException)
        {
            cut = true;
        }

        Require(cut, "the power cut did not happen");
        long hashedBeforeCut = md5.BytesAppended;
        board.BootAgain();
        var md5Again = new CountingHash(new Md5());
        var shaAgain = new CountingHash(new Sha256());
        UpdatePipeline resumed = NewPipeline(board, source, md5Again, shaAgain);
        Require(resumed.Start(job).IsOk, "restart");
        int from = resumed.ResumedFrom;
        Require(RunToEnd(resumed) == StepStatus.Downloaded, "resumed download");
        Require(md5Again.BytesAppended == shaAgain.BytesAppended, "both hashes see the same bytes");
        long reHashed = md5Again.BytesAppended - (ImageSize - from);
        Require(resumed.Activate(InMemoryBoard.FactoryVersion).IsOk, "activate");
        board.BootAgain();
        return new CutResult(source.BytesServed, reHashed, hashedBeforeCut + md5Again.BytesAppended, from, board.Boot.Version == "2.0.0");
    }

    private static UpdatePipeline NewPipeline(InMemoryBoard board, IFirmwareSource source, IStreamingHash md5, IStreamingHash sha) =>
        new(board.Slot, source, board.Record, new byte[ChunkSize], ChunkSize, 64 * 1024, 0, md5, sha);

    private static StepStatus RunToEnd(UpdatePipeline pipeline)
    {
        while (true)
        {
            StepStatus status = pipeline.Step(out UpdateResult failure);
            if (status == StepStatus.Failed)
            {
                throw new InvalidOperationException("step failed: " + failure);
            }

            if (status == StepStatus.Downloaded)
            {
                return status;
            }
        }
    }

    private static int[] JournalErases(InMemoryBoard board, int first, int count) =>
        Enumerable.Range(first, count).Select(b => board.Esp.Flash.BlockEraseCount(b)).ToArray();

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException("resume bench: " + what);
        }
    }
}
