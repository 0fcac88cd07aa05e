// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Host.Gateway;

/// <summary>Monotonic real time for host tests.</summary>
public sealed class HostClock : IClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    public long UptimeMilliseconds => _watch.ElapsedMilliseconds;

    public void Sleep(int milliseconds) => Thread.Sleep(milliseconds);
}
