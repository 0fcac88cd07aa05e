// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Simulator;
using Cloud = OtaFirmware.LocalCloud.LocalCloud;
using CloudOptions = OtaFirmware.LocalCloud.LocalCloudOptions;

namespace OtaFirmware.Tests.Host.Integration;

/// <summary>
/// Whole updates through real components: a private mosquitto (devices on its TLS listener), the local cloud's Kestrel
/// HTTPS server and cloud side, and a simulated board running the real agent — once per cloud dialect.
/// </summary>
public abstract class EndToEndTests
{
    private const int ImageSize = 256 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    /// <summary>"tencent", "aliyun" or "jdcloud".</summary>
    protected abstract string CloudName { get; }

    [TestMethod]
    public async Task Update_FullUpdate_ConfirmedAndNewVersionReported()
    {
        await using var run = await Run.StartAsync(CloudName);
        run.StartBoard();
        FirmwarePackage package = run.Offer("1.1.0");

        DeviceSnapshot done = await run.PushAndWait(package, s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == "1.1.0");

        Assert.AreEqual("1.0.0", done.FromVersion);
        Assert.AreEqual("1.1.0", run.Board!.RunningVersion);
        Assert.IsTrue(run.Log.Contains("passed its health check"));
    }

    [TestMethod]
    public async Task Update_PowerCutDuringDownload_ResumesFromCommittedBlock()
    {
        await using var run = await Run.StartAsync(CloudName);
        // Settling the factory image costs a few flash operations; ~3 per 4 KiB block after that: cut near 40 %.
        run.StartBoard(cutAtOperation: 90);
        FirmwarePackage package = run.Offer("1.1.0");

        await run.PushAndWait(package, s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == "1.1.0");

        string resumed = run.Log.Lines.FirstOrDefault(l => l.Contains("resuming 1.1.0 at byte")) ?? "";
        Assert.IsTrue(run.Log.Contains("power cut"), "no power cut happened");
        int at = int.Parse(resumed.Split("at byte ")[1].Split(' ')[0]);
        Assert.IsTrue(at > 0 && at % 4096 == 0, resumed);
        Assert.AreEqual(2, run.Board!.Boots - 1, "power-on after the cut, then the reboot into 1.1.0");
    }

    [TestMethod]
    public async Task Update_BrokerRestartsMidUpdate_ReconnectsAndCompletes()
    {
        await using var run = await Run.StartAsync(CloudName);
        run.StartBoard();
        FirmwarePackage package = run.Offer("1.1.0");
        package.Faults.BytesPerSecond = 128 * 1024;

        run.Cloud.PushUpdate(package, [run.DeviceName]);
        await run.Cloud.WaitFor(run.DeviceName, s => s.Phase == DevicePhase.Downloading && s.Percent > 0, Patience);
        run.Cloud.Broker!.Restart();
        DeviceSnapshot done = await run.Cloud.WaitFor(run.DeviceName, s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == "1.1.0", Patience);

        Assert.AreEqual("1.1.0", done.ReportedVersion);
        Assert.IsTrue(package.BytesServed < 2L * ImageSize, "the broker restart must not restart the download");
    }

    [TestMethod]
    public async Task Update_ServerIgnoresRangeAfterADrop_RestartsCleanlyAndCompletes()
    {
        await using var run = await Run.StartAsync(CloudName);
        run.StartBoard();
        FirmwarePackage package = run.Offer("1.1.0");
        package.Faults.IgnoreRange = true;
        package.Faults.DropAfterBytes = 100_000;
        package.Faults.DropCount = 1;

        await run.PushAndWait(package, s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == "1.1.0");

        Assert.AreEqual("1.1.0", run.Board!.RunningVersion);
    }

    [TestMethod]
    public async Task Update_UrlExpiresDuringDownload_FreshUrlRequestedAndDownloadResumes()
    {
        await using var run = await Run.StartAsync(CloudName, signedUrlLifetime: TimeSpan.FromSeconds(1));
        run.StartBoard(retryBaseMilliseconds: 5000); // first retry after 2.5..5 s: past the 1 s lifetime even when the expiry rounds up to whole seconds
        FirmwarePackage package = run.Offer("1.1.0");
        package.Faults.DropAfterBytes = 30_000; // inside the first 64 KiB request window
        package.Faults.DropCount = 1;

        DeviceSnapshot done = await run.PushAndWait(package, s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == "1.1.0");

        Assert.IsTrue(run.Log.Contains("asking the cloud for a fresh URL"));
        Assert.IsTrue(run.Log.Contains("new URL"), "the fresh URL must continue the same download");
        Assert.IsTrue(done.CommandsSent >= 2);
        Assert.IsTrue(package.BytesServed < ImageSize + 64 * 1024 + 8192, "served " + package.BytesServed);
    }

