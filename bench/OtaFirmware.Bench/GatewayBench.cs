// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Text;
using OtaFirmware.Clouds;
using OtaFirmware.Text;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Host.Gateway;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.SimulatedHardware.SubDevice;
using OtaFirmware.Update;

namespace OtaFirmware.Bench;

/// <summary>
/// Gateway sub-device OTA: the time to update N sub-devices that share one image (one staged download, N uploads)
/// against N single updates (each downloads and stages the image again). The real <see cref="GatewayAgent"/>,
/// pipeline, staging store on a simulated NOR flash, and N simulated MCUboot sub-devices on OS pipe pairs speaking
/// SMP; the download comes from an in-memory source throttled to a fixed bandwidth, so the figure isolates what
/// sharing saves. Self-contained: <see cref="Run"/> returns a markdown section.
/// </summary>
public static class GatewayBench
{
    private const int Payload = 256 * 1024;
    private const int BytesPerSecond = 1024 * 1024; // an ESP32's typical HTTPS throughput
    private static readonly int[] Counts = [1, 2, 4, 8];

    /// <summary>Runs the measurements.</summary>
    /// <returns>A markdown section with one table.</returns>
    public static string Run()
    {
        byte[] image = McubootImage.Build(1, 1, 0, 0, Payload, 7);
        var md = new StringBuilder();
        md.AppendLine("## Gateway: N sub-devices sharing one image");
        md.AppendLine();
        md.AppendLine($"Image {image.Length:N0} bytes, download throttled to {BytesPerSecond / 1024} KiB/s, SMP chunks of 312 bytes over OS pipes "
            + "(no baud-rate limit: on a 115200-baud UART each upload takes ~" + (image.Length * 4 / 3 / 11_520) + " s more per sub-device, the same in both columns).");
        md.AppendLine();
        md.AppendLine("| sub-devices | shared: one download (s) | bytes downloaded | N single updates (s) | bytes downloaded | saved |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|");
        foreach (int n in Counts)
        {
            (double sharedSeconds, long sharedBytes) = Measure(image, n, shared: true);
            (double singleSeconds, long singleBytes) = Measure(image, n, shared: false);
            md.AppendLine($"| {n} | {sharedSeconds:F2} | {sharedBytes:N0} | {singleSeconds:F2} | {singleBytes:N0} | {(1 - sharedSeconds / singleSeconds) * 100:F0} % |");
        }

        md.AppendLine();
        md.AppendLine("Shared: every sub-device gets the update command at once; the gateway stages the image once and flashes the "
            + "sub-devices one after another. Single: one command at a time, each staging its own download (the staged image is freed "
            + "when its last job ends).");
        return md.ToString();
    }

    private static (double Seconds, long Bytes) Measure(byte[] image, int count, bool shared)
    {
        var clock = new BenchClock();
        var source = new ThrottledSource(image, BytesPerSecond);
        var devices = new SimulatedSubDevice[count];
        var table = new GatewaySubDevice[count];
        var ports = new List<PipeSerialPort>();
        try
        {
            for (int i = 0; i < count; i++)
            {
                (PipeSerialPort gatewayEnd, PipeSerialPort deviceEnd) = PipeSerialPort.CreatePair();
                ports.Add(gatewayEnd);
                ports.Add(deviceEnd);
                devices[i] = new SimulatedSubDevice(deviceEnd, clock, new Sha256(), McubootImage.Build(1, 0, 0, 0, 4096, i), 512 * 1024);
                devices[i].Start();
                table[i] = new GatewaySubDevice(new SubDeviceId("BENCHPROD", "sub" + i), new SmpSubDeviceLink(gatewayEnd, clock, 312, 300, 3));
            }

            var agent = new GatewayAgent("BENCHGW", "gw", new SilentChannel(), source, new NorFlash(new MemoryFlashMedium(1024 * 1024)), table,
                new DialectOptions(), clock, new SilentLog(), new Md5(), new Sha256(), new GatewayOptions());
            agent.Boot();
            agent.OnConnected();
            agent.Pump();
            agent.Enqueue(TencentGatewayTopics.OperationResult("BENCHGW", "gw"), Encoding.UTF8.GetBytes(OnlineResult(table)));
            agent.Pump();

            string md5 = Md5Hex(image);
            var watch = Stopwatch.StartNew();
            if (shared)
            {
                foreach (GatewaySubDevice device in table)
                {
                    Order(agent, device.Id, image.Length, md5);
                }

                PumpUntilIdle(agent);
            }
            else
            {
                foreach (GatewaySubDevice device in table)
                {
                    Order(agent, device.Id, image.Length, md5);
                    PumpUntilIdle(agent);
                }
            }

            double seconds = watch.Elapsed.TotalSeconds;
            if (agent.SubDevicesUpdated != count)
            {
                throw new InvalidOperationException($"only {agent.SubDevicesUpdated} of {count} sub-devices were updated");
            }

            return (seconds, source.BytesServed);
        }
        finally
        {
            foreach (SimulatedSubDevice? device in devices)
            {
                device?.Stop();
            }

            foreach (PipeSerialPort port in ports)
            {
                port.Dispose();
            }
        }
    }

