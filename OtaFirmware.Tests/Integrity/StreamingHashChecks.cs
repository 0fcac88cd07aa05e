// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Integrity;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Integrity
{
    /// <summary>Checks every <see cref="IStreamingHash"/> must pass, shared by the MD5, SHA-1 and SHA-256 tests.</summary>
    public static class StreamingHashChecks
    {
        /// <summary>Split points around the 55/56 padding edge and the 64-byte block edge.</summary>
        private static readonly int[] EdgeSplits = new int[] { 1, 55, 56, 57, 63, 64, 65, 119, 120, 127, 128, 129 };

        /// <summary>A deterministic message of <paramref name="length"/> bytes.</summary>
        public static byte[] Message(int length, int seed)
        {
            byte[] data = new byte[length];
            uint x = (uint)seed * 2654435761u + 1;
            for (int i = 0; i < length; i++)
            {
                x = (x * 1103515245u) + 12345u;
                data[i] = (byte)(x >> 16);
            }

            return data;
        }

        /// <summary>Hex digest of <paramref name="count"/> bytes of <paramref name="data"/> fed in one call to a reset hash.</summary>
        public static string Digest(IStreamingHash hash, byte[] data, int offset, int count)
        {
            hash.Reset();
            hash.Append(data, offset, count);
            return FinishHex(hash);
        }

        /// <summary>Hex digest of one million 'a' bytes (the FIPS 180 long vector) fed to a reset hash in 1000-byte chunks.</summary>
        public static string MillionA(IStreamingHash hash)
        {
            byte[] chunk = new byte[1000];
            for (int i = 0; i < chunk.Length; i++)
            {
                chunk[i] = (byte)'a';
            }

            hash.Reset();
            for (int i = 0; i < 1000; i++)
            {
                hash.Append(chunk, 0, chunk.Length);
            }

            return FinishHex(hash);
        }

        /// <summary>Finishes <paramref name="hash"/> and returns the digest as hex.</summary>
        public static string FinishHex(IStreamingHash hash)
        {
            byte[] digest = new byte[hash.DigestSize + 3];
            hash.Finish(digest, 3);
            return HexText.From(digest, 3, hash.DigestSize);
        }

        /// <summary>Every uniform chunk size and every one- and two-point split give the one-call digest.</summary>
        public static void AssertChunkingInvariant(IStreamingHash hash, int length)
        {
            byte[] data = Message(length, length);
            string expected = Digest(hash, data, 0, length);

            for (int chunk = 1; chunk <= length; chunk++)
            {
                hash.Reset();
                for (int offset = 0; offset < length; offset += chunk)
                {
                    int count = length - offset < chunk ? length - offset : chunk;
                    hash.Append(data, offset, count);
                }

                Assert.AreEqual((long)length, hash.Length);
                Assert.AreEqual(expected, FinishHex(hash), "chunk " + chunk.ToString());
            }

            for (int split = 0; split <= length; split++)
            {
                hash.Reset();
                hash.Append(data, 0, split);
                hash.Append(data, split, length - split);
                Assert.AreEqual(expected, FinishHex(hash), "split " + split.ToString());
            }

            for (int i = 0; i < EdgeSplits.Length; i++)
            {
                for (int j = i; j < EdgeSplits.Length; j++)
                {
                    int first = EdgeSplits[i];
                    int second = EdgeSplits[j];
                    if (second > length)
                    {
                        continue;
                    }

                    hash.Reset();
                    hash.Append(data, 0, first);
                    hash.Append(data, first, 0);
                    hash.Append(data, first, second - first);
                    hash.Append(data, second, length - second);
                    Assert.AreEqual(expected, FinishHex(hash), "splits " + first.ToString() + "," + second.ToString());
                }
            }
        }

        /// <summary>Exporting after every prefix length 0..200 and continuing in a fresh instance gives the same digest.</summary>
        public static void AssertExportImportContinues(IStreamingHash first, IStreamingHash fresh)
        {
            const int Length = 300;
            byte[] data = Message(Length, 7);
            string expected = Digest(first, data, 0, Length);
            byte[] state = new byte[first.StateSize + 5];

            for (int cut = 0; cut <= 200; cut++)
            {
                first.Reset();
                first.Append(data, 0, cut);
                first.ExportState(state, 5);

                fresh.Reset();
                fresh.Append(data, 0, 13);
                Assert.IsTrue(fresh.ImportState(state, 5), "import at " + cut.ToString());
                Assert.AreEqual((long)cut, fresh.Length);
                fresh.Append(data, cut, Length - cut);
                Assert.AreEqual(expected, FinishHex(fresh), "cut " + cut.ToString());

                // The exporter itself is not disturbed by exporting.
                first.Append(data, cut, Length - cut);
                Assert.AreEqual(expected, FinishHex(first), "exporter at " + cut.ToString());
            }
        }

        /// <summary>ImportState refuses states that cannot come from ExportState and leaves the hash unchanged.</summary>
        public static void AssertImportRejectsGarbage(IStreamingHash hash)
        {
            int size = hash.StateSize;
            int lengthOffset = size - 72;
            byte[] data = Message(100, 3);
            hash.Reset();
            hash.Append(data, 0, 70);
            byte[] before = new byte[size];
            hash.ExportState(before, 0);

            byte[] allOnes = new byte[size];
            for (int i = 0; i < size; i++)
            {
                allOnes[i] = 0xFF;
            }

            Assert.IsFalse(hash.ImportState(allOnes, 0), "all 0xFF (negative length)");

            byte[] tooLong = new byte[size];
            tooLong[lengthOffset + 7] = 0x20;
            Assert.IsFalse(hash.ImportState(tooLong, 0), "byte count overflows the bit count");

            byte[] dirtyTail = new byte[size];
            dirtyTail[lengthOffset] = 3;
            dirtyTail[lengthOffset + 8 + 3] = 1;
            Assert.IsFalse(hash.ImportState(dirtyTail, 0), "byte past the pending count");

            byte[] after = new byte[size];
            hash.ExportState(after, 0);
            CollectionAssert.AreEqual(before, after);

            byte[] zeros = new byte[size];
            Assert.IsTrue(hash.ImportState(zeros, 0), "zero state with zero length is well-formed");
            Assert.AreEqual(0L, hash.Length);
        }
    }
}
