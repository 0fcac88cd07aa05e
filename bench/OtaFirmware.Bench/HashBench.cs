// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Security.Cryptography;
using OtaFirmware.Integrity;

namespace OtaFirmware.Bench;

/// <summary>Section 2: the hand-written streaming hashes against the platform's (OpenSSL-backed) IncrementalHash.</summary>
internal static class HashBench
{
    private const int Length = 64 * 1024 * 1024;
    private const int Append = 4096;
    private const int Repetitions = 3;

    public static Section Run()
    {
        var section = new Section("2. Hash throughput: OtaFirmware.Integrity vs System.Security.Cryptography");
        byte[] data = new byte[Length];
        new Random(1234).NextBytes(data);
        byte[] digest = new byte[32];

        Compare(section, "MD5", data, new Md5(), HashAlgorithmName.MD5, digest);
        Compare(section, "SHA-256", data, new Sha256(), HashAlgorithmName.SHA256, digest);
        section.Note($"{Length / 1048576} MiB of random bytes fed in {Append}-byte appends (the pipeline's chunk size), {Repetitions} repetitions per implementation, interleaved, one warm-up pass first; median MiB/s (MiB = 2^20 bytes). Reference: IncrementalHash.CreateHash(...).AppendData(byte[], int, int) + GetHashAndReset, which on Linux calls OpenSSL (assembly, SHA extensions where the CPU has them).");
        section.Note("The digests of both implementations are compared on every pass (a mismatch aborts the run).");
        return section;
    }

    private static void Compare(Section section, string name, byte[] data, IStreamingHash ours, HashAlgorithmName algorithm, byte[] digest)
    {
        using IncrementalHash platform = IncrementalHash.CreateHash(algorithm);
        var oursTimes = new List<double>();
        var platformTimes = new List<double>();
        for (int rep = -1; rep < Repetitions; rep++)
        {
            var watch = Stopwatch.StartNew();
            ours.Reset();
            for (int i = 0; i < data.Length; i += Append)
            {
                ours.Append(data, i, Append);
            }

            ours.Finish(digest, 0);
            double oursMs = watch.Elapsed.TotalMilliseconds;
            byte[] oursDigest = digest.AsSpan(0, ours.DigestSize).ToArray();

            watch.Restart();
            for (int i = 0; i < data.Length; i += Append)
            {
                platform.AppendData(data, i, Append);
            }

            byte[] platformDigest = platform.GetHashAndReset();
            double platformMs = watch.Elapsed.TotalMilliseconds;
            if (!oursDigest.AsSpan().SequenceEqual(platformDigest))
            {
                throw new InvalidOperationException(name + " digests differ");
            }

            if (rep >= 0)
            {
                oursTimes.Add(oursMs);
                platformTimes.Add(platformMs);
            }
        }

        double[] oursRates = oursTimes.Select(ms => data.Length / 1048576.0 / (ms / 1000.0)).ToArray();
        double[] platformRates = platformTimes.Select(ms => data.Length / 1048576.0 / (ms / 1000.0)).ToArray();
        double o = Fmt.Median(oursRates);
        double p = Fmt.Median(platformRates);
        double ratio = o / p;
        section.Add(name + ": OtaFirmware.Integrity vs IncrementalHash", Fmt.N(o) + " MiB/s" + Fmt.Spread(oursRates, v => Fmt.N(v)), Fmt.N(p) + " MiB/s" + Fmt.Spread(platformRates, v => Fmt.N(v)), Fmt.X(ratio), ">= 0.50x", Fmt.Pass(ratio >= 0.5));
    }
}
