// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.Agent;
using OtaFirmware.Device;
using OtaFirmware.Esp32Ota;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Host.Integrity.Native;

/// <summary>
/// The device's <see cref="NativeStreamingHash"/> and <see cref="DeviceHashes"/> (the files from OtaFirmware/Device,
/// unchanged) over the native core: the <see cref="IStreamingHash"/> contract of the managed hashes, and a real
/// <see cref="ResumeJournal"/> written with one implementation and resumed with the other.
/// </summary>
/// <remarks>Methods of one class run one after the other, which the <see cref="NativeOta.Missing"/> switch relies on.</remarks>
[TestClass]
public class NativeStreamingHashTests
{
    private const int Block = 4096;

    public static IEnumerable<object[]> Algorithms => NativeHashCoreTests.Algorithms;

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void Append_RandomChunks_SameLengthStateAndDigestAsManaged(string name)
    {
        var random = new Random(31);
        byte[] data = new byte[50_000];
        random.NextBytes(data);
        IStreamingHash managed = NativeHashCoreTests.Managed(name);
        IStreamingHash native = Native(name);
        Assert.AreEqual(managed.DigestSize, native.DigestSize);
        Assert.AreEqual(managed.BlockSize, native.BlockSize);
        Assert.AreEqual(managed.StateSize, native.StateSize);
        byte[] expectedState = new byte[managed.StateSize + 3];
        byte[] actualState = new byte[managed.StateSize + 3];
        int offset = 0;
        while (offset < data.Length)
        {
            int count = Math.Min(data.Length - offset, random.Next(0, 5000));
            managed.Append(data, offset, count);
            native.Append(data, offset, count);
            offset += count;
            managed.ExportState(expectedState, 3);
            native.ExportState(actualState, 3);
            CollectionAssert.AreEqual(expectedState, actualState, $"after {offset} bytes");
            Assert.AreEqual(managed.Length, native.Length);
        }

        byte[] digest = new byte[native.DigestSize + 5];
        native.Finish(digest, 5);
        CollectionAssert.AreEqual(NativeHashCoreTests.Finish(managed), digest.Skip(5).ToArray());
        CollectionAssert.AreEqual(name == "md5" ? MD5.HashData(data) : SHA256.HashData(data), digest.Skip(5).ToArray());

        native.Reset();
        Assert.AreEqual(0, native.Length);
        CollectionAssert.AreEqual(name == "md5" ? MD5.HashData(Array.Empty<byte>()) : SHA256.HashData(Array.Empty<byte>()), NativeHashCoreTests.Finish(native));
    }

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void CallerBugs_SameExceptionsAsManaged(string name)
    {
        foreach (IStreamingHash hash in new[] { NativeHashCoreTests.Managed(name), Native(name) })
        {
            string kind = hash.GetType().Name;
            Assert.ThrowsExactly<ArgumentNullException>(() => hash.Append(null!, 0, 0), kind);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => hash.Append(new byte[4], 2, 3), kind);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => hash.Append(new byte[4], -1, 1), kind);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => hash.Finish(new byte[hash.DigestSize], 1), kind);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => hash.ExportState(new byte[hash.StateSize - 1], 0), kind);
            Assert.ThrowsExactly<ArgumentOutOfRangeException>(() => hash.ImportState(new byte[hash.StateSize], 1), kind);
            hash.Finish(new byte[hash.DigestSize], 0);
            Assert.ThrowsExactly<InvalidOperationException>(() => hash.Append(new byte[1], 0, 1), kind);
            Assert.ThrowsExactly<InvalidOperationException>(() => hash.Finish(new byte[hash.DigestSize], 0), kind);
            Assert.ThrowsExactly<InvalidOperationException>(() => hash.ExportState(new byte[hash.StateSize], 0), kind);
            hash.Reset();
            hash.Append(new byte[1], 0, 1);
        }
    }

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void ImportState_InvalidBytes_FalseAndHashUnchanged(string name)
    {
        IStreamingHash native = Native(name);
        native.Append(new byte[70], 0, 70);
        byte[] before = new byte[native.StateSize];
        native.ExportState(before, 0);

        byte[] dirty = (byte[])before.Clone();
        dirty[native.DigestSize + 8 + 6] = 0xAA; // 6 bytes are pending; the 7th must be zero
        Assert.IsFalse(native.ImportState(dirty, 0));
        byte[] huge = (byte[])before.Clone();
        huge[native.DigestSize + 7] = 0x80; // negative count
        Assert.IsFalse(native.ImportState(huge, 0));

        byte[] after = new byte[native.StateSize];
        native.ExportState(after, 0);
        CollectionAssert.AreEqual(before, after);
        Assert.AreEqual(70, native.Length);
    }

    [TestMethod]
    [DataRow(true, 0)]
    [DataRow(false, 1)]
    [DataRow(true, 4096 * 3)]
    [DataRow(false, 4096 * 3)]
    [DataRow(true, 4096 * 7)]
    [DataRow(false, 4096 * 7)]
    public void ResumeJournal_WrittenByOneImplementationResumedByTheOther_SameDigests(bool managedFirst, int committed)
    {
        byte[] image = new byte[4096 * 8 + 123];
        new Random(committed + (managedFirst ? 1 : 0)).NextBytes(image);
        var job = new UpdateJob("2.0.0", image.Length, MD5.HashData(image), SHA256.HashData(image), "https://127.0.0.1/fw.bin", "job-1");
        var hashes = new DeviceHashes(null!);
        Assert.IsTrue(hashes.IsNative);

        IStreamingHash md5 = managedFirst ? new Md5() : hashes.CreateMd5();
        IStreamingHash sha256 = managedFirst ? new Sha256() : hashes.CreateSha256();
        md5.Append(image, 0, committed);
        sha256.Append(image, 0, committed);
        var flash = new NorFlash(new MemoryFlashMedium(4 * Block), Block, 4);
        var journal = new ResumeJournal(flash);
        Assert.AreEqual(JournalStatus.Empty, journal.Load());
        Assert.AreEqual(JournalStatus.Ok, journal.WriteDownloading(job, committed, md5, sha256));

        // "reboot": a fresh journal over the same flash, the other implementation
        var afterReboot = new ResumeJournal(flash);
        Assert.AreEqual(JournalStatus.Ok, afterReboot.Load());
        Assert.AreEqual(committed, afterReboot.CommittedOffset);
        IStreamingHash md5Resumed = managedFirst ? hashes.CreateMd5() : new Md5();
        IStreamingHash sha256Resumed = managedFirst ? hashes.CreateSha256() : new Sha256();
        Assert.AreNotEqual(md5.GetType(), md5Resumed.GetType());
        Assert.IsTrue(afterReboot.RestoreHashes(md5Resumed, sha256Resumed));
        Assert.AreEqual((long)committed, md5Resumed.Length);
        md5Resumed.Append(image, committed, image.Length - committed);
        sha256Resumed.Append(image, committed, image.Length - committed);
        CollectionAssert.AreEqual(job.Md5, NativeHashCoreTests.Finish(md5Resumed));
        CollectionAssert.AreEqual(job.Sha256, NativeHashCoreTests.Finish(sha256Resumed));
    }

    [TestMethod]
    public void DeviceHashes_InteropMissing_ManagedHashesAndLoggedOnce()
    {
        var log = new LinesLog();
        NativeOta.Missing = true;
        DeviceHashes hashes;
        try
        {
            hashes = new DeviceHashes(log);
        }
        finally
        {
            NativeOta.Missing = false;
        }

        Assert.IsFalse(hashes.IsNative);
        Assert.IsInstanceOfType<Md5>(hashes.CreateMd5());
        Assert.IsInstanceOfType<Sha256>(hashes.CreateSha256());
        Assert.IsInstanceOfType<Md5>(hashes.CreateMd5());
        Assert.AreEqual(1, log.Lines.Count, string.Join("\n", log.Lines));
        StringAssert.Contains(log.Lines[0], "managed");
    }

    [TestMethod]
    public void DeviceHashes_InteropPresent_NativeHashesAndNothingLogged()
    {
        var log = new LinesLog();
        var hashes = new DeviceHashes(log);
        Assert.IsTrue(hashes.IsNative);
        Assert.IsInstanceOfType<NativeStreamingHash>(hashes.CreateMd5());
        Assert.IsInstanceOfType<NativeStreamingHash>(hashes.CreateSha256());
        Assert.AreEqual(0, log.Lines.Count);
    }

    private static IStreamingHash Native(string name) => name == "md5" ? NativeStreamingHash.CreateMd5() : NativeStreamingHash.CreateSha256();

    private sealed class LinesLog : ILog
    {
        public List<string> Lines { get; } = new();

        public void Write(string line) => Lines.Add(line);
    }
}
