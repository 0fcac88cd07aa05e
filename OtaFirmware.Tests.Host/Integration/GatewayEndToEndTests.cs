// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.SimulatedHardware.SubDevice;
using OtaFirmware.Simulator;
using OtaFirmware.Tests.Host.Gateway;
using Cloud = OtaFirmware.LocalCloud.LocalCloud;
using CloudOptions = OtaFirmware.LocalCloud.LocalCloudOptions;

namespace OtaFirmware.Tests.Host.Integration;

/// <summary>
/// Gateway sub-device updates through real components: the local cloud (its embedded broker on TLS, the Tencent side and
/// gateway operations, Kestrel HTTPS), and a simulated gateway running the real GatewayAgent with four simulated
/// MCUboot sub-devices of two products (seed 001) on OS pipe pairs; light1 with a trusted ECDSA P-256 key in the tests
/// of signed images.
/// </summary>
[TestClass]
public sealed class GatewayEndToEndTests
{
    private const int Payload = 40 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private static readonly string[] Lights = ["light1", "light2", "light3"];
    private static ECDsa s_trusted = null!;
    private static ECDsa s_other = null!;

    [ClassInitialize]
    public static void MakeKeys(TestContext _)
    {
        s_trusted = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        s_other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    }

    [ClassCleanup]
    public static void Clean()
    {
        s_trusted.Dispose();
        s_other.Dispose();
    }

    [TestMethod]
    public async Task Gateway_FourSubDevicesTwoProducts_SharedImageDownloadedOnce()
    {
        await using var run = await Run.StartAsync();
        FirmwarePackage lights = run.Offer(1, 1, 0, 7);
        FirmwarePackage air = run.Offer(2, 0, 0, 8);
        await run.WaitOnline(Lights.Append("airConditioner1"));

        run.Cloud.PushUpdate(lights, Lights);
        run.Cloud.PushUpdate(air, ["airConditioner1"]);
        await run.WaitDone(Lights, "1.1.0");
        await run.WaitDone(["airConditioner1"], "2.0.0");

        Assert.AreEqual((long)lights.Size, lights.BytesServed, "three sub-devices, one download");
        Assert.AreEqual((long)air.Size, air.BytesServed);
        for (int i = 0; i < 3; i++)
        {
            Assert.AreEqual("1.1.0", run.Gateway.SubDevices[i].RunningVersion);
            Assert.IsTrue(run.Gateway.SubDevices[i].RunningConfirmed);
        }

        Assert.AreEqual("2.0.0", run.Gateway.SubDevices[3].RunningVersion);
        Assert.AreEqual("JR1WOKB7Q7/gw_deng1", run.Cloud.Device("light1")!.Gateway);
    }

    [TestMethod]
    public async Task Gateway_PowerCutWhileStaging_ResumesAfterReboot()
    {
        await using var run = await Run.StartAsync();
        FirmwarePackage lights = run.Offer(1, 1, 0, 7);
        await run.WaitOnline(Lights);
        run.Gateway.StagingFlash.SetPowerCutPlan(PowerCutPlan.BeforeOperation(14));

        run.Cloud.PushUpdate(lights, Lights);
        await run.WaitDone(Lights, "1.1.0");

        Assert.IsTrue(run.Log.Contains("power cut"), "no power cut happened");
        string resumed = run.Log.All.FirstOrDefault(l => l.Contains("resuming at byte")) ?? "";
        int at = int.Parse(resumed.Split("resuming at byte ")[1]);
        Assert.IsTrue(at > 0 && at % 4096 == 0, resumed);
        Assert.IsTrue(lights.BytesServed <= 2L * lights.Size - at + 4096, "the resume re-fetched too much: " + lights.BytesServed);
    }

