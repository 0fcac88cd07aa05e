// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>Where the agent writes its one-line log entries (Debug.WriteLine on the device, the console or a test sink on the host).</summary>
    public interface ILog
    {
        /// <summary>Writes one line.</summary>
        void Write(string line);
    }
}
