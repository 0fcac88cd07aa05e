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
