// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace OtaFirmware.Bench;

/// <summary>
/// Runs every section in one process and writes the markdown report.
/// Usage: OtaFirmware.Bench [--out PATH] [--sections 1,2,3,4,5,6,7,8] [--fleet N] (6: gateway sub-devices, 7: device budget, 8: field robustness).
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Contains("--delivery-only"))
        {
            var probe = new Section("delivery");
            await DeliveryExperiment.Run(probe);
            var text = new StringBuilder();
            probe.Render(text);
            Console.WriteLine(text);
            return 0;
        }

        if (args.Contains("--hash-platform-only"))
        {
            HashBench.PlatformOnly();
            return 0;
        }

        string output = Option(args, "--out") ?? Path.Combine("bench", "RESULTS.md");
        HashSet<string> sections = (Option(args, "--sections") ?? "1,2,3,4,5,6,7,8").Split(',').Select(s => s.Trim()).ToHashSet();
        int fleet = int.Parse(Option(args, "--fleet") ?? "100");
        string command = Environment.GetEnvironmentVariable("BENCH_COMMAND") ?? ("dotnet OtaFirmware.Bench.dll " + string.Join(' ', args));

        string loadAtStart = LoadAverage();
        var total = Stopwatch.StartNew();
        DateTime started = DateTime.UtcNow;
        var results = new List<Section>();
        await RunSection(sections, "1", results, () => Task.FromResult(MemoryBench.Run()));
        await RunSection(sections, "2", results, () => Task.FromResult(HashBench.Run()));
        await RunSection(sections, "3", results, () => Task.FromResult(ResumeBench.Run()));
        await RunSection(sections, "4", results, EndToEndBench.Run);
        await RunSection(sections, "5", results, () => FleetBench.Run(fleet));
        await RunSection(sections, "7", results, () => Task.FromResult(DeviceBudgetBench.Run()));
        await RunSection(sections, "8", results, () => Task.FromResult(FieldBench.Run()));
        string? gateway = sections.Contains("6") ? GatewayBench.Run() : null;

        var md = new StringBuilder();
        md.AppendLine("# OtaFirmware benchmark results").AppendLine();
        md.AppendLine("Produced by an actual run of `bench/run.sh`; every figure is measured in the same run, on the same machine, next to its physical limit or reference. Not a test: nothing here asserts timings.").AppendLine();
        md.AppendLine("| | |").AppendLine("|---|---|");
        md.AppendLine("| Date (UTC) | " + started.ToString("yyyy-MM-dd HH:mm:ss") + " |");
        md.AppendLine("| Command | `" + command + "` |");
        md.AppendLine("| CPU | " + CpuModel() + " |");
        md.AppendLine("| Cores (logical, as .NET sees them) | " + Environment.ProcessorCount + " |");
        md.AppendLine("| RAM | " + MemTotal() + " |");
        md.AppendLine("| OS | " + OsName() + " (" + RuntimeInformation.OSArchitecture + ") |");
        md.AppendLine("| .NET | " + RuntimeInformation.FrameworkDescription + ", Release build, workstation non-concurrent GC |");
        md.AppendLine("| Mosquitto | " + MosquittoVersion() + " |");
        md.AppendLine("| Load average (1/5/15 min) at start → end | " + loadAtStart + " → " + LoadAverage() + " (other work on the machine shares the 2 cores; ratios are measured interleaved to stay fair) |");
        md.AppendLine("| Whole run | " + Fmt.N(total.Elapsed.TotalSeconds, 0) + " s |").AppendLine();
        md.AppendLine("## Summary of targets").AppendLine();
        md.AppendLine("| Section | Figure | Measured | Reference / limit | Ratio | Target | Result |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (Section section in results)
        {
            foreach (Row row in section.Rows.Where(r => r.Result.StartsWith("**", StringComparison.Ordinal)))
            {
                md.AppendLine("| " + section.Title.Split(' ')[0].TrimEnd('.') + " | " + row.Figure + " | " + row.Measured + " | " + row.Reference + " | " + row.Ratio + " | " + row.Target + " | " + row.Result + " |");
            }
        }

        md.AppendLine();
        foreach (Section section in results)
        {
            section.Render(md);
        }

        if (gateway != null)
        {
            md.AppendLine(gateway).AppendLine();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
        File.WriteAllText(output, md.ToString());
        Console.WriteLine(md.ToString());
        Console.WriteLine("written: " + Path.GetFullPath(output));
        return 0;
    }

    private static async Task RunSection(HashSet<string> wanted, string number, List<Section> results, Func<Task<Section>> run)
    {
        if (!wanted.Contains(number))
        {
            return;
        }

        var watch = Stopwatch.StartNew();
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] section {number} ...");
        Section section;
        try
        {
            section = await run();
        }
        catch (Exception ex)
        {
            section = new Section("Section " + number + " (did not complete)");
            section.Add("error", ex.GetType().Name, "", "", "", "**FAIL**");
            section.Note("The section threw: " + ex.Message.Replace('\n', ' ').Replace('|', '/'));
        }

        section.Note("Section wall time: " + Fmt.N(watch.Elapsed.TotalSeconds, 1) + " s.");
        Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss}] section {number} done in {watch.Elapsed.TotalSeconds:F1} s");
        results.Add(section);
    }

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static string CpuModel()
    {
        string lscpu = RunTool("lscpu", "");
        string? line = lscpu.Split('\n').FirstOrDefault(l => l.StartsWith("Model name:", StringComparison.Ordinal));
        return line == null ? "unknown" : line["Model name:".Length..].Trim();
    }

    private static string MemTotal()
    {
        try
        {
            string? line = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            long kb = long.Parse(line!.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]);
            return Fmt.N(kb / 1048576.0, 1) + " GiB";
        }
        catch (Exception)
        {
            return "unknown";
        }
    }

    private static string OsName()
    {
        try
        {
            string? pretty = File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal));
            return (pretty?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription) + ", kernel " + RunTool("uname", "-r").Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.OSDescription;
        }
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string MosquittoVersion()
    {
        string text = RunTool("/usr/sbin/mosquitto", "-h");
        return text.Split('\n').FirstOrDefault(l => l.Contains("version", StringComparison.OrdinalIgnoreCase))?.Trim() ?? "unknown";
    }

    private static string RunTool(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            string output = process!.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit(5000);
            return output;
        }
        catch (Exception)
        {
            return "";
        }
    }
}
