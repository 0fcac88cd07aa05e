// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Update;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>A clock that only moves when told to (Sleep advances it), so retries and governors are deterministic.</summary>
    public sealed class FakeClock : IClock
    {
        /// <inheritdoc />
        public long UptimeMilliseconds { get; set; }

        /// <inheritdoc />
        public void Sleep(int milliseconds)
        {
            UptimeMilliseconds += milliseconds;
        }
    }
}