    private static void Order(GatewayAgent agent, SubDeviceId id, int size, string md5) =>
        agent.Enqueue(TencentGatewayTopics.OtaUpdate(id), Encoding.UTF8.GetBytes(
            "{\"type\":\"update_firmware\",\"version\":\"1.1.0\",\"url\":\"https://bench.invalid/fw.bin\",\"md5sum\":\"" + md5 + "\",\"file_size\":\"" + size + "\"}"));

    private static void PumpUntilIdle(GatewayAgent agent)
    {
        var limit = Stopwatch.StartNew();
        agent.Pump();
        while (agent.PendingJobs > 0)
        {
            if (limit.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("the gateway did not finish within 2 minutes");
            }

            int sleep = agent.Pump();
            if (sleep > 0 && agent.PendingJobs > 0)
            {
                Thread.Sleep(Math.Min(sleep, 5));
            }
        }
    }

    private static string OnlineResult(GatewaySubDevice[] table)
    {
        var json = new StringBuilder("{\"type\":\"online\",\"payload\":{\"devices\":[");
        for (int i = 0; i < table.Length; i++)
        {
            json.Append(i == 0 ? "{" : ",{");
            json.Append("\"product_id\":\"" + table[i].Id.ProductId + "\",\"device_name\":\"" + table[i].Id.DeviceName + "\",\"result\":0}");
        }

        return json.Append("]}}").ToString();
    }

    private static string Md5Hex(byte[] data)
    {
        var md5 = new Md5();
        md5.Append(data, 0, data.Length);
        byte[] digest = new byte[16];
        md5.Finish(digest, 0);
        return Hex.ToLower(digest);
    }

    private sealed class SilentChannel : IGatewayChannel
    {
        public bool IsConnected => true;

        public int UnacknowledgedCount => 0;

        public bool Publish(string topic, byte[] payload, int qos) => true;

        public bool Subscribe(string topic) => true;
    }

    private sealed class SilentLog : Agent.ILog
    {
        public void Write(string line)
        {
        }
    }

    private sealed class BenchClock : IClock
    {
        private readonly Stopwatch _watch = Stopwatch.StartNew();

        public long UptimeMilliseconds => _watch.ElapsedMilliseconds;

        public void Sleep(int milliseconds) => Thread.Sleep(milliseconds);
    }

    /// <summary>Serves the image with Range support at a fixed bandwidth.</summary>
    private sealed class ThrottledSource(byte[] image, int bytesPerSecond) : IFirmwareSource
    {
        private readonly Stopwatch _watch = new();
        private int _position;
        private int _end;
        private long _servedThisRequest;

        public long BytesServed { get; private set; }

        public SourceStatus Open(string url, int offset, int length, ref HttpFacts facts)
        {
            facts.Reset();
            int last = length > 0 ? Math.Min(offset + length, image.Length) - 1 : image.Length - 1;
            facts.StatusCode = 206;
            facts.RangeFirst = offset;
            facts.RangeLast = last;
            facts.TotalLength = image.Length;
            facts.ContentLength = last - offset + 1;
            _position = offset;
            _end = last + 1;
            _servedThisRequest = 0;
            _watch.Restart();
            return SourceStatus.Ok;
        }

        public SourceStatus Read(byte[] buffer, int offset, int count, out int bytesRead)
        {
            int n = Math.Min(count, _end - _position);
            Array.Copy(image, _position, buffer, offset, n);
            _position += n;
            _servedThisRequest += n;
            BytesServed += n;
            bytesRead = n;
            long due = _servedThisRequest * 1000 / bytesPerSecond;
            long wait = due - _watch.ElapsedMilliseconds;
            if (wait > 0)
            {
                Thread.Sleep((int)wait);
            }

            return n > 0 ? SourceStatus.Ok : SourceStatus.ConnectionDropped;
        }

        public void Close()
        {
        }
    }
}
