// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.SimulatedHardware.SubDevice;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.SimulatedHardware.SubDevice
{
    [TestClass]
    public class InMemorySerialPortTests
    {
        [TestMethod]
        public void Write_BeyondCapacity_OverrunCountedOthersDelivered()
        {
            InMemorySerialPort a;
            InMemorySerialPort b;
            InMemorySerialPort.CreatePair(4, out a, out b);
            a.Write(new byte[] { 1, 2, 3, 4, 5, 6 }, 0, 6);
            byte[] buffer = new byte[8];
            Assert.AreEqual(4, b.Read(buffer, 0, 8, 0));
            Assert.AreEqual((byte)4, buffer[3]);
            Assert.AreEqual(2, b.OverrunBytes);
            b.Write(new byte[] { 9 }, 0, 1);
            Assert.AreEqual(1, a.Read(buffer, 0, 8, 10));
            Assert.AreEqual((byte)9, buffer[0]);
        }

        [TestMethod]
        public void Read_Empty_ZeroAfterTimeout()
        {
            InMemorySerialPort a;
            InMemorySerialPort b;
            InMemorySerialPort.CreatePair(16, out a, out b);
            DateTime start = DateTime.UtcNow;
            Assert.AreEqual(0, a.Read(new byte[4], 0, 4, 50));
            Assert.IsTrue((DateTime.UtcNow - start).TotalMilliseconds >= 40);
        }
    }
}
