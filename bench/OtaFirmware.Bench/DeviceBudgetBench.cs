// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Tests.Host.Integrity.Native;
using OtaFirmware.Update;

namespace OtaFirmware.Bench;

/// <summary>
/// Section 7: the device budget. For every operation the download pipeline performs per 4 KiB chunk (hash appends,
/// journal record, flash erase and write, copies), the cost measured here on .NET, how often it runs per MiB, and
/// where it runs on the device (interpreted managed code or native); beside it, the device's native hash core
/// (<c>OtaFirmware.Esp32Ota/native/ota_hash.c</c>, built with gcc -O2) measured here too.
/// </summary>
internal static class DeviceBudgetBench
{
    private const int Chunk = 4096;
    private const int ChunksPerMiB = 1048576 / Chunk;
    private const int Repetitions = 5;
    private const double TargetMilliseconds = 150;

    // Throughput of the managed loops on the real nanoCLR interpreter (nf-interpreter POSIX build, 32-bit, Release IL,
    // 2-core x86 of the same kind, 256 KiB in 4 KiB appends, medians), bytes per second.
    private const double InterpretedMd5 = 1.70e6;
    private const double InterpretedSha256 = 0.44e6;
    private const double InterpretedCrc32 = 6.5e6;
    private const double InterpretedCopyLoop = 8.0e6;

    // One ESP32 core at 240 MHz against this class of x86 core: CoreMark ~18,000 vs ~351 (-Os) to ~520 (-O3).
    private const double Esp32SlowerLow = 35;
    private const double Esp32SlowerHigh = 50;

    private const string FlashAssumption = "SPI NOR datasheet typicals: ~45 ms per 4 KiB sector erase, ~0.4–0.7 ms per 256-byte page program";

