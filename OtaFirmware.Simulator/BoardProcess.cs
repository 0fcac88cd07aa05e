// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;

namespace OtaFirmware.Simulator;

/// <summary>A simulated board in its own process: starting it is powering on, killing it is a power cut.</summary>
public sealed class BoardProcess : IDisposable
{
    private readonly Process _process;

    private BoardProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Starts OtaFirmware.Simulator with <paramref name="arguments"/>; every output line goes to <paramref name="onLine"/>.</summary>
    public static BoardProcess Start(IEnumerable<string> arguments, Action<string> onLine)
    {
        string simulator = Path.Combine(AppContext.BaseDirectory, "OtaFirmware.Simulator.dll");
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(simulator);
        foreach (string a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data != null) onLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data != null) onLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new BoardProcess(process);
    }

    /// <summary>Cuts the power: SIGKILL, no chance to flush or say goodbye.</summary>
    public void CutPower()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        CutPower();
        _process.Dispose();
    }
}
