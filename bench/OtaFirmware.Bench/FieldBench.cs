// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Host.Http;
using OtaFirmware.Host.Tls;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Update;

namespace OtaFirmware.Bench;

/// <summary>
/// Section 8: field robustness. (a) How long a newer command waits while the current server trickles or stalls (real
/// time, the agent on its own thread); (b) the bytes downloaded again after a power cut mid-download, after the
/// "burning" report and during the trial boot, beside the image size (simulated NOR flash).
/// </summary>
internal static class FieldBench
{
    private const int ImageSize = 1024 * 1024;
    private const int Samples = 5;
    private const string Topic = "$ota/update/BENCHPROD/bench-1";

    public static Section Run()
    {
        var section = new Section("8. Field robustness: stalled servers and power cuts around activation");
        byte[] image = Esp32ImageBuilder.Build("2.0.0", "OtaFirmware", 0, ImageSize, 11);
        UpdateJob job = InMemoryBoard.JobFor(image, "2.0.0", withSha256: false);

        var trickles = new List<double>();
        var stalls = new List<double>();
        for (int i = 0; i < Samples; i++)
        {
            trickles.Add(NewerCommandLatency(image, job, 250, false, 1500 + (i * 97)));
            stalls.Add(NewerCommandLatency(image, job, 1000, true, 1500 + (i * 233)));
        }

        var hangs = new List<double>();
        for (int i = 0; i < Samples; i++)
        {
            hangs.Add(NeverAnswersLatency(image, job, true, 1500 + (i * 97)));
        }

        double unwrapped = NeverAnswersLatency(image, job, false, 1500);
        double trickle = trickles.Max();
        double stall = stalls.Max();
        section.Add("Newer command to its start, server trickling 1 byte per 250 ms read (max of " + Samples + "; median " + Fmt.N(Fmt.Median(trickles), 0) + " ms)", Fmt.N(trickle, 0) + " ms", "1000 ms", Fmt.N(trickle / 1000.0, 2), "< 1000 ms", trickle < 1000 ? "PASS" : "FAIL");
        section.Add("Newer command to its start, server stalled, each read waits out a 1 s bound (max of " + Samples + "; median " + Fmt.N(Fmt.Median(stalls), 0) + " ms)", Fmt.N(stall, 0) + " ms", "1000 ms", Fmt.N(stall / 1000.0, 2), "<= 1000 ms + scheduling", stall <= 1100 ? "PASS" : "FAIL");

        double hang = hangs.Max();
        section.Add("Newer command to its start, Kestrel accepts the request and never answers; HttpClientFirmwareSource inside BoundedFirmwareSource (500 ms bound) (max of " + Samples + "; median " + Fmt.N(Fmt.Median(hangs), 0) + " ms)", Fmt.N(hang, 0) + " ms", "1000 ms", Fmt.N(hang / 1000.0, 2), "< 1000 ms", hang < 1000 ? "PASS" : "FAIL");
        section.Add("Same, HttpClientFirmwareSource called directly (no BoundedFirmwareSource; one sample)", Fmt.N(unwrapped, 0) + " ms", "15000 ms (the source's header timeout)", Fmt.N(unwrapped / 15000.0, 2), "info", "");
        long mid = CutMidDownload(image, job);
        long burning = CutAfterBurning(image, job);
        long trial = CutDuringTrialBoot(image, job);
        section.Add("Bytes downloaded again, cut mid-download", mid.ToString("N0"), ImageSize.ToString("N0") + " (image)", Fmt.N(mid / (double)ImageSize, 4), "<= 4096 (one erase block)", mid <= 4096 ? "PASS" : "FAIL");
        section.Add("Bytes downloaded again, cut after \"burning\" before the boot switch", burning.ToString("N0"), ImageSize.ToString("N0") + " (image)", Fmt.N(burning / (double)ImageSize, 4), "0", burning == 0 ? "PASS" : "FAIL");
        section.Add("Bytes downloaded again, cut during the trial boot", trial.ToString("N0"), ImageSize.ToString("N0") + " (image)", Fmt.N(trial / (double)ImageSize, 4), "0", trial == 0 ? "PASS" : "FAIL");
        section.Note("(a) real time: the agent pumps on its own thread, the command is delivered from another; the fake server's Read blocks for the stated time (a stalled read returns Timeout at its bound). The never-answering rows use the real components: a Kestrel FirmwareServer over HTTPS with a header delay of an hour and the host's HttpClientFirmwareSource (15 s header timeout), the old job's request already hanging when the newer command arrives. (b) the cloud re-sends the command after the mid-download cut; after the other two cuts the agent finishes by itself.");
        return section;
    }

