// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Security;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Tests.Fakes;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.SimulatedHardware
{
    /// <summary>The simulated chip's eFuse rules: anti-rollback counter and Secure Boot v2 (stand-in RSA), at boot and
    /// at the slot's activation (esp_ota_set_boot_partition).</summary>
    [TestClass]
    public class SimulatedSecureBootTests
    {
        private const int ImageSize = 20000;

        [TestMethod]
        public void Boot_ImageBelowEfuseCounter_RefusedAsAntiRollback()
        {
            SimulatedEsp32 esp = NewBoard(Esp32ImageBuilder.Build("1.0.0", "OtaFirmware", 0, ImageSize, 1, 0x400000, 1));
            Assert.IsTrue(esp.Boot().IsOk);

            esp.Efuse.RaiseSecureVersion(2);
            BootResult boot = esp.Boot();

            Assert.IsFalse(boot.IsOk);
            Assert.IsTrue(boot.Log.IndexOf("anti-rollback: secure_version 1 is below the eFuse counter 2") >= 0, boot.Log);
        }

        [TestMethod]
        public void Efuse_SecureVersion_OnlyRises()
        {
            SimulatedEfuse efuse = new SimulatedEfuse();
            Assert.IsTrue(efuse.RaiseSecureVersion(3));
            Assert.IsFalse(efuse.RaiseSecureVersion(1));
            Assert.AreEqual(3u, efuse.SecureVersion);
        }

        [TestMethod]
        public void Boot_SecureBootWithSignedImage_Boots()
        {
            SimulatedEsp32 esp = SecureBoard(StandInSigner.Sign(Image(), StandInSigner.Key(17)));

            Assert.IsTrue(esp.Boot().IsOk);
        }

        [TestMethod]
        public void Boot_SecureBootWithUntrustedOrBrokenSignature_NothingBoots()
        {
            byte[][] files = new byte[3][];
            files[0] = StandInSigner.Sign(Image(), StandInSigner.Key(91));
            files[1] = StandInSigner.Sign(Image(), StandInSigner.Key(17));
            int block = files[1].Length - SignatureBlock.SectorSize;
            files[1][block + SignatureBlock.SignatureOffset] ^= 0x01;
            StandInSigner.FixCrc(files[1], block);
            files[2] = Image();
            for (int i = 0; i < files.Length; i++)
            {
                BootResult boot = SecureBoard(files[i]).Boot();

                Assert.IsFalse(boot.IsOk, i.ToString());
                Assert.IsTrue(boot.Log.IndexOf("secure boot: ") >= 0, boot.Log);
            }
        }

        [TestMethod]
        public void Boot_SecureBootWithoutVerifier_NothingBoots()
        {
            SimulatedEsp32 esp = SecureBoard(StandInSigner.Sign(Image(), StandInSigner.Key(17)));
            esp.SignatureVerifier = null;

            Assert.IsFalse(esp.Boot().IsOk);
        }

        [TestMethod]
        public void Activate_SecureBootWithUnsignedOrBadlySignedImage_RefusedAsOtaValidateFailedBootUnchanged()
        {
            byte[][] files = new byte[3][];
            files[0] = Esp32ImageBuilder.Build("2.0.0", "OtaFirmware", 0, ImageSize, 2);
            files[1] = StandInSigner.Sign(Esp32ImageBuilder.Build("2.0.0", "OtaFirmware", 0, ImageSize, 2), StandInSigner.Key(91));
            files[2] = StandInSigner.Sign(Esp32ImageBuilder.Build("2.0.0", "OtaFirmware", 0, ImageSize, 2), StandInSigner.Key(17));
            int block = files[2].Length - SignatureBlock.SectorSize;
            files[2][block + SignatureBlock.SignatureOffset + 3] ^= 0x01;
            StandInSigner.FixCrc(files[2], block);
            for (int i = 0; i < files.Length; i++)
            {
                SimulatedEsp32 esp = SecureBoard(StandInSigner.Sign(Image(), StandInSigner.Key(17)));
                SimulatedFirmwareSlot slot = esp.OpenSlot(BoardTestSupport.BootOk(esp));
                BoardTestSupport.Stage(slot, files[i]);

                FlashResult activated = slot.Activate(files[i].Length);

                Assert.AreEqual(FlashStatus.InvalidImage, activated.Status, i.ToString());
                Assert.AreEqual(EspErrorMap.OtaValidateFailed, activated.PlatformCode, i.ToString());
                BootResult boot = BoardTestSupport.BootOk(esp);
                Assert.AreEqual(0, boot.Slot, "otadata untouched: the old image still boots");
                Assert.AreEqual("1.0.0", boot.Version);
            }
        }

        [TestMethod]
        public void Activate_SecureBootWithTrustedSignature_Activated()
        {
            SimulatedEsp32 esp = SecureBoard(StandInSigner.Sign(Image(), StandInSigner.Key(17)));
            SimulatedFirmwareSlot slot = esp.OpenSlot(BoardTestSupport.BootOk(esp));
            byte[] file = StandInSigner.Sign(Esp32ImageBuilder.Build("2.0.0", "OtaFirmware", 0, ImageSize, 2), StandInSigner.Key(17));
            BoardTestSupport.Stage(slot, file);

            Assert.AreEqual(FlashStatus.Ok, slot.Activate(file.Length).Status);
            Assert.AreEqual("2.0.0", BoardTestSupport.BootOk(esp).Version);
        }

        [TestMethod]
        public void Activate_SecureBootOffWithUnsignedImage_Activated()
        {
            SimulatedEsp32 esp = NewBoard(Image());
            esp.Efuse.BurnKeyDigest(StandInSigner.KeyDigest(StandInSigner.Key(17)));
            SimulatedFirmwareSlot slot = esp.OpenSlot(BoardTestSupport.BootOk(esp));
            byte[] file = Esp32ImageBuilder.Build("2.0.0", "OtaFirmware", 0, ImageSize, 2);
            BoardTestSupport.Stage(slot, file);

            Assert.AreEqual(FlashStatus.Ok, slot.Activate(file.Length).Status);
        }

        private static byte[] Image()
        {
            return Esp32ImageBuilder.Build("1.0.0", "OtaFirmware", 0, ImageSize, 1);
        }

        private static SimulatedEsp32 NewBoard(byte[] initial)
        {
            SimulatedEsp32 esp = SimulatedEsp32.Create(new MemoryFlashMedium(BoardLayouts.Esp32FlashSize, 0xFF), BoardLayouts.Esp32FourMegabytes, 0, "1.0.0", 64 * 1024, 1);
            esp.FlashImage(esp.Table.OtaSlot(0), initial);
            return esp;
        }

        private static SimulatedEsp32 SecureBoard(byte[] initial)
        {
            SimulatedEsp32 esp = NewBoard(initial);
            esp.Efuse.BurnKeyDigest(StandInSigner.KeyDigest(StandInSigner.Key(17)));
            esp.Efuse.EnableSecureBoot();
            esp.SignatureVerifier = new EchoRsaPssVerifier();
            return esp;
        }
    }
}
