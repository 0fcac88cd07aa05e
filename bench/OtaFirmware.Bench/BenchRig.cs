// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Diagnostics;
using OtaFirmware.Agent;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.Simulator;
using Cloud = OtaFirmware.LocalCloud.LocalCloud;
using CloudOptions = OtaFirmware.LocalCloud.LocalCloudOptions;

namespace OtaFirmware.Bench;

/// <summary>One local cloud (its embedded authenticating broker on TLS, HTTPS firmware server) and in-process boards on threads.</summary>
internal sealed class BenchRig : IAsyncDisposable
{
    public const string Product = "BENCHPROD";

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = new();
    private readonly string _directory;

    private BenchRig(Cloud cloud, string directory)
    {
        Cloud = cloud;
        _directory = directory;
    }

    public Cloud Cloud { get; }

    public Dictionary<string, SimulatedBoard> Boards { get; } = new();

    /// <summary>Every board log line with its Stopwatch timestamp.</summary>
    public ConcurrentQueue<(long At, string Board, string Line)> Log { get; } = new();

    public static async Task<BenchRig> StartAsync()
    {
        string directory = Directory.CreateTempSubdirectory("otafw-bench-").FullName;
        var cloud = new Cloud(new CloudOptions { DataDirectory = directory });
        await cloud.StartAsync();
        return new BenchRig(cloud, directory);
    }

    public SimulatedBoard StartBoard(string name, string layout, bool keepLog)
    {
        Cloud.RegisterDevice(new DeviceAddress("tencent", Product, name));
        Cloud.ProvisionDevice(new DeviceAddress("tencent", Product, name));
        var board = new SimulatedBoard(
            new BoardOptions
            {
                Name = name,
                Cloud = "tencent",
                Product = Product,
                BrokerPort = Cloud.BrokerTlsPort!.Value,
                MqttCaFile = Cloud.CaPemPath,
                HttpsCaFile = Cloud.CaPemPath,
                SecretsFile = Cloud.SecretsPath,
                Board = layout,
                FactoryImageSize = 64 * 1024,
                Agent = new AgentOptions(),
            },
            logToConsole: Environment.GetEnvironmentVariable("BENCH_BOARD_LOG") == "1");
        if (keepLog)
        {
            board.Log.Line += (b, line) => Log.Enqueue((Stopwatch.GetTimestamp(), b, line));
        }

        var thread = new Thread(() => board.Run(_stop.Token)) { IsBackground = true, Name = name };
        _threads.Add(thread);
        Boards.Add(name, board);
        thread.Start();
        return board;
    }

    /// <summary>Pushes <paramref name="package"/> to one board and waits for the cloud to see Succeeded with the new version.</summary>
    /// <returns>Stopwatch timestamps of the push and of the cloud's Succeeded.</returns>
    public async Task<(long Pushed, long Succeeded)> PushAndWait(FirmwarePackage package, string name, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(DeviceSnapshot s)
        {
            if (s.Name != name || s.TargetVersion != package.Version)
            {
                return;
            }

            if (s.Phase == DevicePhase.Succeeded && s.ReportedVersion == package.Version)
            {
                done.TrySetResult(Stopwatch.GetTimestamp());
            }
            else if (s.Phase == DevicePhase.Failed)
            {
                done.TrySetException(new InvalidOperationException(name + " failed " + package.Version + ": " + s.ResultText));
            }
        }

        Cloud.DeviceChanged += Watch;
        try
        {
            long pushed = Stopwatch.GetTimestamp();
            Cloud.PushUpdate(package, [name]);
            long succeeded = await done.Task.WaitAsync(timeout);
            return (pushed, succeeded);
        }
        finally
        {
            Cloud.DeviceChanged -= Watch;
        }
    }

    /// <summary>Waits until every named device reported <paramref name="version"/>.</summary>
    public async Task WaitReported(IEnumerable<string> names, string version, TimeSpan timeout) =>
        await Task.WhenAll(names.Select(n => Cloud.WaitFor(n, s => s.ReportedVersion == version, timeout)));

    /// <summary>The first log line of <paramref name="board"/> after <paramref name="after"/> containing <paramref name="text"/>.</summary>
    public long? LogTime(string board, long after, string text) =>
        Log.Where(e => e.Board == board && e.At >= after && e.Line.Contains(text, StringComparison.Ordinal)).Select(e => (long?)e.At).FirstOrDefault();

    public async ValueTask DisposeAsync()
    {
        _stop.Cancel();
        DateTime deadline = DateTime.UtcNow.AddSeconds(20);
        foreach (Thread thread in _threads)
        {
            TimeSpan left = deadline - DateTime.UtcNow;
            thread.Join(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        await Cloud.DisposeAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
