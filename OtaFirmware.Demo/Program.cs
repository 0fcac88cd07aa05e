// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Security.Cryptography;
using OtaFirmware.Demo;
using OtaFirmware.Host.Signing;
using OtaFirmware.LocalCloud;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Simulator;

// The OtaFirmware demo: a simulated ESP32 (its flash in a file, in its own process) takes an OTA update from the local
// cloud through a real MQTT broker (the cloud's own, which checks the board's signed credentials) and a real HTTPS server, survives a power cut at ~40 %, and refuses an image
// whose digest does not match and one signed with a key it does not trust. Usage: demo [--cloud tencent|aliyun|jdcloud] [--verbose]; demo --gateway runs the gateway
// sub-device demo (GatewayDemo.cs).
bool verbose = args.Contains("--verbose");
if (args.Contains("--gateway"))
{
    return await GatewayDemo.RunAsync(verbose);
}

string cloudName = ArgValue(args, "--cloud") ?? "tencent";
string product = cloudName == "tencent" ? "DEMOPRODID" : "a1DemoKey";
const string Device = "demo-board";
const int ImageSize = 1024 * 1024;
var clock = Stopwatch.StartNew();
string work = Directory.CreateTempSubdirectory("otafirmware-demo-").FullName;

Console.WriteLine("OtaFirmware demo: a simulated ESP32 takes an over-the-air update through a real MQTT broker and a real HTTPS server");
Console.WriteLine("  cloud protocol: " + cloudName + "; work directory: " + work);
Console.WriteLine();

Step(1, "starting the local cloud (its own authenticating MQTT broker and HTTPS server) on 127.0.0.1");
await using var cloud = new LocalCloud(new LocalCloudOptions { DataDirectory = work, Log = verbose ? l => Console.WriteLine("    cloud | " + l) : null });
await cloud.StartAsync();
int brokerPort = cloud.BrokerTlsPort!.Value;
cloud.ProvisionDevice(new DeviceAddress(cloudName, product, Device));
Done($"broker with TLS on port {brokerPort}, firmware server at {cloud.Firmware.HttpsBase}, both with a CA made for this run; the board's secret provisioned in {cloud.SecretsPath}");

// The user's signing key: made here for the run (otafw-sign keygen does it for real projects; the private key stays off
// devices and CI). The board trusts only its digest, as device_info.json's signing_key_digests or the eFuse would.
using RSA signingKey = SecureBootSigner.GenerateKey();
using RSA strangerKey = SecureBootSigner.GenerateKey();
string trustedDigest = Convert.ToHexStringLower(SecureBootSigner.KeyDigest(signingKey));

Step(2, "powering on a simulated ESP32 (4 MB flash kept in a file) with factory firmware 1.0.0");
string flashFile = Path.Combine(work, Device + ".flash");
string resumedAt = "?";
string[] boardArgs =
{
    "--name", Device, "--cloud", cloudName, "--product", product, "--broker", "127.0.0.1:" + brokerPort,
    "--mqtt-ca", cloud.CaPemPath, "--https-ca", cloud.CaPemPath, "--secrets", cloud.SecretsPath, "--flash", flashFile, "--factory-version", "1.0.0",
    "--trusted-key-digest", trustedDigest,
};
void OnBoardLine(string line)
{
    Match resumed = Regex.Match(line, "resuming \\S+ at byte (\\d+)");
    if (resumed.Success)
    {
        resumedAt = resumed.Groups[1].Value;
    }

    if (verbose || Regex.IsMatch(line, "boot [0-9]+ since|resuming|downloading|verified|rebooting|confirmed|settle|reported the outcome|step failed|power cut|retry|refused"))
    {
        Console.WriteLine("    board | " + line);
    }
}

cloud.RegisterDevice(new DeviceAddress(cloudName, product, Device));
var board = BoardProcess.Start(boardArgs, OnBoardLine);
await cloud.WaitFor(Device, s => s.ReportedVersion == "1.0.0", TimeSpan.FromSeconds(30));
Done($"the board reports version 1.0.0 and trusts images signed with key {trustedDigest[..16]}...");

