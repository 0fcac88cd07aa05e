// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.JdCloud;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Integrity;
using OtaFirmware.Security;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Tests.Fakes;
using OtaFirmware.Update;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Update
{
    /// <summary>
    /// Image attacks end to end on the simulated board, with the agent, the pipeline and the device's
    /// <see cref="ImagePolicy"/> (stand-in RSA, see <see cref="StandInSigner"/>): every tampered image is a valid ESP32
    /// image the slot and bootloader would accept, served with matching MD5, so only the policy stops it. Each is
    /// refused before activation with its reason reported, the old image keeps running, and nothing is retried.
    /// </summary>
    [TestClass]
    public class ImageAttackTests
    {
        private const int ImageSize = 20000;
        private const int TrustedSeed = 17;
        private const int OtherSeed = 91;

        [TestMethod]
        [DataRow("unsigned", "whole number of 4 KiB sectors")]
        [DataRow("unsigned-padded", "carries no valid Secure Boot v2 signature block")]
        [DataRow("other-key", "signed with a key this device does not trust")]
        [DataRow("flip-header", "do not match the digest in its signature block")]
        [DataRow("flip-body", "do not match the digest in its signature block")]
        [DataRow("flip-signature", "signature does not verify with the trusted key")]
        [DataRow("flip-block-unfixed", "carries no valid Secure Boot v2 signature block")]
        [DataRow("truncated-signature", "whole number of 4 KiB sectors")]
        public void Update_TamperedImage_RefusedBeforeActivationOldImageRuns(string attack, string reason)
        {
            TestBoard board = SecureBoard(Attack(attack), "1.1.0");
            board.SendUpdate();
            board.RunUntilSettled(2000);

            AssertRefused(board, "1.1.0", UpdateError.SignatureInvalid, 100);
            Assert.AreEqual(1, board.Channel.Count(" " + ((int)UpdateError.SignatureInvalid).ToString() + " signature check failed: "), attack);
            Assert.AreEqual(1, board.Channel.Count(reason), attack);
        }

        [TestMethod]
        public void Update_SignedWithTrustedKey_ActivatedAndRuns()
        {
            TestBoard board = SecureBoard(Signed(Build("1.1.0", 0), TrustedSeed), "1.1.0");
            board.SendUpdate();
            board.RunUntilSettled(2000);

            Assert.AreEqual(1, board.Resets);
            Assert.AreEqual("1.1.0", board.Esp.Boot().Version);
            Assert.AreEqual(0, board.Channel.Count("fail "));
        }

        [TestMethod]
        public void Update_OlderVersion_RefusedAtStartNothingDownloaded()
        {
            TestBoard board = SecureBoard(Signed(Build("0.9.0", 0), TrustedSeed), "0.9.0");
            board.SendUpdate();
            board.RunUntilSettled(2000);

            AssertRefused(board, "0.9.0", UpdateError.DowngradeRefused, 0);
            Assert.AreEqual(1, board.Channel.Count("version 0.9.0 is older than the running 1.0.0"));
            Assert.IsNull(board.Source.LastUrl);
        }

        [TestMethod]
        public void Update_UnorderedVersion_RefusedAtStart()
        {
            TestBoard board = SecureBoard(Signed(Build("nightly", 0), TrustedSeed), "nightly");
            board.SendUpdate();
            board.RunUntilSettled(2000);

            AssertRefused(board, "nightly", UpdateError.DowngradeRefused, 0);
            Assert.AreEqual(1, board.Channel.Count("cannot be ordered"));
        }

        [TestMethod]
        public void Update_OlderVersionWithDowngradeAllowed_Activated()
        {
            TestBoard board = TestBoard.Offering(Signed(Build("0.9.0", 0), TrustedSeed), "0.9.0");
            board.Policy = new ImagePolicy(Check(), true, 0);
            board.PowerOnAndBoot();
            board.SendUpdate();
            board.RunUntilSettled(2000);

            Assert.AreEqual("0.9.0", board.Esp.Boot().Version);
        }

        [TestMethod]
        public void Update_SecureVersionBelowEfuseCounter_RefusedBeforeActivation()
        {
            TestBoard board = TestBoard.Offering(Signed(Build("1.1.0", 1), TrustedSeed), "1.1.0");
            board.Policy = new ImagePolicy(Check(), false, 0);
            board.Esp.FlashImage(board.Esp.Table.OtaSlot(0), Build("1.0.0", 2)); // the running image is at the counter
            board.Esp.Efuse.RaiseSecureVersion(2);
            board.PowerOnAndBoot();
            board.SendUpdate();
            board.RunUntilSettled(2000);

            AssertRefused(board, "1.1.0", UpdateError.DowngradeRefused, 100, 2);
            Assert.AreEqual(1, board.Channel.Count("secure_version 1 is below the device's anti-rollback counter 2"));
        }

        [TestMethod]
        public void Update_ConfirmedImage_RaisesEfuseCounterToItsSecureVersion()
        {
            TestBoard board = SecureBoard(Signed(Build("1.1.0", 3), TrustedSeed), "1.1.0");
            board.SendUpdate();
            board.RunUntilSettled(2000);

            Assert.AreEqual("1.1.0", board.Esp.Boot().Version);
            Assert.AreEqual(3u, board.Esp.Efuse.SecureVersion);
        }

        [TestMethod]
        public void Update_RetainedCommands_IgnoredAndLoggedOnce()
        {
            TestBoard board = SecureBoard(Signed(Build("1.1.0", 0), TrustedSeed), "1.1.0");
            byte[] command = ScriptedDialect.UpdatePayload("1.1.0", board.Image.Length, board.Md5Digest, "https://cloud.local/fw.bin", "job-r");
            board.Agent.Deliver("update", command, true);
            board.Agent.Deliver("update", command, true);
            board.RunUntilSettled(2000);

            Assert.AreEqual(0, board.Resets);
            Assert.IsNull(board.Source.LastUrl);
            int logged = 0;
            for (int i = 0; i < board.Log.Lines.Count; i++)
            {
                if (((string)board.Log.Lines[i]).IndexOf("ignored a retained update command") >= 0)
                {
                    logged++;
                }
            }

            Assert.AreEqual(1, logged);
            Assert.AreEqual("1.0.0", board.Esp.Boot().Version);
        }

        [TestMethod]
        public void Settle_SignatureAlteredInFlashAfterInterruptedTrial_RetryRefusedOldImageRuns()
        {
            byte[] file = Signed(Build("1.1.0", 0), TrustedSeed);
            TestBoard board = SecureBoard(file, "1.1.0");
            board.Health.CutPowerOf = board.Esp.Flash;
            board.Health.CutsLeft = 1;
            board.SendUpdate();
            AssertCutDuringTrial(board);

            // Between the interrupted trial and its retry the signature block in the passive slot changes (CRC fixed, as
            // an attacker with flash access would): the retry must run the signature check again.
            board.Esp.Flash.PowerOn();
            int sector = board.Esp.Table.OtaSlot(1).Offset + file.Length - SignatureBlock.SectorSize;
            byte[] block = new byte[SignatureBlock.SectorSize];
            Assert.IsTrue(board.Esp.Flash.Read(sector, block, 0, block.Length).IsOk);
            block[SignatureBlock.SignatureOffset + 7] ^= 0x01;
            StandInSigner.FixCrc(block, 0);
            Assert.IsTrue(board.Esp.Flash.Erase(sector, block.Length).IsOk);
            Assert.IsTrue(board.Esp.Flash.Write(sector, block, 0, block.Length).IsOk);

            board.PowerOnAndBoot();
            board.RunUntilSettled(10000);

            AssertRetryRefused(board, file.Length, "signature does not verify with the trusted key");
        }

        [TestMethod]
        public void Settle_KeyNoLongerTrustedAtRetryOfInterruptedTrial_RetryRefusedOldImageRuns()
        {
            byte[] file = Signed(Build("1.1.0", 0), TrustedSeed);
            TestBoard board = SecureBoard(file, "1.1.0");
            board.Health.CutPowerOf = board.Esp.Flash;
            board.Health.CutsLeft = 1;
            board.SendUpdate();
            AssertCutDuringTrial(board);

            // The device's configuration trusts another key from this boot on; the image's digests still match.
            board.Policy = new ImagePolicy(new ImageSignatureCheck(new EchoRsaPssVerifier(), new Sha256(), StandInSigner.KeyDigest(StandInSigner.Key(OtherSeed))), false, 0);
            board.PowerOnAndBoot();
            board.RunUntilSettled(10000);

            AssertRetryRefused(board, file.Length, "signed with a key this device does not trust");
        }

        [TestMethod]
        [DataRow("tencent", "\"state\":\"burning\"", "\"result_code\":\"-4\"")]
        [DataRow("aliyun", "\"step\":\"100\"", "\"step\":\"-3\"")]
        [DataRow("jdcloud", "\"status\":\"burning\"", "\"code\":-3")]
        public void Update_RefusedImageInEachDialect_NeverReportsBurning(string cloud, string burning, string refused)
        {
            TestBoard board = DialectBoard(Signed(Build("1.1.0", 0), OtherSeed), cloud);
            board.RunUntilSettled(2000);

            Assert.AreEqual(0, board.Channel.Count(burning), Published(board));
            Assert.AreEqual(1, board.Channel.Count(refused), Published(board));
            Assert.AreEqual(0, board.Resets);
            Assert.AreEqual("1.0.0", board.Esp.Boot().Version);

            // The same dialect does report burning for an image it accepts (the marker is the dialect's real one).
            TestBoard accepted = DialectBoard(Signed(Build("1.1.0", 0), TrustedSeed), cloud);
            accepted.RunUntilSettled(2000);

            Assert.IsTrue(accepted.Channel.Count(burning) >= 1, Published(accepted));
            Assert.AreEqual("1.1.0", accepted.Esp.Boot().Version);
        }

        /// <summary>A signature-checking board whose agent speaks <paramref name="cloud"/>'s dialect and has received
        /// that cloud's update command for <paramref name="file"/>.</summary>
        private static TestBoard DialectBoard(byte[] file, string cloud)
        {
            TestBoard board = TestBoard.Offering(file, "1.1.0");
            board.Policy = new ImagePolicy(Check(), false, 0);
            string md5 = Hex(board.Md5Digest);
            string size = file.Length.ToString();
            const string Url = "https://cloud.local/fw.bin";
            string topic;
            string command;
            if (cloud == "tencent")
            {
                board.AgentDialect = new TencentDialect("S3EUVBRJLB", "test_device");
                topic = "$ota/update/S3EUVBRJLB/test_device";
                command = "{\"file_size\":" + size + ",\"md5sum\":\"" + md5 + "\",\"type\":\"update_firmware\",\"url\":\"" + Url + "\",\"version\":\"1.1.0\"}";
            }
            else if (cloud == "aliyun")
            {
                board.AgentDialect = new AliyunDialect("a1pk", "dev1");
                topic = "/ota/device/upgrade/a1pk/dev1";
                command = "{\"code\":\"1000\",\"data\":{\"size\":" + size + ",\"version\":\"1.1.0\",\"url\":\"" + Url + "\",\"md5\":\"" + md5 + "\"},\"id\":\"1507707025\",\"message\":\"success\"}";
            }
            else
            {
                board.AgentDialect = new JdCloudDialect("pk1", "id1");
                topic = "/sys/pk1/id1/ota/firmware/upgrade";
                command = "{\"msgId\":\"123\",\"version\":\"1.0\",\"data\":{\"policy\":\"standard\",\"size\":" + size + ",\"firmwareVersion\":\"1.1.0\",\"url\":\"" + Url + "\",\"sign\":\"" + md5 + "\",\"signMethod\":\"Md5\"}}";
            }

            board.PowerOnAndBoot();
            board.Agent.Deliver(topic, Encoding.UTF8.GetBytes(command), false);
            return board;
        }

        private static string Hex(byte[] bytes)
        {
            const string Digits = "0123456789abcdef";
            char[] text = new char[bytes.Length * 2];
            for (int i = 0; i < bytes.Length; i++)
            {
                text[2 * i] = Digits[bytes[i] >> 4];
                text[(2 * i) + 1] = Digits[bytes[i] & 0x0F];
            }

            return new string(text);
        }

        private static void AssertCutDuringTrial(TestBoard board)
        {
            bool cut = false;
            try
            {
                board.RunUntilSettled(10000);
            }
            catch (PowerLossException)
            {
                cut = true;
            }

            Assert.IsTrue(cut, "the trial boot was cut");
            Assert.AreEqual(1, board.Health.Calls);
        }

        private static void AssertRetryRefused(TestBoard board, int served, string reason)
        {
            Assert.AreEqual("1.0.0", board.LastBoot.Version);
            Assert.AreEqual("1.0.0", board.Esp.Boot().Version);
            Assert.AreEqual(1, board.Channel.Count("fail 100 1.1.0 " + ((int)UpdateError.SignatureInvalid).ToString() + " "), Published(board));
            Assert.AreEqual(1, board.Channel.Count(reason), Published(board));
            Assert.AreEqual(1, board.Health.Calls, "never tried again");
            Assert.AreEqual((long)served, board.Source.BytesServed, "nothing downloaded again");
        }

        private static void AssertRefused(TestBoard board, string version, UpdateError error, int percent)
        {
            AssertRefused(board, version, error, percent, 0);
        }

        private static void AssertRefused(TestBoard board, string version, UpdateError error, int percent, int counter)
        {
            Assert.AreEqual(1, board.Channel.Count("fail " + percent.ToString() + " " + version + " " + ((int)error).ToString() + " "), Published(board));
            Assert.AreEqual(1, board.Channel.Count("fail "), "reported once, never retried");
            Assert.AreEqual(0, board.Resets, "nothing was activated");
            Assert.AreEqual("1.0.0", board.Esp.Boot().Version);
            Assert.AreEqual((uint)counter, board.Esp.Efuse.SecureVersion);
        }

        private static string Published(TestBoard board)
        {
            string all = string.Empty;
            for (int i = 0; i < board.Channel.Published.Count; i++)
            {
                all += (string)board.Channel.Published[i] + "\n";
            }

            return all;
        }

        private static TestBoard SecureBoard(byte[] file, string version)
        {
            TestBoard board = TestBoard.Offering(file, version);
            board.Policy = new ImagePolicy(Check(), false, 0);
            board.PowerOnAndBoot();
            return board;
        }

        private static ImageSignatureCheck Check()
        {
            return new ImageSignatureCheck(new EchoRsaPssVerifier(), new Sha256(), StandInSigner.KeyDigest(StandInSigner.Key(TrustedSeed)));
        }

        private static byte[] Build(string version, uint secureVersion)
        {
            return Esp32ImageBuilder.Build(version, "OtaFirmware", 0, ImageSize, 42, 0x400000, secureVersion);
        }

        private static byte[] Signed(byte[] image, int keySeed)
        {
            return StandInSigner.Sign(image, StandInSigner.Key(keySeed));
        }

        private static byte[] Attack(string attack)
        {
            byte[] image = Build("1.1.0", 0);
            if (attack == "unsigned")
            {
                return image;
            }

            if (attack == "unsigned-padded")
            {
                byte[] padded = new byte[(((ImageSize + 4095) / 4096) + 1) * 4096];
                for (int i = 0; i < padded.Length; i++)
                {
                    padded[i] = 0xFF;
                }

                Array.Copy(image, padded, image.Length);
                return padded;
            }

            if (attack == "other-key")
            {
                return Signed(image, OtherSeed);
            }

            byte[] file = Signed(image, TrustedSeed);
            int block = file.Length - SignatureBlock.SectorSize;
            if (attack == "flip-header")
            {
                file[8] ^= 0x01; // wp_pin: outside the checksum, so only the appended hash changes
                Rehash(file);
            }
            else if (attack == "flip-body")
            {
                file[5000] ^= 0x10; // segment data: the checksum byte changes with it
                file[ImageSize - 33] ^= 0x10;
                Rehash(file);
            }
            else if (attack == "flip-signature")
            {
                file[block + SignatureBlock.SignatureOffset + 5] ^= 0x01;
                StandInSigner.FixCrc(file, block);
            }
            else if (attack == "flip-block-unfixed")
            {
                file[block + SignatureBlock.SignatureOffset + 100] ^= 0x01;
            }
            else if (attack == "truncated-signature")
            {
                byte[] cut = new byte[file.Length - 600];
                Array.Copy(file, cut, cut.Length);
                return cut;
            }
            else
            {
                throw new ArgumentException(attack);
            }

            return file;
        }

        /// <summary>Rewrites the ESP32 image's appended SHA-256 after a change, as an attacker rebuilding it would.</summary>
        private static void Rehash(byte[] file)
        {
            Sha256 sha = new Sha256();
            sha.Append(file, 0, ImageSize - 32);
            sha.Finish(file, ImageSize - 32);
        }
    }
}
