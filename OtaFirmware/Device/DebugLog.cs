// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Diagnostics;
using OtaFirmware.Agent;

namespace OtaFirmware.Device
{
    /// <summary>Writes log lines, prefixed with the uptime in seconds, to the debugger output (Visual Studio / serial).</summary>
    public sealed class DebugLog : ILog
    {
        /// <summary>Writes one line. Safe from any thread.</summary>
        public void Write(string line)
        {
            long uptime = Environment.TickCount64;
            Debug.WriteLine((uptime / 1000).ToString() + "." + (uptime % 1000).ToString("D3") + " " + line);
        }
    }
}
