// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Tests.Fakes;
using OtaFirmware.Gateway;
using OtaFirmware.Update;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Integrity;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.SimulatedHardware.SubDevice;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Gateway
{
    [TestClass]
    public class SubDeviceUpdaterTests
    {
        private const int Chunk = 256;
        private const int Payload = 10000;

        // Bytes received by the device before its link drops: inside the first frame, mid-upload, near the end.
        private static readonly int[] DropPoints = new int[] { 40, 700, 4000, 9000, 13500 };

        private static int Chunks(ByteArrayImage image)
        {
            return (image.Length + Chunk - 1) / Chunk;
        }

        [TestMethod]
        public void Upload_CleanLink_DeviceHoldsImageWrittenOnce()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                ByteArrayImage image = SubDeviceBench.NewImage(Payload);
                SubDeviceLinkResult result = bench.Updater.Upload(image);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, result.ToString());
                Assert.AreEqual("1.2.3", bench.Device.SecondaryVersion);
                CollectionAssert.AreEqual(McubootImage.Build(1, 2, 3, 0, Payload, 42), bench.Device.ReadSlot(1));
                Assert.AreEqual(Chunks(image), bench.Device.ChunksWritten);
                Assert.AreEqual(Chunks(image), bench.Updater.ChunksSent);
                Assert.AreEqual(0, bench.Updater.Repositions);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Upload_LinkDropsAtManyOffsets_ResumesFromDeviceOffsetWithoutRewriting()
        {
            for (int i = 0; i < DropPoints.Length; i++)
            {
                SubDeviceFaults faults = new SubDeviceFaults();
                faults.DropLinkAfterBytes = DropPoints[i];
                faults.LinkDownMilliseconds = 150;
                SubDeviceBench bench = new SubDeviceBench(Chunk, 60, 2, 10, faults);
                try
                {
                    ByteArrayImage image = SubDeviceBench.NewImage(Payload);
                    SubDeviceLinkResult result = bench.Updater.Upload(image);
                    Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, "drop at " + DropPoints[i].ToString() + ": " + result.ToString());
                    CollectionAssert.AreEqual(McubootImage.Build(1, 2, 3, 0, Payload, 42), bench.Device.ReadSlot(1));
                    Assert.AreEqual(Chunks(image), bench.Device.ChunksWritten, "a chunk was written twice or skipped");
                    Assert.IsTrue(bench.Updater.ChunksSent > Chunks(image), "the drop did not cost a request");
                    Assert.IsTrue(bench.Link.Client.Retries > 0);
                }
                finally
                {
                    bench.Stop();
                }
            }
        }

        [TestMethod]
        public void Upload_CorruptedFramesBothWays_CompletesAndCountsDrops()
        {
            SubDeviceFaults faults = new SubDeviceFaults();
            faults.CorruptEveryKthSentFrame = 5;
            faults.CorruptEveryKthReceivedFrame = 13;
            SubDeviceBench bench = new SubDeviceBench(Chunk, 60, 4, 5, faults);
            try
            {
                ByteArrayImage image = SubDeviceBench.NewImage(Payload);
                SubDeviceLinkResult result = bench.Updater.Upload(image);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, result.ToString());
                CollectionAssert.AreEqual(McubootImage.Build(1, 2, 3, 0, Payload, 42), bench.Device.ReadSlot(1));
                Assert.AreEqual(Chunks(image), bench.Device.ChunksWritten);
                Assert.IsTrue(bench.Link.Client.DroppedFrames > 0, "no corrupted frame reached the gateway");
                Assert.IsTrue(bench.Link.Client.Retries > 0);
                Assert.IsTrue(bench.Device.UploadRequests > bench.Device.ChunksWritten, "no repeated request was answered from the device's offset");
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Upload_DeviceRebootsMidTransfer_RestartsFromOffsetDeviceReports()
        {
            SubDeviceFaults faults = new SubDeviceFaults();
            faults.RebootAtUploadOffset = 4000;
            SubDeviceBench bench = new SubDeviceBench(Chunk, 60, 2, 10, faults);
            bench.Device.BootMilliseconds = 100;
            try
            {
                ByteArrayImage image = SubDeviceBench.NewImage(Payload);
                SubDeviceLinkResult result = bench.Updater.Upload(image);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, result.ToString());
                Assert.AreEqual(1, bench.Device.BootCount);
                CollectionAssert.AreEqual(McubootImage.Build(1, 2, 3, 0, Payload, 42), bench.Device.ReadSlot(1));
                // The reboot lost the RAM session: the device said "0" and the chunks before 4000 were sent again.
                Assert.AreEqual(Chunks(image) + (4000 + Chunk - 1) / Chunk, bench.Device.ChunksWritten);
                Assert.IsTrue(bench.Updater.Repositions >= 1);
                Assert.AreEqual("1.0.0", bench.Device.RunningVersion);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Upload_DeviceNeverAnswers_NoResponseInBoundedTime()
        {
            SubDeviceFaults faults = new SubDeviceFaults();
            faults.NeverAnswer = true;
            SubDeviceBench bench = new SubDeviceBench(Chunk, 30, 2, 2, faults);
            try
            {
                DateTime start = DateTime.UtcNow;
                SubDeviceLinkResult result = bench.Updater.Upload(SubDeviceBench.NewImage(Payload));
                Assert.AreEqual(SubDeviceLinkStatus.NoResponse, result.Status);
                Assert.AreEqual(3, bench.Updater.ChunksSent);
                Assert.AreEqual(3, bench.Link.Client.Retries);
                Assert.IsTrue((DateTime.UtcNow - start).TotalMilliseconds < 3000);
                Assert.AreEqual(SubDeviceLinkStatus.NoResponse, bench.Link.Ping().Status);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Upload_SourceFailsThenNewUpload_DeviceResumesItsSession()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                ByteArrayImage image = SubDeviceBench.NewImage(Payload);
                image.FailReadsFrom = 5000;
                int next = 0;
                SubDeviceLinkResult first = SubDeviceLinkResult.Success;
                for (int offset = 0; first.IsOk; offset = next)
                {
                    first = bench.Link.SendChunk(image, offset, out next);
                }

                Assert.AreEqual(SubDeviceLinkStatus.SourceReadFailed, first.Status);
                int written = bench.Device.ChunksWritten;
                Assert.AreEqual(5000 / Chunk, written);

                image.FailReadsFrom = -1;
                SubDeviceLinkResult second = bench.Updater.Upload(image);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, second.Status, second.ToString());
                Assert.AreEqual(Chunks(image), bench.Device.ChunksWritten);
                Assert.AreEqual(1, bench.Updater.Repositions);
                CollectionAssert.AreEqual(McubootImage.Build(1, 2, 3, 0, Payload, 42), bench.Device.ReadSlot(1));
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Upload_WrongSha_VerificationFailedAndNothingToActivate()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                byte[] bytes = McubootImage.Build(1, 2, 3, 0, 2000, 42);
                byte[] wrong = Sha256Of.Bytes(bytes);
                wrong[0] ^= 1;
                SubDeviceLinkResult result = bench.Updater.Upload(new ByteArrayImage(bytes, wrong));
                Assert.AreEqual(SubDeviceLinkStatus.VerificationFailed, result.Status);

                // Zephyr still lists the slot (its SHA-256 TLV is intact); the gateway activates only a matched upload.
                Assert.AreEqual("1.2.3", bench.Device.SecondaryVersion);
                string version;
                Assert.AreEqual(SubDeviceLinkStatus.ImageNotFound, bench.Updater.Activate(out version).Status);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Upload_NoHeaderMagic_DeviceErrorInvalidValue()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                byte[] bytes = new byte[1000];
                SubDeviceLinkResult result = bench.Updater.Upload(new ByteArrayImage(bytes, Sha256Of.Bytes(bytes)));
                Assert.AreEqual(SubDeviceLinkStatus.ImageRejected, result.Status);
                Assert.AreEqual((int)McubootCheckStatus.BadHeader, result.DeviceCode);
                Assert.AreEqual(0, bench.Device.UploadRequests);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Activate_ThenConfirm_NewImagePermanentAcrossResets()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 10, null);
            bench.Device.BootMilliseconds = 50;
            try
            {
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Upload(SubDeviceBench.NewImage(4000)).Status);
                string version;
                SubDeviceLinkResult activated = bench.Updater.Activate(out version);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, activated.Status, activated.ToString());
                Assert.AreEqual("1.2.3", version);
                Assert.IsFalse(bench.Device.RunningConfirmed);

                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.ConfirmRunning().Status);
                Assert.IsTrue(bench.Device.RunningConfirmed);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.Reset().Status);
                SubDeviceImageInfo[] images = WaitForImages(bench.Link);
                Assert.AreEqual("1.2.3", SubDeviceImageInfo.FindActive(images).Version);
                Assert.IsTrue(SubDeviceImageInfo.FindActive(images).Confirmed);
                Assert.AreEqual("1.0.0", SubDeviceImageInfo.FindSlot(images, 1).Version);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Activate_NoConfirmBeforeReset_BootloaderReverts()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 10, null);
            try
            {
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Upload(SubDeviceBench.NewImage(4000)).Status);
                string version;
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Activate(out version).Status);
                Assert.AreEqual("1.2.3", bench.Device.RunningVersion);

                SubDeviceImageInfo[] images;
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.ReadImages(out images).Status);
                Assert.IsFalse(SubDeviceImageInfo.FindActive(images).Confirmed);

                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.Reset().Status);
                images = WaitForImages(bench.Link);
                Assert.AreEqual("1.0.0", SubDeviceImageInfo.FindActive(images).Version);
                Assert.IsTrue(SubDeviceImageInfo.FindActive(images).Confirmed);
                Assert.AreEqual(2, bench.Device.BootCount);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Activate_ResetAnswerLost_ResetNotRepeatedAndNewImageRuns()
        {
            SubDeviceFaults faults = new SubDeviceFaults();
            faults.LoseResetResponses = true;
            SubDeviceBench bench = new SubDeviceBench(Chunk, 60, 3, 10, faults);
            bench.Device.BootMilliseconds = 100;
            try
            {
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Upload(SubDeviceBench.NewImage(2000)).Status);
                string version;
                SubDeviceLinkResult result = bench.Updater.Activate(out version);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, result.ToString());
                Assert.AreEqual("1.2.3", version);
                // A repeated reset would have reached the test image and made the bootloader revert it.
                Assert.AreEqual(1, bench.Device.BootCount);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Activate_ResetRequestLost_ResetAgainBecauseStillPending()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                FirstResetLostLink link = new FirstResetLostLink(bench.Link);
                SubDeviceUpdater updater = new SubDeviceUpdater(link, 3, new McubootImageCheck(new Sha256(), null));
                Assert.AreEqual(SubDeviceLinkStatus.Ok, updater.Upload(SubDeviceBench.NewImage(2000)).Status);
                string version;
                SubDeviceLinkResult result = updater.Activate(out version);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, result.ToString());
                Assert.AreEqual(2, link.Resets);
                Assert.AreEqual(1, bench.Device.BootCount);
                Assert.AreEqual("1.2.3", bench.Device.RunningVersion);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void SendChunk_WhileImagePending_DeviceErrorBadState()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                ByteArrayImage image = SubDeviceBench.NewImage(1000);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Upload(image).Status);
                SubDeviceImageInfo[] images;
                bench.Link.ReadImages(out images);
                SubDeviceImageInfo secondary = SubDeviceImageInfo.FindSlot(images, 1);
                Assert.IsFalse(secondary.Pending);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.MarkForTest(secondary.Hash).Status);
                bench.Link.ReadImages(out images);
                Assert.IsTrue(SubDeviceImageInfo.FindSlot(images, 1).Pending);

                int next;
                SubDeviceLinkResult result = bench.Link.SendChunk(image, 0, out next);
                Assert.AreEqual(SubDeviceLinkStatus.DeviceError, result.Status);
                Assert.AreEqual((int)SmpErrorCode.BadState, result.DeviceCode);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void MarkForTest_UnknownHash_ImageNotFound()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                SubDeviceLinkResult result = bench.Link.MarkForTest(new byte[32]);
                // Zephyr answers an SMP v1 request with HASH_NOT_FOUND translated to MGMT_ERR_EUNKNOWN.
                Assert.AreEqual(SubDeviceLinkStatus.DeviceError, result.Status);
                Assert.AreEqual(-1, result.DeviceGroup);
                Assert.AreEqual((int)SmpErrorCode.Unknown, result.DeviceCode);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void ReadImages_FreshDevice_OneActiveConfirmedSlot()
        {
            SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
            try
            {
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.Ping().Status);
                SubDeviceImageInfo[] images;
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.ReadImages(out images).Status);
                Assert.AreEqual(1, images.Length);
                Assert.AreEqual("1.0.0", images[0].Version);
                Assert.IsTrue(images[0].Active && images[0].Confirmed && images[0].Bootable);
                CollectionAssert.AreEqual(McubootImage.HashOf(McubootImage.BuildUnsealed(1, 0, 0, 0, 3000, 1)), images[0].Hash);
                Assert.IsNull(SubDeviceImageInfo.FindSlot(images, 1));
                string version;
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.ReadRunningVersion(out version).Status);
                Assert.AreEqual("1.0.0", version);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Upload_OneStagedImageToTwoDevices_BothHoldItThenItIsFreed()
        {
            byte[] bytes = McubootImage.Build(1, 2, 3, 0, 6000, 42);
            StagedImageStore store = new StagedImageStore(new NorFlash(new MemoryFlashMedium(16 * 4096), 4096, 1), 4);
            StagedImage staged;
            Assert.AreEqual(StagingStatus.Ok, store.Reserve("P/light1", new UpdateJob("1.2.3", bytes.Length, new byte[16], null, "u", null), out staged));
            StagedImage again;
            store.Reserve("P/light2", new UpdateJob("1.2.3", bytes.Length, new byte[16], null, "u2", null), out again);
            Assert.IsTrue(object.ReferenceEquals(staged, again));
            Assert.AreEqual(StagingStatus.Ok, staged.Write(0, bytes, 0, bytes.Length));
            staged.Commit(bytes.Length);
            Assert.AreEqual(StagingStatus.Ok, staged.MarkVerified(Sha256Of.Bytes(bytes)));

            string[] keys = new string[] { "P/light1", "P/light2" };
            for (int i = 0; i < keys.Length; i++)
            {
                SubDeviceBench bench = new SubDeviceBench(Chunk, 200, 3, 3, null);
                try
                {
                    SubDeviceLinkResult result = bench.Updater.Upload(store.Find(keys[i]));
                    Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, result.ToString());
                    CollectionAssert.AreEqual(bytes, bench.Device.ReadSlot(1));
                }
                finally
                {
                    bench.Stop();
                }

                store.Release(keys[i]);
            }

            Assert.AreEqual(0, store.ImageCount);
            Assert.IsFalse(staged.IsLive);
        }

        private static SubDeviceImageInfo[] WaitForImages(ISubDeviceLink link)
        {
            SubDeviceImageInfo[] images = null;
            bool answered = false;
            for (int i = 0; i < 10 && !answered; i++)
            {
                answered = link.ReadImages(out images).IsOk;
            }

            Assert.IsTrue(answered, "device did not come back");
            return images;
        }
    }
}