    private static double NewerCommandLatency(byte[] image, UpdateJob job, int readMilliseconds, bool stalled, int startAfter)
    {
        InMemoryBoard board = InMemoryBoard.Create();
        var source = new SlowSource(new ArrayFirmwareSource(image));
        var clock = new RealClock();
        Device device = Device.Build(board, source, clock, new HealthyCheck());
        device.Agent.Enqueue(Topic, Command(job, "https://fw.local/old.bin"));
        device.Agent.Pump();
        device.Agent.Pump();
        source.ReadMilliseconds = readMilliseconds;
        source.Stalled = stalled;
        var thread = new Thread(device.Agent.Run) { IsBackground = true };
        thread.Start();
        Thread.Sleep(startAfter); // the agent is inside slow reads (or waits between attempts) now

        var newer = new UpdateJob("2.1.0", job.Size, job.Md5, null, "https://fw.local/new.bin", "bench-2.1.0");
        AgentState before = device.Agent.State;
        long offsetBefore = device.Agent.Pipeline.Offset;
        var watch = Stopwatch.StartNew();
        device.Agent.Enqueue(Topic, Command(newer, newer.Url));
        while (device.Agent.CurrentJob == null || device.Agent.CurrentJob.Version != "2.1.0")
        {
            if (watch.ElapsedMilliseconds > 60000)
            {
                break;
            }

            Thread.Sleep(1);
        }

        double elapsed = watch.Elapsed.TotalMilliseconds;
        if (Environment.GetEnvironmentVariable("BENCH_DEBUG") == "1")
        {
            Console.WriteLine("state " + before + " offset " + offsetBefore + " latency " + watch.Elapsed.TotalMilliseconds);
        }

        device.Agent.Stop();
        thread.Join(5000);
        return elapsed;
    }

