// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using OtaFirmware.Agent;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Simulator;
using Cloud = OtaFirmware.LocalCloud.LocalCloud;
using CloudOptions = OtaFirmware.LocalCloud.LocalCloudOptions;

namespace OtaFirmware.Bench;

/// <summary>
/// Part of section 4: where the MQTT command hop's time goes. The same plain-MQTT update twice, against a mosquitto
/// started with the broker's default TCP settings and against one with <c>set_tcp_nodelay true</c> (Nagle off on
/// the broker's sockets); the figure is push → the agent's "downloading" log line.
/// </summary>
internal static class DeliveryExperiment
{
    private const int Repetitions = 10;

    public static async Task Run(Section section)
    {
        var results = new Dictionary<bool, List<double>>();
        foreach (bool noDelay in new[] { false, true })
        {
            results[noDelay] = await Measure(noDelay);
        }

        double withNagle = Fmt.Median(results[false]);
        double without = Fmt.Median(results[true]);
        Func<double, string> ms = v => Fmt.N(v, 1) + " ms";
        static string Fast(List<double> values) => "; " + values.Count(v => v < 5) + " of " + values.Count + " under 5 ms";
        section.Add("MQTT command delivery (push → agent starts the job), plain MQTT, broker defaults", ms(withNagle) + Fmt.Spread(results[false], ms) + Fast(results[false]), "", "", "info", "");
        section.Add("Same with the broker's Nagle algorithm off (mosquitto.conf: set_tcp_nodelay true)", ms(without) + Fmt.Spread(results[true], ms) + Fast(results[true]), ms(withNagle) + " (broker defaults)", Fmt.X(without / withNagle), "info", "");
        section.Note("Command delivery experiment: two extra private mosquitto brokers (plain MQTT listener, generated config identical except for `set_tcp_nodelay true` in the second), each with a LocalCloud on that external broker (ExternalBroker = true) and one SimulatedBoard on plain MQTT; " + Repetitions + " updates of a 64 KiB image each, after a warm-up; the figure is push → the board's 'agent: downloading' log line (cloud publish → broker → board → agent parse). The generated broker config of OtaFirmware.Host (MosquittoBroker) does not set set_tcp_nodelay, and OtaFirmware.Host's MQTT client does not set MOSQ_OPT_TCP_NODELAY. Reading: with the broker defaults every delivery waits about 40 ms (Nagle holding a small segment until the peer's delayed ACK, ~40 ms on Linux); with the broker's Nagle off, the deliveries that are still slow keep the same ~40 ms signature, which points at the same effect on the cloud client's own socket (libmosquitto default) — that half is an inference, not measured separately here.");
    }

    private static async Task<List<double>> Measure(bool noDelay)
    {
        string directory = Directory.CreateTempSubdirectory("otafw-bench-nodelay-").FullName;
        int port = FreePort();
        string config = Path.Combine(directory, "mosquitto.conf");
        var lines = new List<string> { "per_listener_settings false", "allow_anonymous true", "persistence false", "log_dest none" };
        if (Environment.UserName == "root")
        {
            lines.Add("user root");
        }

        if (noDelay)
        {
            lines.Add("set_tcp_nodelay true");
        }

        lines.Add("listener " + port + " 127.0.0.1");
        File.WriteAllLines(config, lines);
        using Process broker = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", "-c " + config) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true })!;
        try
        {
            await WaitListening(port);
            await using var cloud = new Cloud(new CloudOptions { ExternalBroker = true, BrokerPort = port, DataDirectory = Path.Combine(directory, "cloud") });
            await cloud.StartAsync();
            var stop = new CancellationTokenSource();
            string name = noDelay ? "nodelay" : "nagle";
            cloud.RegisterDevice(new DeviceAddress("tencent", BenchRig.Product, name));
            var board = new SimulatedBoard(
                new BoardOptions { Name = name, Product = BenchRig.Product, BrokerPort = port, HttpsCaFile = cloud.CaPemPath, FactoryImageSize = 64 * 1024, Agent = new AgentOptions() },
                logToConsole: false);
            var started = new System.Collections.Concurrent.ConcurrentQueue<(long At, string Line)>();
            board.Log.Line += (_, line) => started.Enqueue((Stopwatch.GetTimestamp(), line));
            var thread = new Thread(() => board.Run(stop.Token)) { IsBackground = true };
            thread.Start();
            await cloud.WaitFor(name, s => s.ReportedVersion == "1.0.0", TimeSpan.FromSeconds(60));
            var delivery = new List<double>();
            for (int rep = -1; rep < Repetitions; rep++)
            {
                string version = "1." + (rep + 2) + ".0";
                FirmwarePackage package = cloud.AddFirmware(Esp32ImageBuilder.Build(version, "OtaFirmware", 0, 64 * 1024, rep + 10), version);
                long pushed = Stopwatch.GetTimestamp();
                cloud.PushUpdate(package, [name]);
                await cloud.WaitFor(name, s => s.TargetVersion == version && s.ReportedVersion == version, TimeSpan.FromSeconds(60));
                long? at = started.Where(e => e.At >= pushed && e.Line.Contains("agent: downloading " + version, StringComparison.Ordinal)).Select(e => (long?)e.At).FirstOrDefault();
                if (rep >= 0 && at != null)
                {
                    delivery.Add((at.Value - pushed) * 1000.0 / Stopwatch.Frequency);
                }
            }

            stop.Cancel();
            thread.Join(TimeSpan.FromSeconds(10));
            return delivery;
        }
        finally
        {
            broker.Kill();
            broker.WaitForExit(5000);
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static async Task WaitListening(int port)
    {
        for (int i = 0; i < 100; i++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new InvalidOperationException("mosquitto did not listen on " + port);
    }
}
