// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.Integrity;

namespace OtaFirmware.Tests.Host.Integrity.Native;

/// <summary>
/// The device's native hash core (<c>OtaFirmware.Esp32Ota/native/ota_hash.c</c>, built with gcc) against the standard
/// vectors and against the managed <see cref="Md5"/>/<see cref="Sha256"/>: same digests, same state bytes at every
/// offset, and mid-states moving between the two implementations.
/// </summary>
[TestClass]
public class NativeHashCoreTests
{
    public static IEnumerable<object[]> Algorithms => new[] { new object[] { "md5" }, new object[] { "sha256" } };

    [TestMethod]
    public void Sizes_BothAlgorithms_MatchManagedBlockHash()
    {
        Assert.AreEqual(new Md5().StateSize, NativeHashLibrary.StateSize(NativeHashLibrary.Md5));
        Assert.AreEqual(new Sha256().StateSize, NativeHashLibrary.StateSize(NativeHashLibrary.Sha256));
        Assert.AreEqual(16, NativeHashLibrary.DigestSize(NativeHashLibrary.Md5));
        Assert.AreEqual(32, NativeHashLibrary.DigestSize(NativeHashLibrary.Sha256));
        Assert.AreEqual(0, NativeHashLibrary.StateSize(7), "unknown algorithm");
    }

    [TestMethod]
    [DataRow("", "d41d8cd98f00b204e9800998ecf8427e")]
    [DataRow("a", "0cc175b9c0f1b6a831c399e269772661")]
    [DataRow("abc", "900150983cd24fb0d6963f7d28e17f72")]
    [DataRow("message digest", "f96b697d7cb7938d525a2f31aaf161d0")]
    [DataRow("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b")]
    [DataRow("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f")]
    [DataRow("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a")]
    public void Finish_Rfc1321Vectors_Md5Digest(string message, string expected)
    {
        Assert.AreEqual(expected, Hex(NativeDigest(NativeHashLibrary.Md5, Encoding.ASCII.GetBytes(message), 1000)));
    }