Step(3, "pushing 1.1.0 (1 MiB) and cutting the power at about 40 %");
FirmwarePackage v110 = cloud.AddFirmware(SecureBootSigner.Sign(Esp32ImageBuilder.Build("1.1.0", "OtaFirmware", 0, ImageSize, 110), signingKey), "1.1.0");
v110.Faults.BytesPerSecond = 256 * 1024; // slow enough to watch, and to cut at 40 %
Console.WriteLine($"    md5 {v110.Md5}, url {cloud.UrlFor(v110)}");
cloud.PushUpdate(v110, new[] { Device });
DeviceSnapshot before = await cloud.WaitFor(Device, s => s.Percent >= 40, TimeSpan.FromSeconds(60));
board.CutPower();
long servedAtCut = v110.BytesServed;
Done($"power cut while the cloud showed {before.Percent} % ({servedAtCut:N0} bytes served so far)");

Step(4, "powering the board on again: it must boot the old image and resume the download");
board.Dispose();
board = BoardProcess.Start(boardArgs, OnBoardLine);
DeviceSnapshot final = await cloud.WaitFor(Device, s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == "1.1.0", TimeSpan.FromSeconds(90));
long redownloaded = v110.BytesServed - ImageSize;
Done($"resumed at byte {resumedAt}; verified MD5 and signature, swapped the boot partition, rebooted, passed the health check, confirmed");
Console.WriteLine($"    the board now reports {final.ReportedVersion}; {v110.BytesServed:N0} bytes served for a {ImageSize:N0}-byte image: {redownloaded:N0} bytes downloaded twice");

Step(5, "pushing 1.2.0 whose bytes do not match the MD5 the cloud announces");
FirmwarePackage v120 = cloud.AddFirmware(SecureBootSigner.Sign(Esp32ImageBuilder.Build("1.2.0", "OtaFirmware", 0, 256 * 1024, 120), signingKey), "1.2.0");
v120.Content[100_000] ^= 0x5A; // corrupted in storage after its MD5 was published
cloud.PushUpdate(v120, new[] { Device });
DeviceSnapshot refused = await cloud.WaitFor(Device, s => s.TargetVersion == "1.2.0" && s.Phase == DevicePhase.Failed, TimeSpan.FromSeconds(60));
await Task.Delay(500);
DeviceSnapshot after = cloud.Device(Device)!;
Done($"refused with code {refused.ResultCode}: \"{refused.ResultText}\"; the board still reports {after.ReportedVersion}");

Step(6, "pushing 1.3.0 signed with a key the board does not trust (its MD5 is right)");
FirmwarePackage v130 = cloud.AddFirmware(SecureBootSigner.Sign(Esp32ImageBuilder.Build("1.3.0", "OtaFirmware", 0, 256 * 1024, 130), strangerKey), "1.3.0");
cloud.PushUpdate(v130, new[] { Device });
DeviceSnapshot untrusted = await cloud.WaitFor(Device, s => s.TargetVersion == "1.3.0" && s.Phase == DevicePhase.Failed, TimeSpan.FromSeconds(60));
await Task.Delay(500);
DeviceSnapshot afterUntrusted = cloud.Device(Device)!;
Done($"refused before activation with code {untrusted.ResultCode}: \"{untrusted.ResultText}\"; the board still reports {afterUntrusted.ReportedVersion}");

board.Dispose();
Console.WriteLine();
Console.WriteLine($"Demo finished in {clock.Elapsed.TotalSeconds:F0} s: update, power cut, resume, swap, confirm, a refused bad image and a refused untrusted signature, all on real MQTT and HTTPS.");
bool ok = final.ReportedVersion == "1.1.0" && after.ReportedVersion == "1.1.0" && refused.Phase == DevicePhase.Failed
    && untrusted.Phase == DevicePhase.Failed && afterUntrusted.ReportedVersion == "1.1.0";
return ok ? 0 : 1;

static void Step(int n, string text) => Console.WriteLine($"[{n}/6] {text} ...");

static void Done(string text) => Console.WriteLine("      -> " + text);

static string? ArgValue(string[] args, string name)
{
    int i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
