// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.Bench;

/// <summary>Section 4: a whole update over real components against a plain HTTPS GET (+ MD5) of the same file.</summary>
internal static class EndToEndBench
{
    private const int Repetitions = 5;
    private const int LimitRepetitions = 5;
    private const int LinkRate = 1024 * 1024;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static async Task<Section> Run()
    {
        var section = new Section("4. End to end: LocalCloud (embedded authenticating broker, TLS) + Kestrel HTTPS + in-process SimulatedBoard");
        await using BenchRig rig = await BenchRig.StartAsync();
        using X509Certificate2 ca = X509Certificate2.CreateFromPem(File.ReadAllText(rig.Cloud.CaPemPath));
        var cases = new[]
        {
            (Size: 1024 * 1024, Layout: "esp32-4mb", Chip: 0, Name: "bench-esp32", Rate: 0),
            (Size: 3 * 1024 * 1024, Layout: "esp32s3-8mb", Chip: 9, Name: "bench-esp32s3", Rate: 0),
            (Size: 1024 * 1024, Layout: "esp32-4mb", Chip: 0, Name: "bench-esp32-link", Rate: LinkRate),
        };
        foreach (var c in cases)
        {
            rig.StartBoard(c.Name, c.Layout, keepLog: true);
        }

        await rig.WaitReported(cases.Select(c => c.Name), "1.0.0", Patience);
        var verdicts = new List<string>();
        foreach (var c in cases)
        {
            try
            {
                verdicts.Add(await Measure(section, rig, ca, c.Size, c.Layout, c.Chip, c.Name, c.Rate));
            }
            catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
            {
                section.Add((c.Size / 1048576) + " MiB on " + c.Layout, "did not complete", "", "", "", "**FAIL**");
                section.Note("The " + c.Layout + " case failed: " + ex.Message.Replace('\n', ' ').Replace('|', '/'));
            }
        }

        try
        {
            await DeliveryExperiment.Run(section);
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException or IOException)
        {
            section.Note("The command delivery experiment failed: " + ex.Message.Replace('\n', ' ').Replace('|', '/'));
        }

        section.Note("**Verdict (computed from this run):** " + string.Join(" ", verdicts) + " On loopback the limit is a few milliseconds, so fixed costs that no download-speed work can remove — the MQTT command hop (a few ms once Nagle's algorithm is off: see the two experiment rows), the wait for the broker's acknowledgement of the 'burning' report before the reset, the reboot's new TLS connection and health check — dominate and the 1.2x target cannot be met there by construction; the figure that can be compared with a physical limit is the link-bound one, where the transfer dominates as it does on a real ESP32.");
        section.Note("Image sizes: 1 MiB on the ESP32 4 MB layout (chip id 0) and 3 MiB on the ESP32-S3 8 MB layout (chip id 9). A 4 MiB image fits neither layout: the ota slots are 0x1B0000 (1728 KiB) on esp32-4mb and 0x350000 (3392 KiB) on esp32s3-8mb (boards/*/partitions.csv), and the pipeline rightly refuses it with TooLarge before writing anything; 3 MiB is the largest round size that fits.");

        section.Note("Figure: Stopwatch from LocalCloud.PushUpdate to the cloud's DeviceChanged event showing Succeeded with the new version reported (the cloud judges success by the version the device reports after its reboot). Board: SimulatedBoard in this process (memory flash, real agent, TencentDialect, libmosquitto over TLS to the cloud's embedded authenticating broker (MQTTnet.Server; the board signs in with its provisioned Tencent secret), HttpClientFirmwareSource over HTTPS to Kestrel), default AgentOptions (4 KiB chunks, 64 KiB Range windows, 1 s progress interval), default BoardOptions except a 64 KiB factory image (setup only). One warm-up update per board (JIT, TLS session), then " + Repetitions + " measured updates with new versions (3 in the link-bound case); median (min/max).");
        section.Note("Limit: the same file from the same server URL, fetched with a fresh HttpClient (SocketsHttpHandler, TLS trusting only the run CA, so the handshake is included as in the agent's first request) in one plain GET read in 64 KiB pieces; then the same with System.Security.Cryptography IncrementalHash MD5 over the bytes as they arrive. One warm-up, then " + LimitRepetitions + " repetitions; median.");
        section.Note("Link-bound case: the same 1 MiB update with the firmware server pacing every response at " + (LinkRate / 1048576) + " MiB/s (FirmwareFaults.BytesPerSecond, per response — so each of the agent's 64 KiB Range responses and the limit's single GET see the same rate), which is on the fast side of an ESP32's Wi-Fi HTTPS rate. This is the situation the 1.2x target is about: the link, not loopback, is the bottleneck. The limit there has 3 repetitions.");
        section.Note("What the agent's time contains that the limit lacks: the MQTT command delivery (cloud → broker → board) and parsing; 64 KiB Range requests instead of one GET (16 per MiB, each a round trip); 4 KiB reads; the simulated NOR flash (erase + program-check + write per 4 KiB) and a journal commit (erase every 8th, read-back verify) per 4 KiB block; MD5 in managed code (OtaFirmware.Integrity); the image header check; activation (otadata write); the wait for the broker's PUBACK of the 'burning' report before the reset (AgentOptions.RebootDelayMilliseconds = 1000 is only the cap when no acknowledgement comes); the simulated reboot (bootloader, new MQTT TLS connection); the health check (waits for the broker connection); the outcome + version reports and the cloud's processing. Board log timestamps split it into the phases in the table (first log line of each phase after the push).");
        return section;
    }

