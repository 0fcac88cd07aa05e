// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.Integrity;

namespace OtaFirmware.Tests.Host.Integrity;

/// <summary>The hand-written hashes against the platform's MD5, SHA-1 and SHA-256.</summary>
[TestClass]
public class StreamingHashHostTests
{
    private static IStreamingHash Create(string name) => name switch { "md5" => new Md5(), "sha1" => new Sha1(), _ => new Sha256() };

    private static byte[] Reference(string name, byte[] data) => name switch { "md5" => MD5.HashData(data), "sha1" => SHA1.HashData(data), _ => SHA256.HashData(data) };

    private static byte[] Finish(IStreamingHash hash)
    {
        var digest = new byte[hash.DigestSize];
        hash.Finish(digest, 0);
        return digest;
    }

    [TestMethod]
    [DataRow("md5")]
    [DataRow("sha1")]
    [DataRow("sha256")]
    public void Append_RandomLengthsAndChunkings_MatchesPlatformHash(string name)
    {
        var random = new Random(1234);
        var hash = Create(name);
        for (int length = 0; length <= 5000; length += length < 300 ? 1 : 37)
        {
            var data = new byte[length];
            random.NextBytes(data);
            hash.Reset();
            int offset = 0;
            while (offset < length)
            {
                int count = Math.Min(length - offset, random.Next(0, 200));
                hash.Append(data, offset, count);
                offset += count;
            }

            CollectionAssert.AreEqual(Reference(name, data), Finish(hash), $"length {length}");
        }
    }

    [TestMethod]
    [DataRow("md5")]
    [DataRow("sha1")]
    [DataRow("sha256")]
    public void Append_SeveralMebibytes_MatchesPlatformHash(string name)
    {
        var random = new Random(99);
        foreach (int length in new[] { 1 << 20, (3 << 20) + 17, (5 << 20) - 1 })
        {
            var data = new byte[length];
            random.NextBytes(data);
            var hash = Create(name);
            int offset = 0;
            while (offset < length)
            {
                int count = Math.Min(length - offset, random.Next(1, 9000));
                hash.Append(data, offset, count);
                offset += count;
            }

            CollectionAssert.AreEqual(Reference(name, data), Finish(hash), $"length {length}");
        }
    }

    [TestMethod]
    [DataRow("md5")]
    [DataRow("sha1")]
    [DataRow("sha256")]
    public void ExportImport_AtRandomPoints_MatchesPlatformHash(string name)
    {
        var random = new Random(77);
        for (int round = 0; round < 200; round++)
        {
            var data = new byte[random.Next(0, 20000)];
            random.NextBytes(data);
            var hash = Create(name);
            var state = new byte[hash.StateSize];
            int offset = 0;
            while (offset < data.Length)
            {
                int count = Math.Min(data.Length - offset, random.Next(1, 3000));
                hash.Append(data, offset, count);
                offset += count;
                if (random.Next(3) == 0)
                {
                    hash.ExportState(state, 0);
                    hash = Create(name);
                    Assert.IsTrue(hash.ImportState(state, 0));
                }
            }

            CollectionAssert.AreEqual(Reference(name, data), Finish(hash), $"round {round}");
        }
    }

    [TestMethod]
    [DataRow("md5")]
    [DataRow("sha1")]
    [DataRow("sha256")]
    public void AppendAndFinish_AfterWarmUp_AllocateNothing(string name)
    {
        var hash = Create(name);
        var data = new byte[4096 + 3];
        new Random(5).NextBytes(data);
        var digest = new byte[hash.DigestSize];
        var state = new byte[hash.StateSize];
        hash.Append(data, 0, 4096);
        hash.Append(data, 3, 4096);
        hash.ExportState(state, 0);
        hash.ImportState(state, 0);
        hash.Finish(digest, 0);
        hash.Reset();

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10000; i++)
        {
            hash.Append(data, i & 3, 4096);
        }

        hash.ExportState(state, 0);
        hash.ImportState(state, 0);
        hash.Finish(digest, 0);
        hash.Reset();
        long after = GC.GetAllocatedBytesForCurrentThread();

        Assert.AreEqual(0L, after - before);
    }
}
