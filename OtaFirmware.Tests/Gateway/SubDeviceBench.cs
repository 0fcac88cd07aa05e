// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Tests.Fakes;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware.SubDevice;

namespace OtaFirmware.Tests.Gateway
{
    /// <summary>A simulated sub-device on an in-memory serial line with an SMP link and an updater attached.</summary>
    public sealed class SubDeviceBench
    {
        /// <summary>Slot size of the simulated device.</summary>
        public const int SlotSize = 64 * 1024;

        /// <summary>Creates a bench; the device runs version 1.0.0 and is started unless <paramref name="faults"/> needs setting first.</summary>
        public SubDeviceBench(int chunkSize, int timeoutMilliseconds, int attempts, int maxStalls, SubDeviceFaults faults)
        {
            InMemorySerialPort gatewayEnd;
            InMemorySerialPort deviceEnd;
            InMemorySerialPort.CreatePair(64 * 1024, out gatewayEnd, out deviceEnd);
            TestClock clock = new TestClock();
            OldImage = McubootImage.Build(1, 0, 0, 0, 3000, 1);
            Device = new SimulatedSubDevice(deviceEnd, clock, new Sha256(), OldImage, SlotSize);
            if (faults != null)
            {
                Device.Faults = faults;
            }

            Link = new SmpSubDeviceLink(gatewayEnd, clock, chunkSize, timeoutMilliseconds, attempts);
            Updater = new SubDeviceUpdater(Link, maxStalls, new McubootImageCheck(new Sha256(), null));
            Device.Start();
        }

        /// <summary>The image the device runs at first.</summary>
        public byte[] OldImage { get; private set; }

        /// <summary>The device.</summary>
        public SimulatedSubDevice Device { get; private set; }

        /// <summary>The gateway's link.</summary>
        public SmpSubDeviceLink Link { get; private set; }

        /// <summary>The gateway's updater.</summary>
        public SubDeviceUpdater Updater { get; private set; }

        /// <summary>A version 1.2.3 image of <paramref name="payload"/> bytes with its (test) digest.</summary>
        public static ByteArrayImage NewImage(int payload)
        {
            byte[] bytes = McubootImage.Build(1, 2, 3, 0, payload, 42);
            return new ByteArrayImage(bytes, Sha256Of.Bytes(bytes));
        }

        /// <summary>Stops the device thread.</summary>
        public void Stop()
        {
            Device.Stop();
        }
    }
}