    public static Section Run()
    {
        var section = new Section("7. Device budget: per-chunk work of the download pipeline, per MiB");
        section.Columns = new[] { "Per-chunk operation (4 KiB chunk)", ".NET, per call", "Calls per MiB", ".NET per MiB", "On the ESP32", "ESP32 estimate per MiB" };

        byte[] chunk = new byte[Chunk];
        new Random(5).NextBytes(chunk);
        byte[] copy = new byte[Chunk];
        var md5 = new Md5();
        var sha256 = new Sha256();
        byte[] md5State = NewNativeState(NativeHashLibrary.Md5);
        byte[] sha256State = NewNativeState(NativeHashLibrary.Sha256);

        double managedMd5 = Measure(() => md5.Append(chunk, 0, Chunk));
        double managedSha256 = Measure(() => sha256.Append(chunk, 0, Chunk));
        double nativeMd5 = Measure(() => NativeHashLibrary.Append(NativeHashLibrary.Md5, md5State, chunk, 0, Chunk));
        double nativeSha256 = Measure(() => NativeHashLibrary.Append(NativeHashLibrary.Sha256, sha256State, chunk, 0, Chunk));

        byte[] record = new byte[492];
        new Random(6).NextBytes(record);
        double crc = Measure(() => Crc32.Update(0, record, 0, record.Length));

        var journalFlash = new NorFlash(new MemoryFlashMedium(8 * Chunk), Chunk, 4);
        var journal = new ResumeJournal(journalFlash);
        journal.Load();
        var job = new UpdateJob("2.0.0", 1536 * 1024, new byte[16], new byte[32], "https://ota.example/fw.bin", "job-1");
        double journalRecord = Measure(() =>
        {
            if (journal.WriteDownloading(job, 4096, md5, sha256) != JournalStatus.Ok)
            {
                throw new InvalidOperationException("journal write failed");
            }
        });

        var slot = new NorFlash(new MemoryFlashMedium(64 * Chunk), Chunk, 4);
        int block = 0;
        double flash = Measure(() =>
        {
            int address = (block++ % 64) * Chunk;
            if (!slot.Erase(address, Chunk).IsOk || !slot.Write(address, chunk, 0, Chunk).IsOk)
            {
                throw new InvalidOperationException("simulated flash failed");
            }
        });

        // The journal's two per-record slot checks, as ResumeJournal runs them (its loops, copied): the blank check
        // (read the 496-byte slot, compare each byte with the erased value), now skipped for the slots of a block the
        // journal erased itself, and the read-back compare after the write, which stays.
        var probeFlash = new NorFlash(new MemoryFlashMedium(Chunk), Chunk, 4);
        byte[] probe = new byte[496];
        byte[] written = new byte[496];
        double blankCheck = Measure(() =>
        {
            if (!probeFlash.Read(0, probe, 0, probe.Length).IsOk || !IsBlank(probe, probeFlash.ErasedValue))
            {
                throw new InvalidOperationException("expected a blank slot");
            }
        });
        Array.Fill(written, probeFlash.ErasedValue);
        double readBack = Measure(() =>
        {
            if (!probeFlash.Read(0, probe, 0, probe.Length).IsOk || !SameBytes(probe, written))
            {
                throw new InvalidOperationException("read-back differs");
            }
        });

        double arrayCopy = Measure(() => Array.Copy(chunk, 0, copy, 0, Chunk));
        double loopCopy = Measure(() =>
        {
            for (int i = 0; i < Chunk; i++)
            {
                copy[i] = chunk[i];
            }
        });

        double crcInterpreted = 492 / InterpretedCrc32 * 1e6;
        double compareInterpreted = 496 / InterpretedCopyLoop * 1e6;
        AddManaged(section, "MD5 append, managed `Md5`", managedMd5, Chunk / InterpretedMd5 * 1e6, "native `HashAppend`/`WriteAndHash` (managed only as the fallback)");
        AddManaged(section, "SHA-256 append, managed `Sha256`", managedSha256, Chunk / InterpretedSha256 * 1e6, "native `HashAppend`/`WriteAndHash` (managed only as the fallback)");
        AddNative(section, "MD5 append, native `ota_hash.c` (gcc -O2, P/Invoke)", nativeMd5);
        AddNative(section, "SHA-256 append, native `ota_hash.c` (gcc -O2, P/Invoke)", nativeSha256);
        AddManaged(section, "journal record (`ResumeJournal.WriteDownloading`: fill, 2 state exports, CRC-32, 512-byte write, read-back compare)", journalRecord, crcInterpreted + compareInterpreted, "managed: record fill, CRC-32 over 492 bytes, read-back compare loop (state exports are `Array.Copy` with native hashes); flash calls native", ">= ");
        AddManaged(section, "  of which CRC-32 of the 492-byte record", crc, crcInterpreted, "managed");
        AddManaged(section, "  of which read-back: read 496 bytes + compare loop", readBack, compareInterpreted, "read native, compare loop managed");
        AddManaged(section, "blank check of the slot before the write (read 496 bytes + loop): no longer per record", blankCheck, compareInterpreted, "skipped for slots of a block the journal erased itself: only the first record after a boot pays it");
        section.Add("erase 4 KiB + write 4 KiB (simulated `NorFlash` here)", Us(flash), Fmt.Int(ChunksPerMiB), Ms(flash * ChunksPerMiB / 1000.0), "native (`esp_partition_erase_range` + `esp_partition_write`)", "flash chip: about 13–15 s (" + FlashAssumption + "; not measured)");
        section.Add("journal flash: 512-byte record programmed, one 4 KiB journal sector erased per 8 records", "in the row above", Fmt.Int(ChunksPerMiB) + " + " + Fmt.Int(ChunksPerMiB / 8) + " erases", "", "native", "flash chip: about 1.6–1.8 s (same assumption)");
        section.Add("copy 4 KiB with `Array.Copy`", Us(arrayCopy), Fmt.Int(ChunksPerMiB), Ms(arrayCopy * ChunksPerMiB / 1000.0), "native (memcpy in nanoCLR)", "negligible");
        AddManaged(section, "copy 4 KiB with a managed byte loop (for contrast; not on the path)", loopCopy, Chunk / InterpretedCopyLoop * 1e6, "avoided: `Array.Copy`");

        double managedCpu = (managedMd5 + managedSha256) * ChunksPerMiB / 1000.0;
        double nativeCpu = (nativeMd5 + nativeSha256) * ChunksPerMiB / 1000.0;
        section.Note("Measured in this process as CPU time of the measuring thread (`CLOCK_THREAD_CPUTIME_ID`, so cores taken by other work on the machine do not count): each operation repeated for about " + Fmt.N(TargetMilliseconds, 0) + " ms of CPU, " + Repetitions + " times, after a warm-up; median per call. A chunk is 4096 bytes, the pipeline's chunk and the ESP32's erase block, so there are " + ChunksPerMiB + " chunks, " + ChunksPerMiB + " journal records and " + ChunksPerMiB + " erase+write pairs per MiB (MiB = 2^20 bytes).");
        section.Note("Hash throughput on this host: managed MD5 " + Fmt.N(Rate(managedMd5)) + " MiB/s vs native " + Fmt.N(Rate(nativeMd5)) + " MiB/s (" + Fmt.X(managedMd5 / nativeMd5) + "); managed SHA-256 " + Fmt.N(Rate(managedSha256)) + " MiB/s vs native " + Fmt.N(Rate(nativeSha256)) + " MiB/s (" + Fmt.X(managedSha256 / nativeSha256) + "). Both hashes per MiB: " + Fmt.N(managedCpu, 2) + " ms managed vs " + Fmt.N(nativeCpu, 2) + " ms native on .NET; on the device the managed code is interpreted (nanoCLR ran them 138x and 248x slower than .NET on the same x86), so the gap there is about two orders of magnitude, not this ratio.");
        section.Note("ESP32 estimates. Interpreted rows: the throughput of the same managed code on the real nanoCLR interpreter (nf-interpreter POSIX build, 32-bit, Release IL, on a 2-core x86 of this kind: MD5 1.70 MB/s, SHA-256 0.44 MB/s, CRC-32 6.5 MB/s, byte-copy loop 8.0 MB/s), × 35–50 for one 240 MHz ESP32 core against this class of x86 core (CoreMark about 18,000 vs 351 with nanoFramework's size-optimised flags, 520 at -O3). Native rows: this host's native time × 35–50. Flash rows: datasheet figures, not measured.");
        int erases = ChunksPerMiB + (ChunksPerMiB / 8);
        int before = erases + (3 * ChunksPerMiB) + (3 * ChunksPerMiB);
        int after = erases + ChunksPerMiB + (2 * ChunksPerMiB);
        section.Note("`NativeOta` interop crossings per MiB on the device (HTTP reads not counted): before, " + Fmt.Int(before) + " = " + erases + " erases (slot + journal) + " + (3 * ChunksPerMiB) + " for `Write` + two `HashAppend` per chunk + " + (3 * ChunksPerMiB) + " for the journal record (blank-check read, write, read-back); now " + Fmt.Int(after) + " = " + erases + " erases + " + ChunksPerMiB + " `WriteAndHash` (the pipeline's combined path, `IHashingFirmwareSlot`) + " + (2 * ChunksPerMiB) + " for the journal record (write, read-back). Their cost is not measured here (no nanoCLR on this host).");
        section.Note("Journal record, interpreted estimate: the sum of its per-byte managed loops at the interpreter's measured rates (CRC-32 over 492 bytes at the CRC-32 rate, the 496-byte compare at the byte-loop rate); the fill and the calls come on top, hence \"≥\". Per MiB that is " + Seconds((crcInterpreted + compareInterpreted) * ChunksPerMiB / 1e6 * Esp32SlowerLow) + "–" + Seconds((crcInterpreted + compareInterpreted) * ChunksPerMiB / 1e6 * Esp32SlowerHigh) + " now, against " + Seconds((crcInterpreted + (2 * compareInterpreted)) * ChunksPerMiB / 1e6 * Esp32SlowerLow) + "–" + Seconds((crcInterpreted + (2 * compareInterpreted)) * ChunksPerMiB / 1e6 * Esp32SlowerHigh) + " with the blank check on every record.");
        return section;
    }

