// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Security.Cryptography;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.LocalCloud;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.SimulatedHardware.SubDevice;
using OtaFirmware.Simulator;

namespace OtaFirmware.Demo;

/// <summary>
/// The gateway demo (<c>./demo.sh --gateway</c>): a simulated gateway brings five sub-devices online through the
/// Tencent gateway protocol (the cloud refuses one), stages one image for three lights with a single download,
/// survives a power cut while staging, and refuses a corrupted image and an image signed with another key for the air
/// conditioner, whose MCUboot trusts one ECDSA P-256 key.
/// </summary>
public static class GatewayDemo
{
    private const int Payload = 192 * 1024;
    private const int Steps = 6;
    private static readonly string[] Lights = ["light1", "light2", "light3"];

    /// <summary>Runs the narrated demo.</summary>
    /// <returns>0 when every step ended as expected.</returns>
    public static async Task<int> RunAsync(bool verbose)
    {
        var clock = Stopwatch.StartNew();
        string work = Directory.CreateTempSubdirectory("otafirmware-gwdemo-").FullName;
        Console.WriteLine("OtaFirmware gateway demo: a gateway updates MCUboot sub-devices over serial SMP links for Tencent IoT Hub");
        Console.WriteLine("  work directory: " + work);
        Console.WriteLine();

        Step(1, "starting the local cloud and its authenticating broker; the cloud will refuse the unknown sub-device light4");
        await using var cloud = new LocalCloud.LocalCloud(new LocalCloudOptions { DataDirectory = work, Log = verbose ? l => Console.WriteLine("    cloud | " + l) : null });
        await cloud.StartAsync();
        cloud.RefuseSubDevice("E69UADXUYY", "light4", -1);
        using ECDsa trusted = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using ECDsa other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var gatewayDefaults = new GatewayBoardOptions();
        cloud.ProvisionDevice(new DeviceAddress("tencent", gatewayDefaults.Product, gatewayDefaults.Name));
        var shown = new Dictionary<string, string>();
        cloud.DeviceChanged += s =>
        {
            string key = s.TargetVersion + " " + s.Phase + " " + (s.Phase == DevicePhase.Downloading ? s.Percent / 50 : 0);
            bool changed;
            lock (shown)
            {
                changed = !shown.TryGetValue(s.Name, out string? last) || last != key;
                shown[s.Name] = key;
            }

            if (changed && s.Gateway != null && s.TargetVersion != null && s.Phase is DevicePhase.Downloading or DevicePhase.Burning or DevicePhase.Succeeded or DevicePhase.Failed)
            {
                Console.WriteLine($"    cloud | {s.Name,-16} {s.Phase,-11} {(s.Phase == DevicePhase.Downloading ? s.Percent + " %" : s.ResultText ?? string.Empty)}");
            }
        };
        Done($"broker with TLS on port {cloud.BrokerTlsPort}, firmware server at {cloud.Firmware.HttpsBase}");

        Step(2, "powering on gateway JR1WOKB7Q7/gw_deng1 with five sub-devices (two products) on serial lines, all at 1.0.0; the air conditioner trusts one ECDSA P-256 key");
        using var gateway = new SimulatedGateway(
            new GatewayBoardOptions
            {
                BrokerPort = cloud.BrokerTlsPort!.Value,
                MqttCaFile = cloud.CaPemPath,
                HttpsCaFile = cloud.CaPemPath,
                SecretsFile = cloud.SecretsPath,
                SubDevices = [("E69UADXUYY", "light1"), ("E69UADXUYY", "light2"), ("E69UADXUYY", "light3"), ("YI7XCD5DRH", "airConditioner1"), ("E69UADXUYY", "light4")],
                SigningKeys = new Dictionary<string, string> { ["YI7XCD5DRH/airConditioner1"] = Convert.ToBase64String(trusted.ExportSubjectPublicKeyInfo()) },
            },
            logToConsole: false);
        gateway.Log.Line += (_, line) =>
        {
            if (verbose || line.Contains("REFUSED") || line.Contains("staging") || line.Contains("shares") || line.Contains("power cut") || line.Contains("now runs") || line.Contains("FAILED") || line.Contains("boot"))
            {
                Console.WriteLine("  gateway | " + line);
            }
        };
        using var stop = new CancellationTokenSource();
        var thread = new Thread(() => gateway.Run(stop.Token)) { IsBackground = true, Name = "gateway" };
        thread.Start();
        foreach (string name in Lights.Append("airConditioner1"))
        {
            await cloud.WaitFor(name, s => s.ReportedVersion == "1.0.0", TimeSpan.FromSeconds(30));
        }

        Done("four sub-devices online and reporting 1.0.0 under their own identities; light4 refused and skipped");

        Step(3, "pushing 1.1.0 to the three lights and 2.0.0, signed with the trusted key, to the air conditioner");
        FirmwarePackage lights = cloud.AddFirmware(McubootImage.Build(1, 1, 0, 0, Payload, 11), "1.1.0", "light-1.1.0.bin");
        FirmwarePackage air = cloud.AddFirmware(Sign(2, 0, 0, 20, trusted), "2.0.0", "aircon-2.0.0.bin");
        cloud.PushUpdate(lights, Lights);
        cloud.PushUpdate(air, ["airConditioner1"]);
        await WaitDone(cloud, Lights, "1.1.0");
        await WaitDone(cloud, ["airConditioner1"], "2.0.0");
        Done($"{lights.Size:N0}-byte light image served {lights.BytesServed:N0} bytes for three lights: one download, shared");

        Step(4, "pushing 1.2.0 to the lights and cutting the gateway's power while it stages the image");
        FirmwarePackage v120 = cloud.AddFirmware(McubootImage.Build(1, 2, 0, 0, Payload, 12), "1.2.0", "light-1.2.0.bin");
        v120.Faults.BytesPerSecond = 128 * 1024;
        gateway.StagingFlash.SetPowerCutPlan(PowerCutPlan.BeforeOperation(60));
        cloud.PushUpdate(v120, Lights);
        await WaitDone(cloud, Lights, "1.2.0");
        Done($"the gateway rebooted and resumed staging; {v120.BytesServed:N0} bytes served for a {v120.Size:N0}-byte image");

        Step(5, "pushing 2.1.0 to the air conditioner with bytes that do not match the announced MD5");
        FirmwarePackage bad = cloud.AddFirmware(Sign(2, 1, 0, 21, trusted), "2.1.0", "aircon-2.1.0.bin");
        bad.Content[50_000] ^= 0x5A;
        cloud.PushUpdate(bad, ["airConditioner1"]);
        DeviceSnapshot refused = await cloud.WaitFor("airConditioner1", s => s.TargetVersion == "2.1.0" && s.Phase == DevicePhase.Failed, TimeSpan.FromSeconds(60));
        Done($"refused with code {refused.ResultCode}: \"{refused.ResultText}\"; the air conditioner still runs {gateway.SubDevices[3].RunningVersion}");

        Step(6, "pushing 2.2.0 to the air conditioner, signed with another key");
        FirmwarePackage untrusted = cloud.AddFirmware(Sign(2, 2, 0, 22, other), "2.2.0", "aircon-2.2.0.bin");
        int requestsBefore = gateway.SubDevices[3].UploadRequests;
        cloud.PushUpdate(untrusted, ["airConditioner1"]);
        DeviceSnapshot untrustedResult = await cloud.WaitFor("airConditioner1", s => s.TargetVersion == "2.2.0" && s.Phase == DevicePhase.Failed, TimeSpan.FromSeconds(60));
        int uploadRequests = gateway.SubDevices[3].UploadRequests - requestsBefore;
        Done($"refused with code {untrustedResult.ResultCode}: \"{untrustedResult.ResultText}\"; {uploadRequests} upload requests sent; the air conditioner still runs {gateway.SubDevices[3].RunningVersion}");

        stop.Cancel();
        thread.Join(TimeSpan.FromSeconds(10));
        Console.WriteLine();
        Console.WriteLine($"Gateway demo finished in {clock.Elapsed.TotalSeconds:F0} s.");
        bool ok = lights.BytesServed == lights.Size && gateway.SubDevices[0].RunningVersion == "1.2.0"
            && gateway.SubDevices[3].RunningVersion == "2.0.0" && gateway.SubDevices[4].RunningVersion == "1.0.0"
            && untrustedResult.ResultCode == -4 && uploadRequests == 0;
        return ok ? 0 : 1;
    }

    // imgtool sign with an ECDSA P-256 key: SHA-256, KEYHASH (SHA-256 of the DER SubjectPublicKeyInfo) and the DER
    // signature over header + body.
    private static byte[] Sign(int major, int minor, int revision, int seed, ECDsa key)
    {
        byte[] unsealed = McubootImage.BuildUnsealed(major, minor, revision, 0, Payload, seed);
        byte[] signature = key.SignData(unsealed, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return McubootImage.Seal(unsealed, SHA256.HashData(key.ExportSubjectPublicKeyInfo()), McubootFormat.TlvEcdsaSignature, signature);
    }

    private static async Task WaitDone(LocalCloud.LocalCloud cloud, IEnumerable<string> names, string version)
    {
        foreach (string name in names)
        {
            await cloud.WaitFor(name, s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == version, TimeSpan.FromSeconds(90));
        }
    }

    private static void Step(int n, string text) => Console.WriteLine($"[{n}/{Steps}] {text} ...");

    private static void Done(string text) => Console.WriteLine("      -> " + text);
}
