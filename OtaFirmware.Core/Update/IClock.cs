// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>Monotonic time and waiting; the simulator can run it faster than real time.</summary>
    public interface IClock
    {
        /// <summary>Milliseconds since an arbitrary start, never decreasing.</summary>
        long UptimeMilliseconds { get; }

        /// <summary>Blocks the calling thread for <paramref name="milliseconds"/>.</summary>
        void Sleep(int milliseconds);
    }
}
