// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;

namespace OtaFirmware.Tests.Host.LocalCloud;

[TestClass]
public sealed class CommandLineTests
{
    [TestMethod]
    public void Push_DeviceNeverAnswers_PlainLinesResultsTableAndExitCode1()
    {
        string firmware = Path.GetTempFileName();
        File.WriteAllBytes(firmware, new byte[4096]);
        try
        {
            (int exit, string output) = Run("push", "--broker-port", "0", "--firmware", firmware, "--version", "9.9.9", "--devices", "PG/ghost1,PG/ghost2", "--timeout", "1", "--allow-unsigned");
            Assert.AreEqual(1, exit, output);
            StringAssert.Contains(output, "pushed 9.9.9 to PG/ghost1, PG/ghost2");
            StringAssert.Contains(output, " PG/ghost1 pushed");
            StringAssert.Contains(output, "device\tcloud\tfrom->to\tstate\tresult\tduration");
            StringAssert.Contains(output, "PG/ghost2\t?\t?->9.9.9\tPushed\tunfinished");
            Assert.IsFalse(output.Contains('\u001b'), "no ANSI escapes when the output is redirected");
        }
        finally
        {
            File.Delete(firmware);
        }
    }

    [TestMethod]
    public void Push_UnsignedImage_RefusedBeforeStartingUnlessAllowed()
    {
        string firmware = Path.GetTempFileName();
        File.WriteAllBytes(firmware, new byte[8192]);
        try
        {
            (int exit, string output) = Run("push", "--broker-port", "0", "--firmware", firmware, "--version", "9.9.9", "--devices", "ghost1", "--timeout", "1");
            Assert.AreEqual(2, exit, output);
            StringAssert.Contains(output, "carries no Secure Boot v2 signature block");
            Assert.IsFalse(output.Contains("pushed"), output);
        }
        finally
        {
            File.Delete(firmware);
        }
    }

    [TestMethod]
    public void Push_TwoDeviceSelections_RefusedBeforeStarting()
    {
        (int exit, string output) = Run("push", "--firmware", "x.bin", "--version", "1", "--devices", "a", "--from-version", "0.9");
        Assert.AreNotEqual(0, exit);
        StringAssert.Contains(output, "exactly one of --devices, --devices-file, --from-version");
    }

    [TestMethod]
    public void MosquittoConfig_ProvisionedDevices_WritesFilesAndTellsHowToConnectTheCloud()
    {
        string data = Directory.CreateTempSubdirectory("ota-cli-mosq-").FullName;
        try
        {
            string output = Path.Combine(data, "mosquitto");
            (int exit, string text) = Run("mosquitto-config", "--data-dir", data, "--out", output, "--port", "18883", "--provision", "tencent/PA/devA", "aliyun/pkB/devB");
            Assert.AreEqual(0, exit, text);
            StringAssert.Contains(text, "mosquitto config for 2 devices");
            StringAssert.Contains(text, "--broker-user otafw-cloud");
            foreach (string file in new[] { "mosquitto.conf", "passwd", "acl", "devices.json", "ca.pem", "server.pem", "server.key" })
            {
                Assert.IsTrue(File.Exists(Path.Combine(output, file)), file);
            }

            StringAssert.Contains(File.ReadAllText(Path.Combine(output, "mosquitto.conf")), "listener 18883 127.0.0.1\n");
        }
        finally
        {
            Directory.Delete(data, true);
        }
    }

    [TestMethod]
    public void MosquittoConfig_DeviceNameWithColon_RefusedWithReason()
    {
        string data = Directory.CreateTempSubdirectory("ota-cli-mosq-").FullName;
        try
        {
            (int exit, string text) = Run("mosquitto-config", "--data-dir", data, "--out", Path.Combine(data, "mosquitto"), "--provision", "jdcloud/pk:x/dev");
            Assert.AreEqual(2, exit, text);
            StringAssert.Contains(text, "refused: a mosquitto user name cannot be empty or hold ':'");
        }
        finally
        {
            Directory.Delete(data, true);
        }
    }

    private static (int Exit, string Output) Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "OtaFirmware.LocalCloud.dll"));
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(30_000))
        {
            process.Kill(true);
            Assert.Fail("the command did not finish within 30 s");
        }

        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