    [TestMethod]
    [DataRow("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [DataRow("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [DataRow("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [DataRow("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu", "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Finish_FipsVectors_Sha256Digest(string message, string expected)
    {
        Assert.AreEqual(expected, Hex(NativeDigest(NativeHashLibrary.Sha256, Encoding.ASCII.GetBytes(message), 1000)));
    }

    [TestMethod]
    public void Finish_MillionTimesA_FipsSha256AndMd5Digests()
    {
        byte[] data = Enumerable.Repeat((byte)'a', 1_000_000).ToArray();
        Assert.AreEqual("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", Hex(NativeDigest(NativeHashLibrary.Sha256, data, 4096)));
        Assert.AreEqual("7707d6ae4e027c70eea2a935c2296f21", Hex(NativeDigest(NativeHashLibrary.Md5, data, 4093)));
    }

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void Append_RandomDataAndChunkings_SameDigestAsManagedAndPlatform(string name)
    {
        var random = new Random(4242);
        for (int length = 0; length <= 9000; length += length < 200 ? 1 : 97)
        {
            byte[] data = new byte[length];
            random.NextBytes(data);
            IStreamingHash managed = Managed(name);
            byte[] state = NewState(name);
            int offset = 0;
            while (offset < length)
            {
                int count = Math.Min(length - offset, random.Next(0, 300));
                managed.Append(data, offset, count);
                Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.Append(Id(name), state, data, offset, count));
                offset += count;
            }

            byte[] expected = name == "md5" ? MD5.HashData(data) : SHA256.HashData(data);
            CollectionAssert.AreEqual(expected, Finish(managed), $"managed, length {length}");
            CollectionAssert.AreEqual(expected, NativeFinish(name, state), $"native, length {length}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void Append_EveryOffsetForChunkSizes1To130_SameStateBytesAsManagedExport(string name)
    {
        byte[] data = new byte[3 * 1024];
        new Random(7).NextBytes(data);
        IStreamingHash managed = Managed(name);
        byte[] exported = new byte[managed.StateSize];
        foreach (int chunk in Enumerable.Range(1, 130).Concat(new[] { 511, 1024, 3000 }))
        {
            managed.Reset();
            byte[] state = NewState(name);
            for (int offset = 0; offset < data.Length; offset += chunk)
            {
                int count = Math.Min(chunk, data.Length - offset);
                managed.Append(data, offset, count);
                Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.Append(Id(name), state, data, offset, count));
                managed.ExportState(exported, 0);
                CollectionAssert.AreEqual(exported, state, $"chunk {chunk}, after {offset + count} bytes");
            }
        }
    }

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void Finish_AfterMidStateMovedBetweenImplementations_SameDigest(string name)
    {
        byte[] data = new byte[20_000];
        new Random(11).NextBytes(data);
        byte[] expected = name == "md5" ? MD5.HashData(data) : SHA256.HashData(data);
        foreach (int split in new[] { 0, 1, 55, 56, 63, 64, 65, 4095, 4096, 4097, 12_345, 19_999, 20_000 })
        {
            // managed export -> native import
            IStreamingHash managed = Managed(name);
            managed.Append(data, 0, split);
            byte[] state = new byte[managed.StateSize];
            managed.ExportState(state, 0);
            Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.CheckState(Id(name), state));
            Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.Append(Id(name), state, data, split, data.Length - split));
            CollectionAssert.AreEqual(expected, NativeFinish(name, state), $"managed -> native at {split}");

            // native state -> managed import
            byte[] native = NewState(name);
            Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.Append(Id(name), native, data, 0, split));
            IStreamingHash resumed = Managed(name);
            Assert.IsTrue(resumed.ImportState(native, 0), $"import at {split}");
            Assert.AreEqual(split, resumed.Length);
            resumed.Append(data, split, data.Length - split);
            CollectionAssert.AreEqual(expected, Finish(resumed), $"native -> managed at {split}");
        }
    }

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void CheckState_DirtyBlockTailOrHugeCount_RejectedLikeManagedImport(string name)
    {
        IStreamingHash managed = Managed(name);
        managed.Append(new byte[10], 0, 10);
        byte[] state = new byte[managed.StateSize];
        managed.ExportState(state, 0);
        int block = managed.DigestSize + 8;

        byte[] dirty = (byte[])state.Clone();
        dirty[block + 10] = 1; // first byte past the 10 pending ones
        Assert.AreEqual(NativeHashLibrary.ErrState, NativeHashLibrary.CheckState(Id(name), dirty));
        Assert.IsFalse(Managed(name).ImportState(dirty, 0));

        byte[] huge = (byte[])state.Clone();
        huge[managed.DigestSize + 7] = 0x20; // count = 2^61 + 10
        Assert.AreEqual(NativeHashLibrary.ErrState, NativeHashLibrary.CheckState(Id(name), huge));
        Assert.IsFalse(Managed(name).ImportState(huge, 0));

        byte[] before = (byte[])dirty.Clone();
        Assert.AreEqual(NativeHashLibrary.ErrState, NativeHashLibrary.Append(Id(name), dirty, new byte[100], 0, 100));
        CollectionAssert.AreEqual(before, dirty, "a refused append leaves the state unchanged");
        Assert.AreEqual(NativeHashLibrary.ErrArgument, NativeHashLibrary.Append(Id(name), new byte[managed.StateSize - 1], new byte[1], 0, 1), "short state array");
    }

    [TestMethod]
    [DynamicData(nameof(Algorithms))]
    public void Append_CountReachingLengthLimit_RefusedAndStateUnchanged(string name)
    {
        IStreamingHash managed = Managed(name);
        byte[] state = new byte[managed.StateSize];
        managed.ExportState(state, 0);
        BitConverter.GetBytes((1L << 61) - 1).CopyTo(state, managed.DigestSize); // the last valid count (block empty: 2^61-1 % 64 = 63 pending zero bytes are fine)
        Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.CheckState(Id(name), state));
        byte[] before = (byte[])state.Clone();
        Assert.AreEqual(NativeHashLibrary.ErrState, NativeHashLibrary.Append(Id(name), state, new byte[1], 0, 1));
        CollectionAssert.AreEqual(before, state);
    }

    internal static int Id(string name) => name == "md5" ? NativeHashLibrary.Md5 : NativeHashLibrary.Sha256;

    internal static IStreamingHash Managed(string name) => name == "md5" ? new Md5() : new Sha256();

    internal static byte[] Finish(IStreamingHash hash)
    {
        byte[] digest = new byte[hash.DigestSize];
        hash.Finish(digest, 0);
        return digest;
    }

    internal static string Hex(byte[] bytes) => Convert.ToHexString(bytes).ToLowerInvariant();

    private static byte[] NewState(string name)
    {
        byte[] state = new byte[NativeHashLibrary.StateSize(Id(name))];
        Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.Reset(Id(name), state));
        return state;
    }

    private static byte[] NativeFinish(string name, byte[] state)
    {
        byte[] digest = new byte[NativeHashLibrary.DigestSize(Id(name))];
        Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.Finish(Id(name), state, digest, 0));
        return digest;
    }

    private static byte[] NativeDigest(int algorithm, byte[] data, int chunk)
    {
        byte[] state = new byte[NativeHashLibrary.StateSize(algorithm)];
        Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.Reset(algorithm, state));
        for (int offset = 0; offset < data.Length; offset += chunk)
        {
            Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.Append(algorithm, state, data, offset, Math.Min(chunk, data.Length - offset)));
        }

        byte[] digest = new byte[NativeHashLibrary.DigestSize(algorithm)];
        Assert.AreEqual(NativeHashLibrary.Ok, NativeHashLibrary.Finish(algorithm, state, digest, 0));
        return digest;
    }
}
