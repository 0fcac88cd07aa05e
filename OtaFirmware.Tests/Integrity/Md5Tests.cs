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
    public class Md5Tests
    {
        /// <summary>RFC 1321 appendix A.5 test suite: message, digest.</summary>
        private static readonly string[] Rfc1321Vectors = new string[]
        {
            "", "d41d8cd98f00b204e9800998ecf8427e",
            "a", "0cc175b9c0f1b6a831c399e269772661",
            "abc", "900150983cd24fb0d6963f7d28e17f72",
            "message digest", "f96b697d7cb7938d525a2f31aaf161d0",
            "abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b",
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "d174ab98d277d9f5a5611c2c9f419d9f",
            "12345678901234567890123456789012345678901234567890123456789012345678901234567890", "57edf4a22be3c955ac49da2e2107b67a",
        };

        [TestMethod]
        public void Md5_Rfc1321Vectors_MatchDigests()
        {
            Md5 md5 = new Md5();
            for (int i = 0; i < Rfc1321Vectors.Length; i += 2)
            {
                byte[] message = Encoding.UTF8.GetBytes(Rfc1321Vectors[i]);

                Assert.AreEqual(Rfc1321Vectors[i + 1], StreamingHashChecks.Digest(md5, message, 0, message.Length), Rfc1321Vectors[i]);
            }
        }

        [TestMethod]
        public void Md5_Sizes_AreFixed()
        {
            Md5 md5 = new Md5();

            Assert.AreEqual(16, md5.DigestSize);
            Assert.AreEqual(64, md5.BlockSize);
            Assert.AreEqual(88, md5.StateSize);
        }

        [TestMethod]
        public void Append_AnyChunking_GivesSameDigest()
        {
            StreamingHashChecks.AssertChunkingInvariant(new Md5(), 150);
        }

        [TestMethod]
        public void ExportState_AtEveryOffset_ImportContinuesToSameDigest()
        {
            StreamingHashChecks.AssertExportImportContinues(new Md5(), new Md5());
        }

        [TestMethod]
        public void ImportState_Garbage_ReturnsFalseAndKeepsState()
        {
            StreamingHashChecks.AssertImportRejectsGarbage(new Md5());
        }

        [TestMethod]
        public void Append_AfterFinish_Throws()
        {
            Md5 md5 = new Md5();
            md5.Finish(new byte[16], 0);

            TestAssert.Throws(typeof(System.InvalidOperationException), delegate { md5.Append(new byte[1], 0, 1); });
            md5.Reset();
            md5.Append(new byte[1], 0, 1);
            Assert.AreEqual(1L, md5.Length);
        }
    }
}