    [TestMethod]
    public async Task Gateway_LinkDropsWhileFlashing_UploadContinuesAndCompletes()
    {
        await using var run = await Run.StartAsync();
        FirmwarePackage air = run.Offer(2, 0, 0, 8);
        await run.WaitOnline(["airConditioner1"]);
        SimulatedSubDevice device = run.Gateway.SubDevices[3];
        device.Faults = new SubDeviceFaults { DropLinkAfterBytes = 20000, LinkDownMilliseconds = 2500 }; // longer than one upload's patience

        run.Cloud.PushUpdate(air, ["airConditioner1"]);
        await run.WaitDone(["airConditioner1"], "2.0.0");

        Assert.AreEqual("2.0.0", device.RunningVersion);
        Assert.IsTrue(run.Log.Contains("link lost during upload (attempt 1)"), "the upload was not retried");
        Assert.AreEqual((air.Size + 311) / 312, device.ChunksWritten, "the retry resumed the device's session: every chunk written once");
    }

    [TestMethod]
    public async Task Gateway_CorruptedImage_RefusedReportedSubDevicesUntouched()
    {
        await using var run = await Run.StartAsync();
        FirmwarePackage lights = run.Offer(1, 1, 0, 7);
        lights.Content[5000] ^= 0xFF; // served bytes no longer match the MD5 the cloud announces
        await run.WaitOnline(["light1", "light2"]);

        run.Cloud.PushUpdate(lights, ["light1", "light2"]);
        foreach (string name in new[] { "light1", "light2" })
        {
            DeviceSnapshot failed = await run.Cloud.WaitFor(name, s => s.Phase == DevicePhase.Failed, Patience);
            Assert.AreEqual(-4, failed.ResultCode, failed.ResultText);
        }

        Assert.AreEqual("1.0.0", run.Gateway.SubDevices[0].RunningVersion);
        Assert.AreEqual(0, run.Gateway.SubDevices[0].UploadRequests);
        Assert.AreEqual(0, run.Gateway.SubDevices[1].UploadRequests);
    }

    [TestMethod]
    public async Task Gateway_SubDeviceRefusedByCloud_ReportedAndSkippedOthersUpdate()
    {
        await using var run = await Run.StartAsync(refuse: "light2");
        FirmwarePackage lights = run.Offer(1, 1, 0, 7);
        await run.WaitOnline(["light1", "light3"]);

        run.Cloud.PushUpdate(lights, ["light1", "light3"]);
        await run.WaitDone(["light1", "light3"], "1.1.0");

        Assert.IsTrue(run.Log.Contains("E69UADXUYY/light2 REFUSED"));
        Assert.AreEqual(1, run.Gateway.Agent!.RefusedCount);
        Assert.AreEqual("1.0.0", run.Gateway.SubDevices[1].RunningVersion);
        Assert.IsNull(run.Cloud.Device("light2")?.ReportedVersion);
    }

    [TestMethod]
    public async Task Gateway_ImageSignedWithTrustedKey_FlashedAndConfirmed()
    {
        await using var run = await Run.StartAsync(signed: true);
        byte[] image = SignedSubDeviceImageTests.Sign(McubootImage.BuildUnsealed(1, 1, 0, 0, Payload, 7), s_trusted);
        FirmwarePackage lights = run.Offer(image, "1.1.0");
        await run.WaitOnline(["light1"]);

        run.Cloud.PushUpdate(lights, ["light1"]);
        await run.WaitDone(["light1"], "1.1.0");

        Assert.AreEqual("1.1.0", run.Gateway.SubDevices[0].RunningVersion);
        Assert.IsTrue(run.Gateway.SubDevices[0].RunningConfirmed);
        Assert.AreEqual(0, run.Gateway.SubDevices[0].ImagesRefusedAtBoot);
    }

