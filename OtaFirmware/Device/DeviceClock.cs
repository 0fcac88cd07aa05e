// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Threading;
using OtaFirmware.Update;

namespace OtaFirmware.Device
{
    /// <summary>Monotonic time from <c>System.Environment.TickCount64</c> (nanoFramework.Runtime.Native) and Thread.Sleep.</summary>
    public sealed class DeviceClock : IClock
    {
        /// <summary>Milliseconds since boot.</summary>
        public long UptimeMilliseconds
        {
            get { return Environment.TickCount64; }
        }

        /// <summary>Blocks the calling thread.</summary>
        public void Sleep(int milliseconds)
        {
            Thread.Sleep(milliseconds);
        }
    }
}
