// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Tests.Fakes;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.SimulatedHardware.SubDevice;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Gateway
{
    /// <summary>
    /// What a sub-device refuses and how the gateway's link and updater carry it: "upgrade": true for an image that is
    /// not newer (Zephyr's img_mgmt_upload_inspect), SMP v2 errors with their group (smp_add_cmd_err), and the hash
    /// check before the test boot is marked.
    /// </summary>
    [TestClass]
    public class SubDeviceRefusalTests
    {
        private const int Chunk = 256;

        [TestMethod]
        public void Upload_UpgradeFlagImageNotNewer_DeviceRefusesBeforeWritingSmpV1Rc()
        {
            // The device runs 1.0.0: the same version (other bytes) and an older one are refused, a newer one is not.
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                bench.Link.RequireNewerImage = true;
                SubDeviceLinkResult same = bench.Updater.Upload(Image(1, 0, 0, 0));
                Assert.AreEqual(SubDeviceLinkStatus.DeviceError, same.Status, same.ToString());
                Assert.AreEqual(-1, same.DeviceGroup);
                Assert.AreEqual((int)SmpErrorCode.BadState, same.DeviceCode); // img_mgmt_translate_error_code
                Assert.AreEqual("downgrade", same.Detail);

                SubDeviceLinkResult older = bench.Updater.Upload(Image(0, 9, 0, 0));
                Assert.AreEqual(SubDeviceLinkStatus.DeviceError, older.Status, older.ToString());
                Assert.AreEqual(0, bench.Device.ChunksWritten);
                Assert.IsNull(bench.Device.SecondaryVersion);
                Assert.AreEqual("1.0.0", bench.Device.RunningVersion);

                // Zephyr compares major.minor.revision only (CONFIG_MCUMGR_GRP_IMG_VERSION_CMP_USE_BUILD_NUMBER is off by
                // default): a higher build number alone is not newer.
                SubDeviceLinkResult build = bench.Updater.Upload(Image(1, 0, 0, 5));
                Assert.AreEqual(SubDeviceLinkStatus.DeviceError, build.Status, build.ToString());
                Assert.AreEqual(0, bench.Device.ChunksWritten);

                SubDeviceLinkResult newer = bench.Updater.Upload(Image(1, 0, 1, 0));
                Assert.AreEqual(SubDeviceLinkStatus.Ok, newer.Status, newer.ToString());
                Assert.AreEqual("1.0.1", bench.Device.SecondaryVersion);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Upload_UpgradeFlagNotSet_SameVersionAccepted()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                SubDeviceLinkResult result = bench.Updater.Upload(Image(1, 0, 0, 0));
                Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, result.ToString());
                Assert.AreEqual("1.0.0", bench.Device.SecondaryVersion);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Upload_UpgradeRefusedOverSmpV2_ErrKeepsImageGroupAndCode()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                bench.Link.ProtocolVersion = 1;
                bench.Link.RequireNewerImage = true;
                SubDeviceLinkResult result = bench.Updater.Upload(Image(1, 0, 0, 0));
                Assert.AreEqual(SubDeviceLinkStatus.ImageNotNewer, result.Status, result.ToString());
                Assert.AreEqual(SmpCommands.ImageGroup, result.DeviceGroup);
                Assert.AreEqual((int)SmpImageError.CurrentVersionIsNewer, result.DeviceCode);
                Assert.AreEqual("downgrade", result.Detail);
                Assert.AreEqual("ImageNotNewer group=1 rc=27 (downgrade)", result.ToString());
                Assert.AreEqual(0, bench.Device.ChunksWritten);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void MarkForTest_UnknownHashOverSmpV2_ImageNotFoundWithImageGroup()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                bench.Link.ProtocolVersion = 1;
                SubDeviceLinkResult result = bench.Link.MarkForTest(new byte[32]);
                Assert.AreEqual(SubDeviceLinkStatus.ImageNotFound, result.Status, result.ToString());
                Assert.AreEqual(SmpCommands.ImageGroup, result.DeviceGroup);
                Assert.AreEqual((int)SmpImageError.HashNotFound, result.DeviceCode);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Activate_DeviceListsAnotherHashForTheSlot_RefusedAndNothingMarked()
        {
            // The updater uploaded image A; then something else (another tool on the same line) replaced slot 1 with B.
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Upload(Image(1, 2, 0, 0)).Status);
                ByteArrayImage other = Image(1, 3, 0, 0);
                int offset = 0;
                while (offset < other.Length)
                {
                    int next;
                    Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.SendChunk(other, offset, out next).Status);
                    offset = next;
                }

                int boots = bench.Device.BootCount;
                string running;
                SubDeviceLinkResult result = bench.Updater.Activate(out running);

                Assert.AreEqual(SubDeviceLinkStatus.ImageRejected, result.Status, result.ToString());
                Assert.IsTrue(result.Detail.IndexOf("another hash") >= 0, result.Detail);
                Assert.IsNull(running);
                SubDeviceImageInfo[] images;
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.ReadImages(out images).Status);
                Assert.IsFalse(SubDeviceImageInfo.FindSlot(images, 1).Pending);
                Assert.AreEqual(boots, bench.Device.BootCount);
                Assert.AreEqual("1.0.0", bench.Device.RunningVersion);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Activate_ListedHashEqualsStagedTlv_Marked()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 10, null);
            try
            {
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Upload(Image(1, 2, 0, 0)).Status);
                string running;
                SubDeviceLinkResult result = bench.Updater.Activate(out running);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, result.ToString());
                Assert.AreEqual("1.2.0", running);
            }
            finally
            {
                bench.Stop();
            }
        }

        private static ByteArrayImage Image(int major, int minor, int revision, uint build)
        {
            byte[] bytes = McubootImage.Build(major, minor, revision, build, 2000, 7 + major * 100 + minor * 10 + revision);
            return new ByteArrayImage(bytes, Sha256Of.Bytes(bytes));
        }
    }
}