    // interpretedMicros: microseconds per call on the nanoCLR interpreter on a 2-core x86
    private static void AddManaged(Section section, string name, double micros, double interpretedMicros, string device, string prefix = "")
    {
        double perMiBMs = micros * ChunksPerMiB / 1000.0;
        double interpretedPerMiB = interpretedMicros * ChunksPerMiB / 1e6;
        section.Add(name, Us(micros), Fmt.Int(ChunksPerMiB), Ms(perMiBMs), device, "if interpreted: " + prefix + Seconds(interpretedPerMiB * Esp32SlowerLow) + "–" + Seconds(interpretedPerMiB * Esp32SlowerHigh));
    }

    private static void AddNative(Section section, string name, double micros)
    {
        double perMiBMs = micros * ChunksPerMiB / 1000.0;
        section.Add(name, Us(micros), Fmt.Int(ChunksPerMiB), Ms(perMiBMs), "this code, compiled into nanoCLR", Seconds(perMiBMs * Esp32SlowerLow / 1000.0) + "–" + Seconds(perMiBMs * Esp32SlowerHigh / 1000.0));
    }

    private static bool IsBlank(byte[] buffer, byte erased)
    {
        for (int i = 0; i < buffer.Length; i++)
        {
            if (buffer[i] != erased)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameBytes(byte[] a, byte[] b)
    {
        for (int i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        return true;
    }

    private static byte[] NewNativeState(int algorithm)
    {
        byte[] state = new byte[NativeHashLibrary.StateSize(algorithm)];
        if (NativeHashLibrary.Reset(algorithm, state) != NativeHashLibrary.Ok)
        {
            throw new InvalidOperationException("native hash reset failed");
        }

        return state;
    }

    /// <summary>
    /// Median CPU microseconds of this thread per call over <see cref="Repetitions"/> runs of about
    /// <see cref="TargetMilliseconds"/> each. Thread CPU time, not wall time, because other work shares the machine's
    /// cores: time spent waiting for a core is not a cost of the operation.
    /// </summary>
    private static double Measure(Action operation)
    {
        for (int i = 0; i < 50; i++)
        {
            operation(); // warm-up (tiered JIT)
        }

        int calls = 1;
        double elapsed;
        while (true)
        {
            elapsed = CpuMilliseconds(operation, calls);
            if (elapsed >= TargetMilliseconds / 4)
            {
                break;
            }

            calls *= 2;
        }

        calls = Math.Max(1, (int)(calls * TargetMilliseconds / Math.Max(elapsed, 0.001)));
        var times = new List<double>();
        for (int rep = 0; rep < Repetitions; rep++)
        {
            times.Add(CpuMilliseconds(operation, calls) * 1000.0 / calls);
        }

        return Fmt.Median(times);
    }

    private static double CpuMilliseconds(Action operation, int calls)
    {
        double start = ThreadCpuMilliseconds();
        for (int i = 0; i < calls; i++)
        {
            operation();
        }

        return ThreadCpuMilliseconds() - start;
    }

    private static double ThreadCpuMilliseconds()
    {
        const int ClockThreadCpuTimeId = 3; // CLOCK_THREAD_CPUTIME_ID, Linux <time.h>
        if (clock_gettime(ClockThreadCpuTimeId, out Timespec now) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return (now.Seconds * 1000.0) + (now.Nanoseconds / 1e6);
    }

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int clock_gettime(int clockId, out Timespec time);

    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    private static double Rate(double microsPerChunk) => Chunk / 1048576.0 / (microsPerChunk / 1e6);

    private static string Us(double micros) => Fmt.N(micros, micros < 10 ? 2 : 1) + " µs";

    private static string Ms(double ms) => Fmt.N(ms, ms < 10 ? 2 : 1) + " ms";

    private static string Seconds(double s) => s < 1 ? Fmt.N(s * 1000, 0) + " ms" : Fmt.N(s, 1) + " s";
}
