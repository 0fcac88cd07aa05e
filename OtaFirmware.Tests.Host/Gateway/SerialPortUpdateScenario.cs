// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.SimulatedHardware.SubDevice;

namespace OtaFirmware.Tests.Host.Gateway;

/// <summary>The same whole update, run over any pair of serial ports: upload with a link drop and corrupted frames,
/// test boot, confirm, power cycle.</summary>
public static class SerialPortUpdateScenario
{
    public static void Run(ISerialPort gatewayEnd, ISerialPort deviceEnd)
    {
        var clock = new HostClock();
        byte[] oldImage = McubootImage.Build(1, 0, 0, 0, 5000, 1);
        byte[] newImage = McubootImage.Build(2, 1, 0, 7, 20000, 2);
        var device = new SimulatedSubDevice(deviceEnd, clock, new HostSha256(), oldImage, 64 * 1024);
        device.Faults = new SubDeviceFaults { DropLinkAfterBytes = 9000, LinkDownMilliseconds = 200, CorruptEveryKthSentFrame = 9 };
        device.BootMilliseconds = 100;
        device.Start();
        try
        {
            var link = new SmpSubDeviceLink(gatewayEnd, clock, 256, 80, 3);
            var updater = new SubDeviceUpdater(link, 10, new McubootImageCheck(new HostSha256(), null));

            Assert.AreEqual(SubDeviceLinkStatus.Ok, link.ReadImages(out SubDeviceImageInfo[] before).Status);
            CollectionAssert.AreEqual(McubootImage.HashOf(McubootImage.BuildUnsealed(1, 0, 0, 0, 5000, 1)), SubDeviceImageInfo.FindActive(before)!.Hash);

            SubDeviceLinkResult upload = updater.Upload(new MemoryImage(newImage));
            Assert.AreEqual(SubDeviceLinkStatus.Ok, upload.Status, upload.ToString());
            CollectionAssert.AreEqual(newImage, device.ReadSlot(1));
            Assert.AreEqual((newImage.Length + 255) / 256, device.ChunksWritten);
            Assert.IsTrue(link.Client.Retries > 0);
            Assert.IsTrue(link.Client.DroppedFrames > 0);

            SubDeviceLinkResult activated = updater.Activate(out string? version);
            Assert.AreEqual(SubDeviceLinkStatus.Ok, activated.Status, activated.ToString());
            Assert.AreEqual("2.1.0.7", version);
            Assert.AreEqual(SubDeviceLinkStatus.Ok, link.ConfirmRunning().Status);
            device.PowerCycle();
            Assert.AreEqual("2.1.0.7", device.RunningVersion);
            Assert.IsTrue(device.RunningConfirmed);
        }
        finally
        {
            device.Stop();
        }
    }
}