    [TestMethod]
    public async Task Update_ServerNeverAnswers_NewerPushTakesOverWhileTheOldRequestHangs()
    {
        await using var run = await Run.StartAsync(CloudName);
        run.StartBoard();
        FirmwarePackage hanging = run.Offer("1.1.0");
        hanging.Faults.HeaderDelay = TimeSpan.FromHours(1); // accepts the request, never answers
        await run.Cloud.WaitFor(run.DeviceName, s => s.ReportedVersion == "1.0.0", Patience);
        run.Cloud.PushUpdate(hanging, [run.DeviceName]);
        await run.Cloud.WaitFor(run.DeviceName, s => s.TargetVersion == "1.1.0" && s.Phase == DevicePhase.Downloading, Patience);
        for (int i = 0; i < 500 && hanging.Requests == 0; i++)
        {
            await Task.Delay(20);
        }

        Assert.AreEqual(1, hanging.Requests, "the first request reached the server and hangs");
        FirmwarePackage newer = run.Offer("1.2.0");
        await run.PushAndWait(newer, s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == "1.2.0");

        // The agent took the newer job while the first request still hung: no step of 1.1.0 ever failed (it would
        // have, by the source's header timeout, had the agent waited for the server), and the server sent it nothing.
        string[] lines = run.Log.Lines;
        int superseded = Array.FindIndex(lines, l => l.Contains("1.2.0 supersedes 1.1.0", StringComparison.Ordinal));
        int firstFailure = Array.FindIndex(lines, l => l.Contains("step failed", StringComparison.Ordinal));
        Assert.IsTrue(superseded >= 0, string.Join("\n", lines));
        Assert.IsTrue(firstFailure < 0 || firstFailure > superseded, "the agent waited for the hanging server:\n" + string.Join("\n", lines));
        Assert.AreEqual(0L, hanging.BytesServed);
        Assert.AreEqual("1.2.0", run.Board!.RunningVersion);
    }

    [TestMethod]
    public async Task Update_DigestMismatch_RefusedAndOldVersionKeepsRunning()
    {
        await using var run = await Run.StartAsync(CloudName);
        run.StartBoard();
        FirmwarePackage package = run.Offer("1.1.0");
        package.Content[ImageSize / 2] ^= 0x01;

        DeviceSnapshot failed = await run.PushAndWait(package, s => s.Phase == DevicePhase.Failed);
        await Task.Delay(300);

        Assert.AreNotEqual(0, failed.ResultCode);
        StringAssert.Contains(failed.ResultText, "MD5");
        Assert.AreEqual("1.0.0", run.Board!.RunningVersion);
        Assert.AreEqual(1, run.Board.Boots);
    }

    [TestMethod]
    public async Task Update_HealthCheckFails_RolledBackAndReportedWithOldVersion()
    {
        await using var run = await Run.StartAsync(CloudName);
        run.StartBoard(unhealthy: ["1.1.0"]);
        FirmwarePackage package = run.Offer("1.1.0");

        DeviceSnapshot failed = await run.PushAndWait(package, s => s.Phase == DevicePhase.Failed);
        DeviceSnapshot after = await run.Cloud.WaitFor(run.DeviceName, s => s.ReportedVersion == "1.0.0", Patience);

        StringAssert.Contains(failed.ResultText, "health check");
        Assert.AreEqual("1.0.0", after.ReportedVersion);
        Assert.AreEqual("1.0.0", run.Board!.RunningVersion);
        Assert.AreEqual(3, run.Board.Boots, "factory boot, trial boot of 1.1.0, boot after the rollback");
    }

    /// <summary>One cloud, one broker, one board.</summary>
    private sealed class Run : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private Thread? _thread;

