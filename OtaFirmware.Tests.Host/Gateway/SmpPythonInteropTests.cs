// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Host.Gateway;

namespace OtaFirmware.Tests.Host.Gateway;

/// <summary>
/// The gateway's SMP client against an independent SMP device written in python3 from the Zephyr docs (stdlib
/// base64 and binascii.crc_hqx; zcbor-style indefinite-length CBOR; Zephyr's rule of never splitting the CRC across
/// frames), over a real pseudo-terminal.
/// </summary>
[TestClass]
public class SmpPythonInteropTests
{
    private const string Peer = """
import os, sys, select, base64, binascii, time

# An independent SMP-over-serial device written from the Zephyr docs, for interop tests: answers echo and image
# state read; CBOR responses use indefinite-length maps and arrays as Zephyr's zcbor does.
fd = os.open(sys.argv[1], os.O_RDWR | os.O_NOCTTY)
deadline = time.time() + float(sys.argv[2])
print('ready', flush=True)

def text(s):
    b = s.encode()
    return bytes([0x60 | len(b)]) + b

def bstr(b):
    return bytes([0x58, len(b)]) + b

def frames(packet):
    crc = binascii.crc_hqx(packet, 0)
    raw = (len(packet) + 2).to_bytes(2, 'big') + packet + crc.to_bytes(2, 'big')
    out = b''
    i = 0
    while i < len(raw):
        take = min(93, len(raw) - i)
        if 0 < len(raw) - (i + take) < 2:  # never split the CRC (Zephyr's rule)
            take -= 3
        out += (b'\x06\x09' if i == 0 else b'\x04\x14') + base64.b64encode(raw[i:i + take]) + b'\n'
        i += take
    return out

def respond(hdr, body):
    op = hdr[0] + 1
    packet = bytes([op, 0]) + len(body).to_bytes(2, 'big') + hdr[4:8] + body
    os.write(fd, frames(packet))

buf = b''
packet = b''
expected = None
handled = 0
while time.time() < deadline and handled < int(sys.argv[3]):
    r, _, _ = select.select([fd], [], [], 0.1)
    if not r:
        continue
    buf += os.read(fd, 4096)
    while b'\n' in buf:
        line, buf = buf.split(b'\n', 1)
        if line[:2] == b'\x06\x09':
            data = base64.b64decode(line[2:])
            expected = int.from_bytes(data[:2], 'big')
            packet = data[2:]
        elif line[:2] == b'\x04\x14' and expected is not None:
            packet += base64.b64decode(line[2:])
        else:
            continue
        if len(packet) < expected:
            continue
        if binascii.crc_hqx(packet, 0) != 0:
            print('bad crc', file=sys.stderr)
            expected = None
            continue
        body = packet[:-2]
        expected = None
        hdr = body[:8]
        group = int.from_bytes(hdr[4:6], 'big')
        cmd = hdr[7]
        if group == 0 and cmd == 0:
            # request {"d": "..."}: echo the text back as {"r": ...}
            d = body[8:]
            assert d[0] == 0xa1 and d[1:3] == b'\x61d', d.hex()
            respond(hdr, b'\xbf' + text('r') + d[3:] + b'\xff')
        elif group == 1 and cmd == 0:
            img = lambda slot, ver, h, active: (b'\xbf' + text('slot') + bytes([slot]) + text('version') + text(ver)
                + text('hash') + bstr(h) + text('confirmed') + (b'\xf5' if active else b'\xf4')
                + text('active') + (b'\xf5' if active else b'\xf4') + text('splitStatus') + b'\x00' + b'\xff')
            respond(hdr, b'\xbf' + text('images') + b'\x9f' + img(0, '1.2.3', bytes(range(32)), True)
                + img(1, '2.0.0.9', bytes(range(32, 64)), False) + b'\xff' + text('splitStatus') + b'\x00' + b'\xff')
        else:
            respond(hdr, b'\xa1' + text('rc') + b'\x08')
        handled += 1
print('handled', handled)
""";

    [TestMethod]
    public void Client_AgainstPythonSmpDevice_EchoImagesAndErrorUnderstood()
    {
        if (!PtySerialPort.IsSupported || !HasPython())
        {
            Assert.Inconclusive("needs Linux pseudo-terminals and python3");
        }

        string script = Path.Combine(Path.GetTempPath(), "smp_peer_" + Environment.ProcessId + ".py");
        File.WriteAllText(script, Peer);
        var (master, slave) = PtySerialPort.OpenPair();
        using (master)
        using (slave)
        {
            using Process peer = Process.Start(new ProcessStartInfo("python3", [script, master.SlavePath, "60", "3"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            })!;
            try
            {
                // Start only once the peer reads the terminal, and give each answer a bound that a loaded machine keeps:
                // a request sent again because python3 was still starting would be answered twice.
                Assert.AreEqual("ready", peer.StandardOutput.ReadLine());
                var link = new SmpSubDeviceLink(master, new HostClock(), 256, 10000, 2);
                SubDeviceLinkResult ping = link.Ping();
                Assert.AreEqual(SubDeviceLinkStatus.Ok, ping.Status, ping.ToString());

                SubDeviceLinkResult read = link.ReadImages(out SubDeviceImageInfo[] images);
                Assert.AreEqual(SubDeviceLinkStatus.Ok, read.Status, read.ToString());
                Assert.AreEqual(2, images.Length);
                Assert.AreEqual("1.2.3", SubDeviceImageInfo.FindActive(images)!.Version);
                Assert.IsTrue(images[0].Confirmed);
                CollectionAssert.AreEqual(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(), images[0].Hash);
                Assert.AreEqual("2.0.0.9", SubDeviceImageInfo.FindSlot(images, 1)!.Version);
                Assert.IsFalse(images[1].Active);

                SubDeviceLinkResult reset = link.Reset();
                Assert.AreEqual(SubDeviceLinkStatus.DeviceError, reset.Status);
                Assert.AreEqual((int)SmpErrorCode.NotSupported, reset.DeviceCode);

                Assert.IsTrue(peer.WaitForExit(30000));
                string output = peer.StandardOutput.ReadToEnd();
                Assert.AreEqual(0, peer.ExitCode, output + peer.StandardError.ReadToEnd());
                StringAssert.Contains(output, "handled 3");
            }
            finally
            {
                if (!peer.HasExited)
                {
                    peer.Kill();
                }

                File.Delete(script);
            }
        }
    }

    private static bool HasPython()
    {
        try
        {
            using Process? probe = Process.Start(new ProcessStartInfo("python3", "--version") { RedirectStandardOutput = true, RedirectStandardError = true });
            return probe != null && probe.WaitForExit(5000) && probe.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
