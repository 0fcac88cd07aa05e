// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Globalization;
using OtaFirmware.LocalCloud.Devices;
using Spectre.Console;

namespace OtaFirmware.LocalCloud.View;

/// <summary>
/// Follows a rollout in the terminal: Spectre.Console progress bars per device while it runs and a results table at
/// the end. When the output is not an interactive terminal (CI, a pipe) it prints one plain line per state change and
/// a plain results table instead.
/// </summary>
public static class LiveView
{
    /// <summary>True when stdout is an interactive terminal that can show live progress bars.</summary>
    public static bool IsInteractive => !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Shows progress of <paramref name="devices"/> until every update finished, the timeout passed or cancellation.</summary>
    /// <param name="cloud">The cloud to follow.</param>
    /// <param name="devices">Device names.</param>
    /// <param name="timeout">Give up after this long (unfinished devices stay unfinished in the result).</param>
    /// <param name="interactive">Force the mode; null decides by <see cref="IsInteractive"/>.</param>
    /// <param name="cancellationToken">Stops following.</param>
    /// <returns>The last snapshots, in the order of <paramref name="devices"/>.</returns>
    public static async Task<IReadOnlyList<DeviceSnapshot>> FollowAsync(
        LocalCloud cloud, IReadOnlyList<string> devices, TimeSpan timeout, bool? interactive = null, CancellationToken cancellationToken = default)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(timeout);
        if (interactive ?? IsInteractive)
        {
            await AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async context =>
                {
                    var bars = devices.ToDictionary(d => d, d => context.AddTask(Markup.Escape(d), maxValue: 100));
                    while (!stop.IsCancellationRequested)
                    {
                        bool all = true;
                        foreach (string name in devices)
                        {
                            DeviceSnapshot? s = cloud.Device(name);
                            ProgressTask bar = bars[name];
                            bar.Description = Markup.Escape(name + " " + Describe(s));
                            bar.Value = s?.Percent ?? 0;
                            if (s is { IsFinished: true })
                            {
                                bar.Value = 100;
                                bar.StopTask();
                            }
                            else
                            {
                                all = false;
                            }
                        }

                        if (all)
                        {
                            break;
                        }

                        try
                        {
                            await Task.Delay(200, stop.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException)
                        {
                        }
                    }
                }).ConfigureAwait(false);
        }
        else
        {
            var last = new Dictionary<string, string>();
            var wanted = new HashSet<string>(devices);
            var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void OnChange(DeviceSnapshot s)
            {
                if (!wanted.Contains(s.Name) && !wanted.Contains(s.Key))
                {
                    return;
                }

                string line = Describe(s);
                lock (last)
                {
                    if (!last.TryGetValue(s.Key, out string? previous) || previous != line)
                    {
                        last[s.Key] = line;
                        Console.WriteLine(DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + " " + s.Key + " " + line);
                    }
                }

                if (devices.All(d => cloud.Device(d) is { IsFinished: true }))
                {
                    finished.TrySetResult();
                }
            }

            cloud.DeviceChanged += OnChange;
            try
            {
                foreach (string d in devices)
                {
                    if (cloud.Device(d) is { } s)
                    {
                        OnChange(s);
                    }
                }

                await Task.WhenAny(finished.Task, Task.Delay(Timeout.Infinite, stop.Token)).ConfigureAwait(false);
            }
            finally
            {
                cloud.DeviceChanged -= OnChange;
            }
        }

        return devices.Select(d => cloud.Device(d) ?? Unknown(d)).ToArray();
    }

    /// <summary>Writes the results table: device, cloud, from → to version, state, result, duration.</summary>
    /// <param name="results">Snapshots to show.</param>
    /// <param name="interactive">Force the mode; null decides by <see cref="IsInteractive"/>.</param>
    public static void WriteResults(IReadOnlyList<DeviceSnapshot> results, bool? interactive = null)
    {
        if (interactive ?? IsInteractive)
        {
            var table = new Table().Border(TableBorder.Rounded).Title("OTA results");
            foreach (string column in new[] { "Device", "Cloud", "From → To", "State", "Result", "Duration" })
            {
                table.AddColumn(column);
            }

            foreach (DeviceSnapshot s in results)
            {
                string color = s.Phase switch { DevicePhase.Succeeded => "green", DevicePhase.Failed => "red", _ => "yellow" };
                table.AddRow(
                    Markup.Escape(s.Key),
                    Markup.Escape(CloudText(s)),
                    Markup.Escape((s.FromVersion ?? "?") + " → " + (s.TargetVersion ?? "?")),
                    "[" + color + "]" + s.Phase + "[/]",
                    Markup.Escape(ResultText(s)),
                    Markup.Escape(DurationText(s)));
            }

            AnsiConsole.Write(table);
            return;
        }

        Console.WriteLine("device\tcloud\tfrom->to\tstate\tresult\tduration");
        foreach (DeviceSnapshot s in results)
        {
            Console.WriteLine(string.Join('\t', s.Key, CloudText(s), (s.FromVersion ?? "?") + "->" + (s.TargetVersion ?? "?"), s.Phase, ResultText(s), DurationText(s)));
        }
    }

    /// <summary>One short text for a device's state ("downloading 45%", "failed -4: MD5 mismatch").</summary>
    /// <returns>The text.</returns>
    public static string Describe(DeviceSnapshot? s) => s == null
        ? "unknown"
        : s.Phase switch
        {
            DevicePhase.Downloading => "downloading " + s.Percent + "%",
            DevicePhase.Failed => "failed " + ResultText(s),
            DevicePhase.Succeeded => "succeeded, running " + s.ReportedVersion,
            DevicePhase.Idle => "idle, running " + (s.ReportedVersion ?? "?"),
            _ => s.Phase.ToString().ToLowerInvariant(),
        };

    private static string CloudText(DeviceSnapshot s) => (s.Cloud ?? "?") + (s.Gateway != null ? " via " + s.Gateway : string.Empty);

    private static string ResultText(DeviceSnapshot s) => s.Phase switch
    {
        DevicePhase.Succeeded => "ok",
        DevicePhase.Failed => s.ResultCode + ": " + (s.ResultText ?? "failed"),
        _ => s.IsFinished ? string.Empty : "unfinished",
    };

    private static string DurationText(DeviceSnapshot s) =>
        s.Duration is { } d ? d.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "-";

    private static DeviceSnapshot Unknown(string target) =>
        new(target.Contains('/') ? target[(target.IndexOf('/') + 1)..] : target, null, target.Contains('/') ? target[..target.IndexOf('/')] : string.Empty, null, null, null, DevicePhase.Idle, 0, 0, "never heard from", 0, null, null, null, null);
}
