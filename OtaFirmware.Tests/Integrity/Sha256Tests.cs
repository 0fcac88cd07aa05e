// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Integrity;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Integrity
{
    [TestClass]
    public class Sha256Tests
    {
        [TestMethod]
        public void Sha256_Fips180Abc_MatchesDigest()
        {
            byte[] message = Encoding.UTF8.GetBytes("abc");

            Assert.AreEqual(
                "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                StreamingHashChecks.Digest(new Sha256(), message, 0, message.Length));
        }

        [TestMethod]
        public void Sha256_Fips180TwoBlockMessage_MatchesDigest()
        {
            byte[] message = Encoding.UTF8.GetBytes("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");

            Assert.AreEqual(448 / 8, message.Length);
            Assert.AreEqual(
                "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
                StreamingHashChecks.Digest(new Sha256(), message, 0, message.Length));
        }

        [TestMethod]
        public void Sha256_OneMillionA_MatchesDigest()
        {
            Sha256 sha = new Sha256();
            Assert.AreEqual("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0", StreamingHashChecks.MillionA(sha));
            Assert.AreEqual(1000000L, sha.Length);
        }

        [TestMethod]
        public void Sha256_Empty_MatchesDigest()
        {
            Assert.AreEqual(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                StreamingHashChecks.Digest(new Sha256(), new byte[0], 0, 0));
        }

        [TestMethod]
        public void Sha256_Sizes_AreFixed()
        {
            Sha256 sha = new Sha256();

            Assert.AreEqual(32, sha.DigestSize);
            Assert.AreEqual(64, sha.BlockSize);
            Assert.AreEqual(104, sha.StateSize);
        }

        [TestMethod]
        public void Append_AnyChunking_GivesSameDigest()
        {
            StreamingHashChecks.AssertChunkingInvariant(new Sha256(), 150);
        }

        [TestMethod]
        public void ExportState_AtEveryOffset_ImportContinuesToSameDigest()
        {
            StreamingHashChecks.AssertExportImportContinues(new Sha256(), new Sha256());
        }

        [TestMethod]
        public void ImportState_Garbage_ReturnsFalseAndKeepsState()
        {
            StreamingHashChecks.AssertImportRejectsGarbage(new Sha256());
        }
    }
}