    private static double NeverAnswersLatency(byte[] image, UpdateJob job, bool bounded, int startAfter)
    {
        string directory = Directory.CreateTempSubdirectory("ota-bench-hang-").FullName;
        try
        {
            using RunCertificates certificates = RunCertificates.Create(directory);
            var server = new FirmwareServer(certificates.Server, 0, -1);
            server.StartAsync().GetAwaiter().GetResult();
            try
            {
                FirmwarePackage hanging = server.Add("hang.bin", job.Version, image);
                hanging.Faults.HeaderDelay = TimeSpan.FromHours(1);
                using var http = new HttpClientFirmwareSource(new HttpFirmwareSourceOptions { TrustedAuthority = certificates.Authority });
                using var wrapper = new BoundedFirmwareSource(http, new AgentOptions().ChunkSize);
                IFirmwareSource source = bounded ? wrapper : http;
                InMemoryBoard board = InMemoryBoard.Create();
                Device device = Device.Build(board, source, new RealClock(), new HealthyCheck());
                device.Agent.Enqueue(Topic, Command(job, server.UrlFor(hanging)));
                var thread = new Thread(device.Agent.Run) { IsBackground = true };
                thread.Start();
                Thread.Sleep(startAfter); // the old job's request is at the server, which never answers
                if (hanging.Requests == 0)
                {
                    throw new InvalidOperationException("the old request never reached the server");
                }

                var newer = new UpdateJob("2.1.0", job.Size, job.Md5, null, "https://fw.local/new.bin", "bench-2.1.0");
                var watch = Stopwatch.StartNew();
                device.Agent.Enqueue(Topic, Command(newer, newer.Url));
                while ((device.Agent.CurrentJob == null || device.Agent.CurrentJob.Version != "2.1.0") && watch.ElapsedMilliseconds < 60000)
                {
                    Thread.Sleep(1);
                }

                double elapsed = watch.Elapsed.TotalMilliseconds;
                device.Agent.Stop();
                thread.Join(20000);
                return elapsed;
            }
            finally
            {
                server.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }
        }
        finally
        {
            try
            {
                Directory.Delete(directory, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static long CutMidDownload(byte[] image, UpdateJob job)
    {
        InMemoryBoard board = InMemoryBoard.Create();
        var source = new ArrayFirmwareSource(image);
        Device device = Device.Build(board, source, new SteppingClock(), new HealthyCheck());
        device.Agent.Enqueue(Topic, Command(job, job.Url));
        while (device.Agent.Pipeline.Offset < ImageSize / 2 + 1000)
        {
            device.Agent.Pump();
        }

        board.Esp.Flash.SetPowerCutPlan(PowerCutPlan.BeforeOperation(3));
        Require(CutOut(device), "mid-download cut");
        device = device.PowerOn();
        device.Agent.Enqueue(Topic, Command(job, job.Url));
        device = device.RunToVersion("2.0.0");
        return source.BytesServed - ImageSize;
    }

    private static long CutAfterBurning(byte[] image, UpdateJob job)
    {
        for (int cut = 12; cut > 0; cut--)
        {
            InMemoryBoard board = InMemoryBoard.Create();
            var source = new ArrayFirmwareSource(image);
            Device device = Device.Build(board, source, new SteppingClock(), new HealthyCheck());
            device.Agent.Enqueue(Topic, Command(job, job.Url));
            while (device.Agent.Pipeline.Offset + 4096 < ImageSize)
            {
                device.Agent.Pump();
            }

            board.Esp.Flash.SetPowerCutPlan(PowerCutPlan.BeforeOperation(cut));
            if (!CutOut(device))
            {
                continue;
            }

            device = device.PowerOn();
            if (board.Boot.Version != InMemoryBoard.FactoryVersion || device.Record.CommittedOffset != ImageSize)
            {
                continue;
            }

            device = device.RunToVersion("2.0.0");
            return source.BytesServed - ImageSize;
        }

        throw new InvalidOperationException("no cut between burning and the boot switch");
    }

    private static long CutDuringTrialBoot(byte[] image, UpdateJob job)
    {
        InMemoryBoard board = InMemoryBoard.Create();
        var source = new ArrayFirmwareSource(image);
        var health = new CuttingHealthCheck(board.Esp.Flash, 1);
        Device device = Device.Build(board, source, new SteppingClock(), health);
        device.Agent.Enqueue(Topic, Command(job, job.Url));
        try
        {
            device.RunToVersion("2.0.0");
            throw new InvalidOperationException("the trial boot was not cut");
        }
        catch (PowerLossException)
        {
        }

        device = device.PowerOn().RunToVersion("2.0.0");
        return source.BytesServed - ImageSize;
    }

    private static bool CutOut(Device device)
    {
        try
        {
            for (int i = 0; i < 100; i++)
            {
                device.Agent.Pump();
            }
        }
        catch (PowerLossException)
        {
            return true;
        }
        catch (SimulatedResetException)
        {
            return false;
        }

        return false;
    }

    private static byte[] Command(UpdateJob job, string url) =>
        Encoding.UTF8.GetBytes("{\"type\":\"update_firmware\",\"version\":\"" + job.Version + "\",\"url\":\"" + url + "\",\"md5sum\":\"" + Convert.ToHexStringLower(job.Md5) + "\",\"file_size\":" + job.Size + "}");

    private static void Require(bool condition, string what)
    {
        if (!condition)
        {
            throw new InvalidOperationException(what);
        }
    }

    /// <summary>The agent of one boot of an <see cref="InMemoryBoard"/>; a reset builds the next.</summary>
    private sealed class Device
    {
        private readonly IFirmwareSource _source;
        private readonly IClock _clock;
        private readonly IHealthCheck _health;

        private Device(InMemoryBoard board, IFirmwareSource source, IClock clock, IHealthCheck health)
        {
            Board = board;
            _source = source;
            _clock = clock;
            _health = health;
            var options = new AgentOptions();
            Record = board.Record;
            var pipeline = new UpdatePipeline(board.Slot, source, Record, new byte[options.ChunkSize], options.ChunkSize, options.RequestWindow, options.ChipId, new Md5(), new Sha256());
            Agent = new OtaAgent(new TencentDialect("BENCHPROD", "bench-1", new DialectOptions()), new CountingChannel(), board.Slot, Record, pipeline, clock, new NullLog(), health, options);
        }

        public InMemoryBoard Board { get; }

        public UpdateRecord Record { get; }

        public OtaAgent Agent { get; }

        public static Device Build(InMemoryBoard board, IFirmwareSource source, IClock clock, IHealthCheck health)
        {
            for (int attempt = 0; attempt < 4; attempt++)
            {
                var device = new Device(board, source, clock, health);
                try
                {
                    device.Agent.Boot();
                    device.Agent.OnConnected();
                    return device;
                }
                catch (SimulatedResetException)
                {
                    board.BootAgain();
                }
            }

            throw new InvalidOperationException("boot loop");
        }

        public Device PowerOn()
        {
            Board.BootAgain();
            return Build(Board, _source, _clock, _health);
        }

        public Device RunToVersion(string version)
        {
            Device device = this;
            for (int pumps = 0; pumps < 100000; pumps++)
            {
                if (device.Board.Boot.Version == version && device.Agent.State == AgentState.Idle)
                {
                    return device;
                }

                try
                {
                    int wait = device.Agent.Pump();
                    _clock.Sleep(wait);
                }
                catch (SimulatedResetException)
                {
                    device = device.PowerOn();
                }
            }

            throw new InvalidOperationException("did not reach " + version);
        }
    }

    /// <summary>A source that trickles (one byte per read) or stalls (each read waits out its bound) when told.</summary>
    private sealed class SlowSource : IFirmwareSource
    {
        private readonly IFirmwareSource _inner;

        public SlowSource(IFirmwareSource inner) => _inner = inner;

        public volatile int ReadMilliseconds;

        public volatile bool Stalled;

        public SourceStatus Open(string url, int offset, int length, ref HttpFacts facts) => _inner.Open(url, offset, length, ref facts);

        public SourceStatus Read(byte[] buffer, int offset, int count, out int bytesRead)
        {
            bytesRead = 0;
            if (ReadMilliseconds > 0)
            {
                Thread.Sleep(ReadMilliseconds);
                if (Stalled)
                {
                    return SourceStatus.Timeout;
                }

                return _inner.Read(buffer, offset, 1, out bytesRead);
            }

            return _inner.Read(buffer, offset, count, out bytesRead);
        }

        public void Close() => _inner.Close();
    }

    private sealed class RealClock : IClock
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public long UptimeMilliseconds => _watch.ElapsedMilliseconds;

        public void Sleep(int milliseconds) => Thread.Sleep(milliseconds);
    }

    /// <summary>Healthy, but the first <c>cuts</c> checks cut the power before the confirmation is written.</summary>
    private sealed class CuttingHealthCheck : IHealthCheck
    {
        private readonly NorFlash _flash;
        private int _cuts;

        public CuttingHealthCheck(NorFlash flash, int cuts)
        {
            _flash = flash;
            _cuts = cuts;
        }

        public bool Check(out string reason)
        {
            reason = null!;
            if (_cuts > 0)
            {
                _cuts--;
                _flash.SetPowerCutPlan(PowerCutPlan.BeforeOperation(1));
            }

            return true;
        }
    }
}
