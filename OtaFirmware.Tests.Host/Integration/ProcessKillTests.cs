// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Simulator;
using Cloud = OtaFirmware.LocalCloud.LocalCloud;
using CloudOptions = OtaFirmware.LocalCloud.LocalCloudOptions;

namespace OtaFirmware.Tests.Host.Integration;

/// <summary>
/// The real power cut: the simulated board runs in its own process with its flash in a file, and the test kills it
/// (SIGKILL) in the middle of a download. Started again, it must boot the old image, resume from the journaled block
/// and finish the update — through the real broker (TLS) and HTTPS server.
/// </summary>
[TestClass]
public sealed class ProcessKillTests
{
    private const int ImageSize = 1024 * 1024;

    [TestMethod]
    public async Task Update_BoardProcessKilledMidDownload_PowersOnResumesAndCompletes()
    {
        string directory = Directory.CreateTempSubdirectory("otafw-kill-").FullName;
        await using var cloud = new Cloud(new CloudOptions { DataDirectory = directory });
        await cloud.StartAsync();
        const string Device = "killed-board";
        const string Product = "KILLPROD01";
        var lines = new ConcurrentQueue<string>();
        string[] arguments =
        [
            "--name", Device, "--cloud", "tencent", "--product", Product, "--broker", "127.0.0.1:" + cloud.BrokerTlsPort,
            "--mqtt-ca", cloud.CaPemPath, "--https-ca", cloud.CaPemPath, "--secrets", cloud.SecretsPath, "--flash", Path.Combine(directory, "board.flash"),
        ];
        cloud.RegisterDevice(new DeviceAddress("tencent", Product, Device));
        cloud.ProvisionDevice(new DeviceAddress("tencent", Product, Device));
        BoardProcess board = BoardProcess.Start(arguments, lines.Enqueue);
        try
        {
            await cloud.WaitFor(Device, s => s.ReportedVersion == "1.0.0", TimeSpan.FromSeconds(30));
            FirmwarePackage package = cloud.AddFirmware(Esp32ImageBuilder.Build("1.1.0", "OtaFirmware", 0, ImageSize, 11), "1.1.0");
            package.Faults.BytesPerSecond = 512 * 1024;
            cloud.PushUpdate(package, [Device]);
            await cloud.WaitFor(Device, s => s.Percent >= 30, TimeSpan.FromSeconds(30));
            board.CutPower();
            Assert.IsFalse(lines.Any(l => l.Contains("verified and activated")), "the cut came too late to test a resume");

            board.Dispose();
            board = BoardProcess.Start(arguments, lines.Enqueue);
            DeviceSnapshot done = await cloud.WaitFor(Device, s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == "1.1.0", TimeSpan.FromSeconds(60));

            Assert.AreEqual("1.1.0", done.ReportedVersion);
            Assert.IsTrue(lines.Any(l => l.Contains("bootloader started slot ota_0 (1.0.0")), "after the cut the old image boots");
            Match resumed = lines.Select(l => Regex.Match(l, "resuming 1.1.0 at byte (\\d+)")).FirstOrDefault(m => m.Success) ?? Match.Empty;
            Assert.IsTrue(resumed.Success, "no resume after the power cut:\n" + string.Join("\n", lines));
            int at = int.Parse(resumed.Groups[1].Value);
            Assert.IsTrue(at >= 4096 && at % 4096 == 0 && at < ImageSize, "resumed at " + at);
        }
        finally
        {
            board.Dispose();
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
