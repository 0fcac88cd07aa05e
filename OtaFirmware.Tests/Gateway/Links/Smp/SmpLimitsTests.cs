// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif
using OtaFirmware.Tests.Fakes;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.SimulatedHardware.SubDevice;

namespace OtaFirmware.Tests.Gateway.Links.Smp
{
    /// <summary>The sub-device link at Zephyr's real MCUmgr limits and the simulated device's Zephyr behaviour.</summary>
    [TestClass]
    public class SmpLimitsTests
    {
        [TestMethod]
        public void ReadImages_Chunk128TwoSlots_ResponseLongerThanRequestBufferParses()
        {
            SubDeviceBench bench = new SubDeviceBench(128, 200, 3, 3, null);
            try
            {
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Upload(SubDeviceBench.NewImage(2000)).Status);
                SubDeviceImageInfo[] images;
                SubDeviceLinkResult result = bench.Link.ReadImages(out images);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, result.ToString());
                Assert.AreEqual(2, images.Length);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Upload_Chunk312ImageOver64KiB_FitsZephyrDefaultBufferNothingDropped()
        {
            SubDeviceBench bench = new SubDeviceBench(312, 200, 3, 3, null);
            try
            {
                SubDeviceLinkResult result = bench.Updater.Upload(SubDeviceBench.NewImage(60 * 1024));
                Assert.AreEqual(SubDeviceLinkStatus.Ok, result.Status, result.ToString());
                Assert.AreEqual(0, bench.Device.OversizePacketsDropped);
                Assert.AreEqual(SimulatedSubDevice.DefaultBufferSize - 4, bench.Link.DevicePacketLimit);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void ReadParameters_DeviceWithoutCommand_SafeDefault()
        {
            SubDeviceBench bench = new SubDeviceBench(256, 200, 3, 3, null);
            bench.Device.ParametersSupported = false;
            bench.Device.BufferSize = 256;
            try
            {
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.ReadParameters().Status);
                Assert.AreEqual(SmpSubDeviceLink.DefaultDeviceBufferSize - 4, bench.Link.DevicePacketLimit);

                bench.Device.ParametersSupported = true;
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.ReadParameters().Status);
                Assert.AreEqual(252, bench.Link.DevicePacketLimit);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Upload(SubDeviceBench.NewImage(3000)).Status);
                Assert.AreEqual(0, bench.Device.OversizePacketsDropped);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Device_PacketOverBuffer_DroppedSilently()
        {
            SubDeviceBench bench = new SubDeviceBench(512, 100, 1, 0, null);
            try
            {
                CborWriter writer = bench.Link.Client.BeginRequest();
                writer.WriteMapStart(1);
                writer.WriteText("d");
                writer.WriteText(new string((char)120, 400));
                CborReader response;
                Assert.AreEqual(SmpTransferStatus.NoResponse, bench.Link.Client.Send(SmpOperation.Write, SmpCommands.OsGroup, SmpCommands.OsEcho, out response));
                Assert.AreEqual(1, bench.Device.OversizePacketsDropped);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void ReadImages_AfterUploadAndTest_FlagsAsZephyr()
        {
            SubDeviceBench bench = new SubDeviceBench(256, 200, 3, 3, null);
            try
            {
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Updater.Upload(SubDeviceBench.NewImage(2000)).Status);
                SubDeviceImageInfo[] images;
                bench.Link.ReadImages(out images);
                SubDeviceImageInfo secondary = SubDeviceImageInfo.FindSlot(images, 1);
                Assert.IsFalse(secondary.Confirmed || secondary.Pending || secondary.Active || secondary.Permanent);

                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.MarkForTest(secondary.Hash).Status);
                bench.Link.ReadImages(out images);
                secondary = SubDeviceImageInfo.FindSlot(images, 1);
                Assert.IsTrue(secondary.Pending);
                Assert.IsFalse(secondary.Confirmed || secondary.Permanent);
                Assert.IsTrue(SubDeviceImageInfo.FindSlot(images, 0).Confirmed);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Device_UnsealedImageUploadedAndTested_NotListedSoNothingToTest()
        {
            SubDeviceBench bench = new SubDeviceBench(256, 200, 3, 3, null);
            try
            {
                byte[] bytes = McubootImage.BuildUnsealed(1, 2, 3, 0, 2000, 42);
                ByteArrayImage image = new ByteArrayImage(bytes, Sha256Of.Bytes(bytes));
                int next = 0;
                for (int offset = 0; offset < bytes.Length; offset = next)
                {
                    Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.SendChunk(image, offset, out next).Status);
                }

                SubDeviceImageInfo[] images;
                bench.Link.ReadImages(out images);
                Assert.IsNull(SubDeviceImageInfo.FindSlot(images, 1));
                Assert.IsNull(bench.Device.SecondaryVersion);
            }
            finally
            {
                bench.Stop();
            }
        }

        [TestMethod]
        public void Device_TestedImageCorruptedInFlash_BootloaderErasesItOldImageRuns()
        {
            SubDeviceBench bench = new SubDeviceBench(256, 200, 3, 3, null);
            try
            {
                byte[] bytes = McubootImage.Build(1, 2, 3, 0, 2000, 42);
                bytes[500] ^= 1; // body changed after imgtool hashed it: the SHA-256 TLV no longer matches
                Assert.AreEqual(SubDeviceLinkStatus.ImageRejected, bench.Updater.Upload(new ByteArrayImage(bytes, Sha256Of.Bytes(bytes))).Status);
                int next = 0;
                ByteArrayImage image = new ByteArrayImage(bytes, Sha256Of.Bytes(bytes));
                for (int offset = 0; offset < bytes.Length; offset = next)
                {
                    Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.SendChunk(image, offset, out next).Status);
                }

                SubDeviceImageInfo[] images;
                bench.Link.ReadImages(out images);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, bench.Link.MarkForTest(SubDeviceImageInfo.FindSlot(images, 1).Hash).Status);
                bench.Device.PowerCycle();
                Assert.AreEqual(1, bench.Device.ImagesRefusedAtBoot);
                Assert.AreEqual("1.0.0", bench.Device.RunningVersion);
                Assert.IsNull(bench.Device.SecondaryVersion);
            }
            finally
            {
                bench.Stop();
            }
        }
    }
}