    private static async Task<string> Measure(Section section, BenchRig rig, X509Certificate2 ca, int size, string layout, int chip, string name, int rate)
    {
        string label = (size / 1048576) + " MiB on " + layout + (rate > 0 ? ", link-bound (server paced at " + (rate / 1048576) + " MiB/s)" : ", loopback");
        FirmwarePackage warm = rig.Cloud.AddFirmware(Esp32ImageBuilder.Build("1.1.0", "OtaFirmware", chip, size, 1), "1.1.0", name + "-1.1.0.bin");
        warm.Faults.BytesPerSecond = rate;
        await rig.PushAndWait(warm, name, Patience);

        var totals = new List<double>();
        var withoutDelay = new List<double>();
        var toVerified = new List<double>();
        var delivery = new List<double>();
        var rebootToHealthy = new List<double>();
        var healthyToCloud = new List<double>();
        var delays = new List<double>();
        double served = 0;
        FirmwarePackage last = warm;
        for (int rep = 0; rep < Repetitions; rep++)
        {
            string version = "1." + (rep + 2) + ".0";
            if (rate > 0 && rep >= 3)
            {
                break; // the paced case takes 2 s per update: 3 repetitions
            }

            FirmwarePackage package = rig.Cloud.AddFirmware(Esp32ImageBuilder.Build(version, "OtaFirmware", chip, size, rep + 2), version, name + "-" + version + ".bin");
            package.Faults.BytesPerSecond = rate;
            package.ResetCounters();
            (long pushed, long succeeded) = await rig.PushAndWait(package, name, Patience);
            long started = rig.LogTime(name, pushed, "agent: downloading " + version) ?? pushed;
            long verified = rig.LogTime(name, pushed, "agent: " + version + " verified and activated") ?? throw new InvalidOperationException("no 'verified and activated' line");
            long rebooting = rig.LogTime(name, pushed, "agent: rebooting into " + version) ?? throw new InvalidOperationException("no 'rebooting into' line");
            long healthy = rig.LogTime(name, pushed, "settle: " + version + " passed its health check") ?? rebooting;
            if (Environment.GetEnvironmentVariable("BENCH_DEBUG") == "1")
            {
                foreach (var e in rig.Log.Where(e => e.Board == name && e.At >= pushed))
                {
                    Console.WriteLine(Fmt.N(Ms(pushed, e.At), 1) + " ms " + e.Line);
                }
            }

            double delay = Ms(verified, rebooting);
            totals.Add(Ms(pushed, succeeded));
            delays.Add(delay);
            withoutDelay.Add(Ms(pushed, succeeded) - delay);
            toVerified.Add(Ms(pushed, verified));
            delivery.Add(Ms(pushed, started));
            rebootToHealthy.Add(Ms(rebooting, healthy));
            healthyToCloud.Add(Ms(healthy, succeeded));
            served = package.BytesServed / (double)size;
            last = package;
        }

        string url = rig.Cloud.UrlFor(last);
        string md5 = last.Md5;
        await PlainGet(url, ca, size, md5, hash: true); // warm-up
        var download = new List<double>();
        var downloadMd5 = new List<double>();
        for (int rep = 0; rep < (rate > 0 ? 3 : LimitRepetitions); rep++)
        {
            download.Add(await PlainGet(url, ca, size, md5, hash: false));
            downloadMd5.Add(await PlainGet(url, ca, size, md5, hash: true));
        }

        double limit = Fmt.Median(downloadMd5);
        double total = Fmt.Median(totals);
        double noDelay = Fmt.Median(withoutDelay);
        double verifiedAt = Fmt.Median(toVerified);
        Func<double, string> ms = Fmt.Ms;
        section.Add($"{label}: push → cloud sees Succeeded (whole update)", ms(total) + Fmt.Spread(totals, ms), ms(limit) + " (GET + MD5)", Fmt.X(total / limit), "<= 1.2x", Fmt.Pass(total / limit <= 1.2));
        section.Add($"{label}: same, minus the wait before the reset (verified → rebooting, measured {ms(Fmt.Median(delays))})", ms(noDelay) + Fmt.Spread(withoutDelay, ms), ms(limit) + " (GET + MD5)", Fmt.X(noDelay / limit), "<= 1.2x", Fmt.Pass(noDelay / limit <= 1.2));
        section.Add($"{label}: push → 'verified and activated' (delivery + download + flash + MD5 + verify)", ms(verifiedAt) + Fmt.Spread(toVerified, ms), ms(limit) + " (GET + MD5)", Fmt.X(verifiedAt / limit), "<= 1.2x", Fmt.Pass(verifiedAt / limit <= 1.2));
        section.Add($"{label}: limit alone — plain HTTPS GET / GET + MD5", ms(Fmt.Median(download)) + Fmt.Spread(download, ms) + " / " + ms(limit) + Fmt.Spread(downloadMd5, ms), "", "", "reference", "");
        section.Add($"{label}: phases — command delivery / reboot → health check passed / health → cloud Succeeded", ms(Fmt.Median(delivery)) + Fmt.Spread(delivery, ms) + " / " + ms(Fmt.Median(rebootToHealthy)) + " / " + ms(Fmt.Median(healthyToCloud)), "", "", "info", "");
        section.Add($"{label}: bytes served ÷ image size (last update)", Fmt.N(served, 3), "1.000", "", "info", "");
        static string Meets(double ratio) => ratio <= 1.2 ? "meets" : "misses";
        return $"{label}: the whole update {Meets(total / limit)} the target ({Fmt.X(total / limit)}); without the wait before the reset it {Meets(noDelay / limit)} it ({Fmt.X(noDelay / limit)}); the download phase alone (push → verified and activated) {Meets(verifiedAt / limit)} it ({Fmt.X(verifiedAt / limit)}).";
    }

