// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.Simulation;
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

    // nanoCLR (interpreted) vs .NET (JIT) on the same 2-core x86, measured with the real nf-interpreter POSIX build,
    // Release IL, 256 KiB in 4 KiB appends (docs/DEVICE.md, "Update time").
    private const double InterpreterMd5 = 138;
    private const double InterpreterSha256 = 248;
    private const double InterpreterCrc32 = 52;
    private const double InterpreterCopyLoop = 167;

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
            if (slot.Erase(address, Chunk) != FlashStatus.Ok || slot.Write(address, chunk, 0, Chunk) != FlashStatus.Ok)
            {
                throw new InvalidOperationException("simulated flash failed");
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

        AddManaged(section, "MD5 append, managed `Md5`", managedMd5, ChunksPerMiB, InterpreterMd5, "native `HashAppend`/`WriteAndHash` (managed only as the fallback)");
        AddManaged(section, "SHA-256 append, managed `Sha256`", managedSha256, ChunksPerMiB, InterpreterSha256, "native `HashAppend`/`WriteAndHash` (managed only as the fallback)");
        AddNative(section, "MD5 append, native `ota_hash.c` (gcc -O2, P/Invoke)", nativeMd5, ChunksPerMiB);
        AddNative(section, "SHA-256 append, native `ota_hash.c` (gcc -O2, P/Invoke)", nativeSha256, ChunksPerMiB);
        AddManaged(section, "journal record (`ResumeJournal.WriteDownloading`: fill, 2 state exports, CRC-32, 512-byte write)", journalRecord, ChunksPerMiB, InterpreterCrc32, "managed: record fill, CRC-32 over 492 bytes, blank check and read-back compare loops (state exports are `Array.Copy` with native hashes); flash calls native", ">= ");
        AddManaged(section, "  of which CRC-32 of the 492-byte record", crc, ChunksPerMiB, InterpreterCrc32, "managed");
        section.Add("erase 4 KiB + write 4 KiB (simulated `NorFlash` here)", Us(flash), Fmt.Int(ChunksPerMiB), Ms(flash * ChunksPerMiB / 1000.0), "native (`esp_partition_erase_range` + `esp_partition_write`)", "flash chip: about 13–15 s (" + FlashAssumption + "; not measured)");
        section.Add("journal flash: 512-byte record programmed, one 4 KiB journal sector erased per 8 records", "in the row above", Fmt.Int(ChunksPerMiB) + " + " + Fmt.Int(ChunksPerMiB / 8) + " erases", "", "native", "flash chip: about 1.6–1.8 s (same assumption)");
        section.Add("copy 4 KiB with `Array.Copy`", Us(arrayCopy), Fmt.Int(ChunksPerMiB), Ms(arrayCopy * ChunksPerMiB / 1000.0), "native (memcpy in nanoCLR)", "negligible");
        AddManaged(section, "copy 4 KiB with a managed byte loop (for contrast; not on the path)", loopCopy, ChunksPerMiB, InterpreterCopyLoop, "avoided: `Array.Copy`");

        double managedCpu = (managedMd5 + managedSha256) * ChunksPerMiB / 1000.0;
        double nativeCpu = (nativeMd5 + nativeSha256) * ChunksPerMiB / 1000.0;
        section.Note("Measured in this process as CPU time of the measuring thread (`CLOCK_THREAD_CPUTIME_ID`, so cores taken by other work on the machine do not count): each operation repeated for about " + Fmt.N(TargetMilliseconds, 0) + " ms of CPU, " + Repetitions + " times, after a warm-up; median per call. A chunk is 4096 bytes, the pipeline's chunk and the ESP32's erase block, so there are " + ChunksPerMiB + " chunks, " + ChunksPerMiB + " journal records and " + ChunksPerMiB + " erase+write pairs per MiB (MiB = 2^20 bytes).");
        section.Note("Hash throughput on this host: managed MD5 " + Fmt.N(Rate(managedMd5)) + " MiB/s vs native " + Fmt.N(Rate(nativeMd5)) + " MiB/s (" + Fmt.X(managedMd5 / nativeMd5) + "); managed SHA-256 " + Fmt.N(Rate(managedSha256)) + " MiB/s vs native " + Fmt.N(Rate(nativeSha256)) + " MiB/s (" + Fmt.X(managedSha256 / nativeSha256) + "). Both hashes per MiB: " + Fmt.N(managedCpu, 2) + " ms managed vs " + Fmt.N(nativeCpu, 2) + " ms native on .NET; on the device the managed code is interpreted, so the gap there is the interpreter factor (138x MD5, 248x SHA-256), not this ratio.");
        section.Note("ESP32 estimates: managed rows = .NET per MiB × the nanoCLR interpreter factor measured for that kind of loop on the real nanoCLR POSIX build on a 2-core x86 (MD5 138x, SHA-256 248x, CRC-32 52x, byte-copy loop 167x) × 35–50 (one 240 MHz ESP32 core vs this class of x86 core by CoreMark, size- vs speed-optimised builds). Native rows = this host's native time × 35–50. The journal row uses the CRC-32 factor, the lowest of the measured ones, so it is a lower bound.");
        section.Note("Interop crossings per MiB on the device: " + (3 * ChunksPerMiB) + " with `Write` + two `HashAppend` per chunk, " + ChunksPerMiB + " with `NativeOta.WriteAndHash` (one per chunk). Their cost is not measured here (no nanoCLR on this host).");
        return section;
    }

    private static void AddManaged(Section section, string name, double micros, int perMiB, double interpreter, string device, string prefix = "")
    {
        double perMiBMs = micros * perMiB / 1000.0;
        double low = perMiBMs * interpreter * Esp32SlowerLow / 1000.0;
        double high = perMiBMs * interpreter * Esp32SlowerHigh / 1000.0;
        section.Add(name, Us(micros), Fmt.Int(perMiB), Ms(perMiBMs), device, "if interpreted: " + prefix + Seconds(low) + "–" + Seconds(high));
    }

    private static void AddNative(Section section, string name, double micros, int perMiB)
    {
        double perMiBMs = micros * perMiB / 1000.0;
        section.Add(name, Us(micros), Fmt.Int(perMiB), Ms(perMiBMs), "this code, compiled into nanoCLR", Seconds(perMiBMs * Esp32SlowerLow / 1000.0) + "–" + Seconds(perMiBMs * Esp32SlowerHigh / 1000.0));
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
