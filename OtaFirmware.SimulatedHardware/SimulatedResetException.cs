// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// Thrown by <see cref="SimulatedFirmwareSlot.Reboot"/>: the simulated device resets. The board loop catches it and
    /// boots again (<see cref="SimulatedEsp32.Boot"/>); nothing else should.
    /// </summary>
    public class SimulatedResetException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public SimulatedResetException()
            : base("simulated reset")
        {
        }
    }
}
