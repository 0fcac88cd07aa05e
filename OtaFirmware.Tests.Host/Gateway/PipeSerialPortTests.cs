// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.Host.Gateway;

namespace OtaFirmware.Tests.Host.Gateway;

[TestClass]
public class PipeSerialPortTests
{
    [TestMethod]
    public void WriteRead_AllByteValues_ArriveUnchangedAtOtherEnd()
    {
        var (a, b) = PipeSerialPort.CreatePair();
        using (a)
        using (b)
        {
            byte[] sent = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
            a.Write(sent, 0, sent.Length);
            byte[] received = ReadExactly(b, sent.Length);
            CollectionAssert.AreEqual(sent, received);
        }
    }

    [TestMethod]
    public void Read_NothingSent_ZeroAfterTimeout()
    {
        var (a, b) = PipeSerialPort.CreatePair();
        using (a)
        using (b)
        {
            var watch = Stopwatch.StartNew();
            Assert.AreEqual(0, b.Read(new byte[8], 0, 8, 100));
            Assert.IsTrue(watch.ElapsedMilliseconds >= 90, watch.ElapsedMilliseconds.ToString());
        }
    }

    [TestMethod]
    public void WholeUpdate_OverPipes_DropCorruptionTestConfirm()
    {
        var (gateway, device) = PipeSerialPort.CreatePair();
        using (gateway)
        using (device)
        {
            SerialPortUpdateScenario.Run(gateway, device);
        }
    }

    internal static byte[] ReadExactly(OtaFirmware.Gateway.Links.ISerialPort port, int count)
    {
        byte[] buffer = new byte[count];
        int done = 0;
        var watch = Stopwatch.StartNew();
        while (done < count && watch.ElapsedMilliseconds < 5000)
        {
            done += port.Read(buffer, done, count - done, 200);
        }

        Assert.AreEqual(count, done);
        return buffer;
    }
}
