// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Runtime.InteropServices;
using System.Text;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Host.Gateway;

/// <summary>
/// One side of a Linux pseudo-terminal pair (openpty), in raw mode so the line discipline passes every byte
/// unchanged: the closest a test gets to a real UART and its termios. The slave side also has a path
/// (<see cref="SlavePath"/>, /dev/pts/N) that an external SMP tool could open instead of the simulated device.
/// </summary>
public sealed class PtySerialPort : ISerialPort, IDisposable
{
    private readonly object _writeLock = new();
    private int _fd;

    private PtySerialPort(int fd)
    {
        _fd = fd;
    }

    /// <summary>/dev/pts/N of the pair's slave side.</summary>
    public string SlavePath { get; private init; } = string.Empty;

    /// <summary>True when this machine can open a pseudo-terminal pair (Linux with /dev/ptmx).</summary>
    public static bool IsSupported => OperatingSystem.IsLinux() && File.Exists("/dev/ptmx");

    /// <summary>Opens a raw pseudo-terminal pair: (master side, slave side).</summary>
    public static (PtySerialPort Master, PtySerialPort Slave) OpenPair()
    {
        if (LibC.openpty(out int master, out int slave, IntPtr.Zero, IntPtr.Zero, IntPtr.Zero) != 0)
        {
            throw new IOException("openpty failed, errno " + Marshal.GetLastPInvokeError());
        }

        MakeRaw(slave);
        MakeRaw(master);
        byte[] name = new byte[128];
        string path = LibC.ptsname_r(master, name, name.Length) == 0 ? Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0)) : string.Empty;
        return (new PtySerialPort(master) { SlavePath = path }, new PtySerialPort(slave) { SlavePath = path });
    }

    /// <inheritdoc />
    public void Write(byte[] buffer, int offset, int count)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (count == 0)
        {
            return;
        }

        lock (_writeLock)
        {
            int done = 0;
            while (done < count && _fd >= 0)
            {
                nint n = LibC.write(_fd, ref buffer[offset + done], count - done);
                if (n < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == LibC.EIntr || errno == LibC.EAgain)
                    {
                        Thread.Sleep(1);
                        continue;
                    }

                    return;
                }

                done += (int)n;
            }
        }
    }

    /// <inheritdoc />
    public int Read(byte[] buffer, int offset, int count, int timeoutMilliseconds)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (_fd < 0 || count == 0)
        {
            return 0;
        }

        var poll = new LibC.PollFd { Fd = _fd, Events = LibC.PollIn };
        int ready = LibC.poll(ref poll, 1, timeoutMilliseconds < 0 ? 0 : timeoutMilliseconds);
        if (ready <= 0 || (poll.Revents & LibC.PollIn) == 0)
        {
            if (ready > 0)
            {
                // Hang-up or error without data: behave like a timeout without spinning.
                Thread.Sleep(Math.Min(timeoutMilliseconds, 10));
            }

            return 0;
        }

        nint read = LibC.read(_fd, ref buffer[offset], count);
        return read > 0 ? (int)read : 0;
    }

    /// <summary>Closes this side.</summary>
    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0)
        {
            LibC.close(fd);
        }
    }

    private static void MakeRaw(int fd)
    {
        IntPtr termios = Marshal.AllocHGlobal(256);
        try
        {
            if (LibC.tcgetattr(fd, termios) != 0)
            {
                throw new IOException("tcgetattr failed, errno " + Marshal.GetLastPInvokeError());
            }

            LibC.cfmakeraw(termios);
            if (LibC.tcsetattr(fd, LibC.TcsaNow, termios) != 0)
            {
                throw new IOException("tcsetattr failed, errno " + Marshal.GetLastPInvokeError());
            }
        }
        finally
        {
            Marshal.FreeHGlobal(termios);
        }
    }
}
