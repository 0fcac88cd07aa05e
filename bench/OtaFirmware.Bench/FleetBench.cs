// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.Bench;

/// <summary>Section 5: many simulated boards in one process against one local cloud and one broker.</summary>
internal static class FleetBench
{
    private const int ImageSize = 256 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(180);

    public static async Task<Section> Run(int boards)
    {
        var section = new Section("5. Fleet: " + boards + " simulated boards in one process, one local cloud, one broker");
        await using BenchRig rig = await BenchRig.StartAsync();
        string[] names = Enumerable.Range(0, boards).Select(i => "fleet-" + i.ToString("D3")).ToArray();
        int threadsBefore = Process.GetCurrentProcess().Threads.Count;
        int fdsBefore = OpenFiles();

        var startup = Stopwatch.StartNew();
        foreach (string name in names)
        {
            rig.StartBoard(name, "esp32-4mb", keepLog: false);
        }

        await rig.WaitReported(names, "1.0.0", Patience);
        double startupMs = startup.Elapsed.TotalMilliseconds;

        // Reference: one board of the same fleet updating the same size alone.
        FirmwarePackage solo = rig.Cloud.AddFirmware(Esp32ImageBuilder.Build("1.0.5", "OtaFirmware", 0, ImageSize, 5), "1.0.5");
        (long soloPushed, long soloDone) = await rig.PushAndWait(solo, names[0], Patience);
        double soloMs = (soloDone - soloPushed) * 1000.0 / Stopwatch.Frequency;

        FirmwarePackage package = rig.Cloud.AddFirmware(Esp32ImageBuilder.Build("1.1.0", "OtaFirmware", 0, ImageSize, 6), "1.1.0");
        package.ResetCounters();
        int peakThreads = 0, peakFds = 0;
        DateTimeOffset pushedAt = DateTimeOffset.UtcNow;
        var watch = Stopwatch.StartNew();
        rig.Cloud.PushUpdate(package, names);
        DeviceSnapshot[] final;
        while (true)
        {
            final = names.Select(n => rig.Cloud.Device(n)!).ToArray();
            peakThreads = Math.Max(peakThreads, Process.GetCurrentProcess().Threads.Count);
            peakFds = Math.Max(peakFds, OpenFiles());
            bool allDone = final.All(s => s.TargetVersion == "1.1.0" && (s.Phase == DevicePhase.Failed || (s.Phase == DevicePhase.Succeeded && s.ReportedVersion == "1.1.0")));
            if (allDone || watch.Elapsed > Patience)
            {
                break;
            }

            await Task.Delay(50);
        }

        double pollMs = watch.Elapsed.TotalMilliseconds;
        DeviceSnapshot[] succeeded = final.Where(s => s.Phase == DevicePhase.Succeeded && s.ReportedVersion == "1.1.0").ToArray();
        int failed = final.Count(s => s.Phase == DevicePhase.Failed);
        int unfinished = boards - succeeded.Length - failed;
        double lastMs = succeeded.Length == 0 ? pollMs : succeeded.Max(s => (s.FinishedAt!.Value - pushedAt).TotalMilliseconds);
        double[] perDevice = succeeded.Where(s => s.Duration != null).Select(s => s.Duration!.Value.TotalMilliseconds).ToArray();
        double reference = soloMs;

        section.Add("Time from PushUpdate to the last board Succeeded (new version reported)", Fmt.Ms(lastMs), Fmt.Ms(reference) + " (one board alone, same image size)", Fmt.X(lastMs / reference), "all succeed", Fmt.Pass(succeeded.Length == boards));
        section.Add("Boards succeeded / failed / unfinished", succeeded.Length + " / " + failed + " / " + unfinished, boards + " / 0 / 0", "", "no failures", Fmt.Pass(failed == 0 && unfinished == 0));
        if (perDevice.Length > 0)
        {
            section.Add("Per-board update time (cloud AssignedAt → FinishedAt)", "median " + Fmt.Ms(Fmt.Median(perDevice)) + ", min " + Fmt.Ms(perDevice.Min()) + ", max " + Fmt.Ms(perDevice.Max()), Fmt.Ms(reference), Fmt.X(Fmt.Median(perDevice) / reference), "info", "");
        }

        double mib = package.BytesServed / 1048576.0;
        section.Add("Bytes served ÷ (boards × image size)", Fmt.N(package.BytesServed / (double)(boards * (long)ImageSize), 3) + " (" + Fmt.N(mib) + " MiB in " + package.Requests + " requests)", "1.000", "", "info", "");
        section.Add("Fleet start-up: all boards booted, connected (TLS) and reported 1.0.0", Fmt.Ms(startupMs), "", "", "info", "");
        section.Add("Process threads / open file descriptors (before boards → peak during the update)", threadsBefore + " → " + peakThreads + " / " + fdsBefore + " → " + peakFds, "fd limit " + FdLimit(), "", "info", "");
        if (failed > 0)
        {
            foreach (DeviceSnapshot s in final.Where(s => s.Phase == DevicePhase.Failed).Take(5))
            {
                section.Note("Failure: " + s.Name + ": " + (s.ResultText ?? "").Replace('|', '/'));
            }
        }

        section.Note($"{boards} SimulatedBoard instances in this process, each on its own thread with its own memory flash (4 MB layout), MosquittoControlChannel (libmosquitto, TLS to the cloud's mosquitto) and HttpClientFirmwareSource (HTTPS to the cloud's Kestrel), default AgentOptions. All registered, started together, and awaited until each reported 1.0.0; then one 256 KiB image (chip id 0) pushed to all {boards} in one PushUpdate. Completion is read from the cloud's device snapshots (FinishedAt of the last Succeeded), polled every 50 ms.");
        section.Note("Reference: the same 256 KiB update pushed to one board of the idle fleet just before (same process, same broker and server), so the ratio is what running the whole fleet at once costs over one board: on 2 cores the boards share the CPU for TLS, MD5 and the flash simulation, and each still waits for its reports' acknowledgement, its reboot and its health check.");
        section.Note("Beyond 100: an exploratory run with --fleet 300 before this one (not part of this report's figures) did not get all boards connected: some never reported 1.0.0 within 180 s. The 100-board run peaks at the file-descriptor count above (MQTT socket + libmosquitto's wake-up socket pair + HTTPS connection per board, plus the cloud's side); the likely ceiling is libmosquitto's select()-based network loop, which cannot watch descriptors at or above FD_SETSIZE (1024) in one process — not verified further here. More boards need several processes (the Simulator already runs one board per process).");
        return section;
    }

    private static int OpenFiles()
    {
        try
        {
            return Directory.GetFileSystemEntries("/proc/self/fd").Length;
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private static string FdLimit()
    {
        try
        {
            string? line = File.ReadLines("/proc/self/limits").FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
            return line == null ? "unknown" : line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[3];
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