        private Run(Cloud cloud, string cloudName, string directory)
        {
            Cloud = cloud;
            CloudName = cloudName;
            Directory = directory;
            Product = cloudName == "tencent" ? "E2EPRODUCT" : "a1E2eKey";
            DeviceName = "e2e-" + cloudName;
        }

        public Cloud Cloud { get; }

        public string CloudName { get; }

        public string Directory { get; }

        public string Product { get; }

        public string DeviceName { get; }

        public SimulatedBoard? Board { get; private set; }

        public LineCollector Log { get; } = new();

        public static async Task<Run> StartAsync(string cloudName, TimeSpan? signedUrlLifetime = null)
        {
            string directory = System.IO.Directory.CreateTempSubdirectory("otafw-e2e-").FullName;
            var cloud = new Cloud(new CloudOptions
            {
                DataDirectory = directory,
                UrlSigningSecret = signedUrlLifetime == null ? null : "e2e-secret"u8.ToArray(),
                SignedUrlLifetime = signedUrlLifetime ?? TimeSpan.FromMinutes(30),
            });
            await cloud.StartAsync();
            return new Run(cloud, cloudName, directory);
        }

        public void StartBoard(int cutAtOperation = 0, IReadOnlyList<string>? unhealthy = null, int retryBaseMilliseconds = 200)
        {
            Cloud.RegisterDevice(new DeviceAddress(CloudName, Product, DeviceName));
            Cloud.ProvisionDevice(new DeviceAddress(CloudName, Product, DeviceName));
            var options = new BoardOptions
            {
                Name = DeviceName,
                Cloud = CloudName,
                Product = Product,
                BrokerPort = Cloud.BrokerTlsPort!.Value,
                MqttCaFile = Cloud.CaPemPath,
                HttpsCaFile = Cloud.CaPemPath,
                SecretsFile = Cloud.SecretsPath,
                FactoryImageSize = 64 * 1024,
                UnhealthyVersions = unhealthy ?? [],
                HealthCheckSeconds = 5,
                Agent = new AgentOptions { RetryBaseMilliseconds = retryBaseMilliseconds, ProgressIntervalMilliseconds = 200 },
            };
            Board = new SimulatedBoard(options, logToConsole: false);
            Board.Log.Line += (_, line) => Log.Add(line);
            if (cutAtOperation > 0)
            {
                Board.PowerCutPlan = PowerCutPlan.BeforeOperation(cutAtOperation);
            }

            _thread = new Thread(() => Board.Run(_stop.Token)) { IsBackground = true, Name = DeviceName };
            _thread.Start();
        }

        public FirmwarePackage Offer(string version) =>
            Cloud.AddFirmware(Esp32ImageBuilder.Build(version, "OtaFirmware", 0, ImageSize, version.GetHashCode()), version);

        public async Task<DeviceSnapshot> PushAndWait(FirmwarePackage package, Func<DeviceSnapshot, bool> until)
        {
            await Cloud.WaitFor(DeviceName, s => s.ReportedVersion == "1.0.0", Patience);
            Cloud.PushUpdate(package, [DeviceName]);
            try
            {
                return await Cloud.WaitFor(DeviceName, s => s.TargetVersion == package.Version && until(s), Patience);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException(ex.Message + "\nboard log:\n" + string.Join("\n", Log.Lines), ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _thread?.Join(TimeSpan.FromSeconds(10));
            await Cloud.DisposeAsync();
            try
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>A thread-safe list of log lines.</summary>
    private sealed class LineCollector
    {
        private readonly List<string> _lines = new();

        public string[] Lines
        {
            get
            {
                lock (_lines)
                {
                    return _lines.ToArray();
                }
            }
        }

        public void Add(string line)
        {
            lock (_lines)
            {
                _lines.Add(line);
            }
        }

        public bool Contains(string text) => Lines.Any(l => l.Contains(text, StringComparison.Ordinal));
    }
}

[TestClass]
public sealed class TencentEndToEndTests : EndToEndTests
{
    protected override string CloudName => "tencent";
}

[TestClass]
public sealed class AliyunEndToEndTests : EndToEndTests
{
    protected override string CloudName => "aliyun";
}

[TestClass]
public sealed class JdCloudEndToEndTests : EndToEndTests
{
    protected override string CloudName => "jdcloud";
}