    private static double Ms(long from, long to) => (to - from) * 1000.0 / Stopwatch.Frequency;

    private static async Task<double> PlainGet(string url, X509Certificate2 ca, int size, string expectedMd5, bool hash)
    {
        var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                {
                    if (certificate == null)
                    {
                        return false;
                    }

                    using var chain = new X509Chain();
                    chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    chain.ChainPolicy.CustomTrustStore.Add(ca);
                    chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    return chain.Build(new X509Certificate2(certificate));
                },
            },
        };
        using var client = new HttpClient(handler, disposeHandler: true);
        byte[] buffer = new byte[64 * 1024];
        using IncrementalHash md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var watch = Stopwatch.StartNew();
        using HttpResponseMessage response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using Stream body = await response.Content.ReadAsStreamAsync();
        long received = 0;
        int n;
        while ((n = await body.ReadAsync(buffer)) > 0)
        {
            received += n;
            if (hash)
            {
                md5.AppendData(buffer, 0, n);
            }
        }

        string? digest = hash ? Convert.ToHexStringLower(md5.GetHashAndReset()) : null;
        double elapsed = watch.Elapsed.TotalMilliseconds;
        if (received != size || (hash && digest != expectedMd5))
        {
            throw new InvalidOperationException("plain GET got " + received + " bytes / digest " + digest);
        }

        return elapsed;
    }
}
