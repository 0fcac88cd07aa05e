// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Clouds;
using OtaFirmware.Text;
using OtaFirmware.Integrity;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Integrity
{
    [TestClass]
    public class Sha1Tests
    {
        // FIPS 180-2 appendix A and the NIST example messages.
        private static readonly string[] Messages = new string[]
        {
            "abc",
            "",
            "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
        };

        private static readonly string[] Digests = new string[]
        {
            "a9993e364706816aba3e25717850c26c9cd0d89d",
            "da39a3ee5e6b4b0d3255bfef95601890afd80709",
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1",
        };

        [TestMethod]
        public void Finish_FipsVectors_MatchDigest()
        {
            for (int i = 0; i < Messages.Length; i++)
            {
                byte[] message = Encoding.UTF8.GetBytes(Messages[i]);
                Assert.AreEqual(Digests[i], StreamingHashChecks.Digest(new Sha1(), message, 0, message.Length), Messages[i]);
            }
        }

        [TestMethod]
        public void Append_MillionA_MatchesFipsVector()
        {
            Sha1 sha = new Sha1();
            Assert.AreEqual("34aa973cd4c4daa4f61eeb2bdbad27316534016f", StreamingHashChecks.MillionA(sha));
            Assert.AreEqual(1000000L, sha.Length);
        }

        [TestMethod]
        public void Append_AnyChunking_GivesSameDigest()
        {
            StreamingHashChecks.AssertChunkingInvariant(new Sha1(), 150);
        }

        [TestMethod]
        public void ExportState_AtEveryOffset_ImportContinuesToSameDigest()
        {
            StreamingHashChecks.AssertExportImportContinues(new Sha1(), new Sha1());
        }

        [TestMethod]
        public void ImportState_GarbageAfterPending_FalseAndUnchanged()
        {
            Sha1 sha = new Sha1();
            sha.Append(new byte[] { 1, 2, 3 }, 0, 3);
            byte[] state = new byte[92];
            sha.ExportState(state, 0);
            state[28 + 10] = 0x55;
            Sha1 target = new Sha1();
            Assert.IsFalse(target.ImportState(state, 0));
            Assert.AreEqual(0L, target.Length);
            Assert.AreEqual(92, target.StateSize);
        }

        [TestMethod]
        public void Reset_AfterFinish_StartsOver()
        {
            Sha1 sha = new Sha1();
            byte[] abc = Encoding.UTF8.GetBytes("abc");
            byte[] digest = new byte[20];
            sha.Append(abc, 0, 3);
            sha.Finish(digest, 0);
            sha.Reset();
            sha.Append(abc, 0, 3);
            sha.Finish(digest, 0);
            Assert.AreEqual(Digests[0], Hex.ToLower(digest));
        }
    }
}
