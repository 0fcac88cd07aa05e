// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Update;

namespace OtaFirmware.Bench;

/// <summary>Section 1: bytes allocated in the steady-state pipeline and agent.</summary>
internal static class MemoryBench
{
    private const int ImageSize = 1024 * 1024;
    private const int ChunkSize = 4096;
    private const int Repetitions = 5;

    public static Section Run()
    {
        var section = new Section("1. Memory: allocation in the download hot path");
        byte[] image = Esp32ImageBuilder.Build("2.0.0", "OtaFirmware", 0, ImageSize, 7);
        UpdateJob job = InMemoryBoard.JobFor(image, "2.0.0", withSha256: true);

        // Pipeline alone: one warm-up update, then measured updates on the same pipeline.
        InMemoryBoard board = InMemoryBoard.Create();
        var source = new ArrayFirmwareSource(image);
        var pipeline = new UpdatePipeline(board.Slot, source, board.Record, new byte[ChunkSize], ChunkSize, 64 * 1024, 0, new Md5(), new Sha256());
        WarmUp(() => PipelineRun(pipeline, job, out _, out _, out _, out _));
        var perMiB = new List<double>();
        var maxStep = new List<double>();
        var firstSteps = new List<double>();
        var times = new List<double>();
        int steps = 0;
        for (int rep = 0; rep < Repetitions; rep++)
        {
            long total = PipelineRun(pipeline, job, out long firstStep, out long worstStep, out steps, out double ms);
            perMiB.Add((total - firstStep) * (1024.0 * 1024.0) / ImageSize);
            firstSteps.Add(firstStep);
            maxStep.Add(worstStep);
            times.Add(ms);
        }

        double pipeMiBs = ImageSize / 1048576.0 / (Fmt.Median(times) / 1000.0);
        double perMiBMax = perMiB.Max();
        section.Add("Pipeline: bytes allocated per MiB in steady state (every Step after the first; MD5 + SHA-256 job)", Fmt.Int((long)perMiBMax) + " B (max of " + Repetitions + " updates, " + (steps - 1) + " steps each)", "0", "", "0 per chunk", Fmt.Pass(perMiBMax == 0));
        section.Add("Pipeline: most bytes allocated by one steady-state Step (one 4 KiB chunk, incl. journal commit, range re-open, final verify)", Fmt.Int((long)maxStep.Max()) + " B", "0", "", "0", Fmt.Pass(maxStep.Max() == 0));
        section.Add("Pipeline: bytes allocated by the first Step of an update (image header check), once per update", Fmt.Int((long)firstSteps.Max()) + " B", "0", "", "info (not per chunk)", "");
        double hashOnly = HashOnlyMiBs(image);
        section.Add("Pipeline throughput in memory (flash sim + journal + MD5 + SHA-256)", Fmt.N(pipeMiBs) + " MiB/s" + Fmt.Spread(times.Select(t => ImageSize / 1048576.0 / (t / 1000.0)).ToArray(), v => Fmt.N(v)),
            Fmt.N(hashOnly) + " MiB/s (the two hashes alone)", Fmt.X(pipeMiBs / hashOnly), "info", "");

        // The whole agent: real Tencent dialect (portable JSON reader), counting channel, simulated time.
        WarmUp(() => AgentRun(image, job, 40));
        var agentRuns = new List<AgentFigures>();
        for (int rep = 0; rep < 3; rep++)
        {
            agentRuns.Add(AgentRun(image, job, 40));
        }

        AgentFigures worst = agentRuns.OrderByDescending(a => a.QuietBytes).First();
        AgentFigures typical = agentRuns.OrderBy(a => a.TotalBytes).ElementAt(agentRuns.Count / 2);
        section.Add("Agent (Pump loop): bytes allocated in pumps that only moved a chunk", Fmt.Int(worst.QuietBytes) + " B over " + worst.QuietPumps + " pumps", "0", "", "0 per chunk", Fmt.Pass(worst.QuietBytes == 0));
        section.Add("Agent: bytes allocated per MiB, whole update (command parse, progress reports, logs, activation)", Fmt.Int((long)(typical.TotalBytes * 1048576.0 / ImageSize)) + " B", "", "", "info", "");
        section.Add("Agent: allocated per published message (progress and state reports)", Fmt.Int(typical.ReportBytes / Math.Max(1, typical.Messages)) + " B", "", "", "info", "");
        section.Add("Agent: messages published per 1 MiB update (progress + burning)", typical.Messages + " (" + typical.ProgressMessages + " 'downloading')", "", "", "info", "");
        section.Add("Garbage collections that happened inside a measured call (warm-up included)", GcDuringMeasurement.ToString(), "0", "", "0 (else a figure may be off by one 8 KiB quantum)", Fmt.Pass(GcDuringMeasurement == 0));
        section.Note($"Pipeline: a SimulatedEsp32 (4 MB layout) in memory, a bench-local IFirmwareSource serving a byte[] with Range semantics and no allocation, {ChunkSize}-byte chunks, 64 KiB request windows, a 1 MiB image with an MD5 and a SHA-256 job digest. Warm-up: updates repeated for 1.5 s plus a 300 ms pause so the tiered JIT has promoted the hot methods, then {Repetitions} measured updates; GC.GetAllocatedBytesForCurrentThread is read around every UpdatePipeline.Step (Start is outside the measurement). A full collection runs before each measured loop and the process uses the non-concurrent workstation GC: a collection landing inside a measured call makes the per-thread counter count the unused rest of the thread's allocation quantum (up to 8 KiB) — an early run without these precautions showed exactly such phantom 200–8,000 B readings at random pumps. Throughput is informational: the hashes alone vs the whole pipeline.");
        section.Note("Agent: OtaAgent with the real TencentDialect (the portable JsonReader, as on the device), a counting IControlChannel, an always-healthy check and a simulated clock advancing 40 ms per pump (about 100 KB/s, a realistic ESP32 Wi-Fi rate, so the progress governor — 5 % and 1000 ms by default — fires as on a device). Pumps are classified per call: a 'quiet' pump published nothing and changed no state; the other pumps carry the command parse, the progress/state reports, log lines and the activation. Measured from the first pump after the command is enqueued to the Rebooting state.");
        return section;
    }

