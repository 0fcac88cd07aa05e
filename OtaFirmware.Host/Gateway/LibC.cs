// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace OtaFirmware.Host.Gateway;

/// <summary>The few POSIX calls the pseudo-terminal port needs (Linux, glibc).</summary>
internal static partial class LibC
{
    public const short PollIn = 0x001;
    public const int TcsaNow = 0;
    public const int EIntr = 4;
    public const int EAgain = 11;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)]
    public static extern int openpty(out int master, out int slave, IntPtr name, IntPtr termios, IntPtr winsize);

    [DllImport("libc", SetLastError = true)]
    public static extern int tcgetattr(int fd, IntPtr termios);

    [DllImport("libc", SetLastError = true)]
    public static extern int tcsetattr(int fd, int optionalActions, IntPtr termios);

    [DllImport("libc")]
    public static extern void cfmakeraw(IntPtr termios);

    [DllImport("libc", SetLastError = true)]
    public static extern int poll(ref PollFd fds, ulong count, int timeout);

    [DllImport("libc", SetLastError = true)]
    public static extern nint read(int fd, ref byte buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    public static extern nint write(int fd, ref byte buffer, nint count);

    [DllImport("libc", SetLastError = true)]
    public static extern int close(int fd);

    [DllImport("libc", SetLastError = true)]
    public static extern int ptsname_r(int fd, byte[] buffer, nint length);
}
