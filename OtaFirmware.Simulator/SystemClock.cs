// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using OtaFirmware.Update;

namespace OtaFirmware.Simulator;

/// <summary>The host's monotonic clock.</summary>
public sealed class SystemClock : IClock
{
    private readonly Stopwatch _watch = Stopwatch.StartNew();

    /// <inheritdoc />
    public long UptimeMilliseconds => _watch.ElapsedMilliseconds;

    /// <inheritdoc />
    public void Sleep(int milliseconds) => Thread.Sleep(milliseconds);
}