    private static long PipelineRun(UpdatePipeline pipeline, UpdateJob job, out long firstStep, out long worstStep, out int steps, out double ms)
    {
        pipeline.Abort(true);
        if (!pipeline.Start(job).IsOk)
        {
            throw new InvalidOperationException("pipeline refused the job");
        }

        Settle();
        long total = 0;
        firstStep = 0;
        worstStep = 0;
        steps = 0;
        var watch = Stopwatch.StartNew();
        while (true)
        {
            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            StepStatus status = pipeline.Step(out UpdateResult failure);
            long used = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) != collections)
            {
                GcDuringMeasurement++;
            }
            total += used;
            if (steps == 0)
            {
                firstStep = used;
            }
            else
            {
                worstStep = Math.Max(worstStep, used);
            }

            steps++;
            if (status == StepStatus.Downloaded)
            {
                break;
            }

            if (status == StepStatus.Failed)
            {
                throw new InvalidOperationException("pipeline failed: " + failure);
            }
        }

        ms = watch.Elapsed.TotalMilliseconds;
        return total;
    }

    /// <summary>Runs <paramref name="work"/> for about 1.5 s, lets the tiered JIT finish in the background, and runs it twice more,
    /// so that measurements see optimized (tier-1) code rather than the first, unoptimized tier.</summary>
    private static void WarmUp(Action work)
    {
        var watch = Stopwatch.StartNew();
        while (watch.ElapsedMilliseconds < 1500)
        {
            work();
        }

        Thread.Sleep(300);
        work();
        work();
    }

    /// <summary>Garbage collections that happened inside a measured call (each can misattribute up to one 8 KiB allocation quantum).</summary>
    private static int GcDuringMeasurement { get; set; }

    /// <summary>Collects before a measured loop, so that no collection left over from setup lands inside a measured call.</summary>
    private static void Settle()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static double HashOnlyMiBs(byte[] image)
    {
        var md5 = new Md5();
        var sha = new Sha256();
        byte[] digest = new byte[32];
        var times = new List<double>();
        for (int rep = 0; rep < 5; rep++)
        {
            md5.Reset();
            sha.Reset();
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < image.Length; i += ChunkSize)
            {
                md5.Append(image, i, ChunkSize);
                sha.Append(image, i, ChunkSize);
            }

            md5.Finish(digest, 0);
            sha.Finish(digest, 0);
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        return image.Length / 1048576.0 / (Fmt.Median(times) / 1000.0);
    }

    private sealed record AgentFigures(long TotalBytes, long QuietBytes, int QuietPumps, long ReportBytes, int Messages, int ProgressMessages);

    private static AgentFigures AgentRun(byte[] image, UpdateJob job, int millisecondsPerPump)
    {
        InMemoryBoard board = InMemoryBoard.Create();
        var source = new ArrayFirmwareSource(image);
        var channel = new CountingChannel();
        var clock = new SteppingClock();
        var dialect = new TencentDialect("BENCHPROD", "bench-1", new DialectOptions());
        var progressCounter = new ProgressCountingChannel(channel);
        var options = new AgentOptions();
        var record = new UpdateRecord(new ResumeJournal(board.Esp.ResumeRecordRegion));
        var pipeline = new UpdatePipeline(board.Slot, source, record, new byte[options.ChunkSize], options.ChunkSize, options.RequestWindow, options.ChipId, new Md5(), new Sha256());
        var agent = new OtaAgent(dialect, progressCounter, board.Slot, record, pipeline, clock, new NullLog(), new HealthyCheck(), options);
        agent.Boot();
        agent.OnConnected();
        agent.Pump(); // version report
        string md5 = Convert.ToHexStringLower(job.Md5);
        string command = "{\"type\":\"update_firmware\",\"version\":\"" + job.Version + "\",\"url\":\"https://fw.local/fw.bin\",\"md5sum\":\"" + md5 + "\",\"file_size\":" + job.Size + "}";
        agent.Enqueue("$ota/update/BENCHPROD/bench-1", Encoding.UTF8.GetBytes(command));
        Settle();
        int messagesBefore = channel.Published;
        int progressBefore = progressCounter.Downloading;
        long total = 0, quiet = 0, reports = 0;
        int quietPumps = 0;
        for (int pumps = 0; agent.State != AgentState.Rebooting; pumps++)
        {
            if (pumps > 100000)
            {
                throw new InvalidOperationException("agent did not finish; state " + agent.State);
            }

            AgentState stateBefore = agent.State;
            int published = channel.Published;
            int collections = GC.CollectionCount(0);
            long before = GC.GetAllocatedBytesForCurrentThread();
            agent.Pump();
            long used = GC.GetAllocatedBytesForCurrentThread() - before;
            if (GC.CollectionCount(0) != collections)
            {
                GcDuringMeasurement++;
            }
            total += used;
            if (channel.Published == published && agent.State == stateBefore && pumps > 0)
            {
                quiet += used;
                quietPumps++;
                if (used > 0 && Environment.GetEnvironmentVariable("BENCH_DEBUG") == "1")
                {
                    Console.WriteLine("quiet pump " + pumps + " allocated " + used + " at offset " + agent.Pipeline.Offset + " state " + agent.State);
                }
            }
            else if (channel.Published != published)
            {
                reports += used;
            }

            clock.Now += millisecondsPerPump;
        }

        return new AgentFigures(total, quiet, quietPumps, reports, channel.Published - messagesBefore, progressCounter.Downloading - progressBefore);
    }

    /// <summary>Counts the 'downloading' progress reports passing to the inner channel.</summary>
    private sealed class ProgressCountingChannel : IControlChannel
    {
        private static readonly byte[] Marker = Encoding.UTF8.GetBytes("\"downloading\"");
        private readonly CountingChannel _inner;

        public ProgressCountingChannel(CountingChannel inner) => _inner = inner;

        public int UnacknowledgedCount => 0;

        public int Downloading { get; private set; }

        public bool IsConnected => _inner.IsConnected;

        public bool Publish(string topic, byte[] payload, int qos)
        {
            if (payload.AsSpan().IndexOf(Marker) >= 0)
            {
                Downloading++;
            }

            return _inner.Publish(topic, payload, qos);
        }
    }
}
