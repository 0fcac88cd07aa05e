// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.Host.Gateway;

namespace OtaFirmware.Tests.Host.Gateway;

[TestClass]
public class PtySerialPortTests
{
    [TestMethod]
    public void OpenPair_RawMode_EveryByteValueBothWaysUnchanged()
    {
        if (!PtySerialPort.IsSupported)
        {
            Assert.Inconclusive("no pseudo-terminals on this machine");
        }

        var (master, slave) = PtySerialPort.OpenPair();
        using (master)
        using (slave)
        {
            StringAssert.StartsWith(master.SlavePath, "/dev/pts/");
            // \n, \r, ^C, ^D, XON/XOFF and DEL would all be altered or eaten by a cooked terminal.
            byte[] sent = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
            master.Write(sent, 0, sent.Length);
            CollectionAssert.AreEqual(sent, PipeSerialPortTests.ReadExactly(slave, sent.Length));
            slave.Write(sent, 0, sent.Length);
            CollectionAssert.AreEqual(sent, PipeSerialPortTests.ReadExactly(master, sent.Length));
            Assert.AreEqual(0, master.Read(new byte[4], 0, 4, 50));
        }
    }

    [TestMethod]
    public void WholeUpdate_OverPseudoTerminal_DropCorruptionTestConfirm()
    {
        if (!PtySerialPort.IsSupported)
        {
            Assert.Inconclusive("no pseudo-terminals on this machine");
        }

        var (master, slave) = PtySerialPort.OpenPair();
        using (master)
        using (slave)
        {
            SerialPortUpdateScenario.Run(master, slave);
        }
    }
}