    [TestMethod]
    [DataRow("unsigned", "not signed")]
    [DataRow("other key", "another key")]
    public async Task Gateway_ImageNotSignedWithTrustedKey_RefusedNothingUploaded(string signing, string reason)
    {
        await using var run = await Run.StartAsync(signed: true);
        byte[] image = signing == "unsigned"
            ? McubootImage.Build(1, 1, 0, 0, Payload, 7)
            : SignedSubDeviceImageTests.Sign(McubootImage.BuildUnsealed(1, 1, 0, 0, Payload, 7), s_other);
        FirmwarePackage lights = run.Offer(image, "1.1.0");
        await run.WaitOnline(["light1"]);

        run.Cloud.PushUpdate(lights, ["light1"]);
        DeviceSnapshot failed = await run.Cloud.WaitFor("light1", s => s.Phase == DevicePhase.Failed, Patience);

        Assert.AreEqual(-4, failed.ResultCode, failed.ResultText);
        Assert.IsTrue(run.Log.Contains("SignatureMissing"), string.Join("\n", run.Log.All));
        Assert.IsTrue(run.Log.Contains(reason), string.Join("\n", run.Log.All));
        Assert.AreEqual(0, run.Gateway.SubDevices[0].UploadRequests);
        Assert.IsNull(run.Gateway.SubDevices[0].SecondaryVersion);
        Assert.AreEqual("1.0.0", run.Gateway.SubDevices[0].RunningVersion);
    }

    private sealed class Run : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Thread _thread;
        private readonly string _directory;

        private Run(Cloud cloud, string directory, bool signed)
        {
            Cloud = cloud;
            _directory = directory;
            var defaults = new GatewayBoardOptions();
            cloud.ProvisionDevice(new OtaFirmware.LocalCloud.Clouds.DeviceAddress("tencent", defaults.Product, defaults.Name));
            Gateway = new SimulatedGateway(
                new GatewayBoardOptions
                {
                    BrokerPort = cloud.BrokerTlsPort!.Value,
                    MqttCaFile = cloud.CaPemPath,
                    HttpsCaFile = cloud.CaPemPath,
                    SecretsFile = cloud.SecretsPath,
                    Agent = new OtaFirmware.Gateway.GatewayOptions { RetryDelayMilliseconds = 100, LinkStalls = 1 },
                    SigningKeys = signed
                        ? new Dictionary<string, string> { ["E69UADXUYY/light1"] = Convert.ToBase64String(s_trusted.ExportSubjectPublicKeyInfo()) }
                        : new Dictionary<string, string>(),
                },
                logToConsole: false);
            Gateway.Log.Line += (_, line) => Log.Add(line);
            _thread = new Thread(() => Gateway.Run(_stop.Token)) { IsBackground = true, Name = "gateway" };
            _thread.Start();
        }

        public Cloud Cloud { get; }

        public SimulatedGateway Gateway { get; }

        public LineLog Log { get; } = new();

        public static async Task<Run> StartAsync(string? refuse = null, bool signed = false)
        {
            string directory = Directory.CreateTempSubdirectory("otafw-gw-").FullName;
            var cloud = new Cloud(new CloudOptions { DataDirectory = directory });
            await cloud.StartAsync();
            if (refuse != null)
            {
                cloud.RefuseSubDevice("E69UADXUYY", refuse, -1);
            }

            return new Run(cloud, directory, signed);
        }

        public FirmwarePackage Offer(int major, int minor, int revision, int seed) =>
            Offer(McubootImage.Build(major, minor, revision, 0, Payload, seed), major + "." + minor + "." + revision);

        public FirmwarePackage Offer(byte[] image, string version) =>
            Cloud.AddFirmware(image, version, "sub-" + version + ".bin");

        public async Task WaitOnline(IEnumerable<string> names)
        {
            foreach (string name in names)
            {
                await Wait(name, s => s.ReportedVersion == "1.0.0");
            }
        }

        public async Task WaitDone(IEnumerable<string> names, string version)
        {
            foreach (string name in names)
            {
                await Wait(name, s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == version);
            }
        }

        private async Task Wait(string name, Func<DeviceSnapshot, bool> until)
        {
            try
            {
                await Cloud.WaitFor(name, until, Patience);
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException(ex.Message + "\ngateway log:\n" + string.Join("\n", Log.All), ex);
            }
        }

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _thread.Join(TimeSpan.FromSeconds(10));
            Gateway.Dispose();
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

    private sealed class LineLog
    {
        private readonly List<string> _lines = [];

        public string[] All
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

        public bool Contains(string text) => All.Any(l => l.Contains(text, StringComparison.Ordinal));
    }
}
