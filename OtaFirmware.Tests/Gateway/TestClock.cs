// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Threading;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Gateway
{
    /// <summary>Real time for tests that run a simulated device on another thread.</summary>
    public sealed class TestClock : IClock
    {
        /// <summary>Milliseconds from DateTime.UtcNow.</summary>
        public long UptimeMilliseconds
        {
            get { return DateTime.UtcNow.Ticks / TimeSpan.TicksPerMillisecond; }
        }

        /// <summary>Thread.Sleep.</summary>
        public void Sleep(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }
    }
}
