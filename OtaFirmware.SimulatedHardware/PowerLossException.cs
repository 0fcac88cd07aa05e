// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>
    /// Thrown by <see cref="NorFlash"/> when a <see cref="PowerCutPlan"/> cuts the power, and by every flash operation
    /// after that until <see cref="NorFlash.PowerOn"/>. It stands for the CPU stopping: nothing should catch it except
    /// the simulated board loop, which then "reboots".
    /// </summary>
    public class PowerLossException : Exception
    {
        /// <summary>Creates the exception with a description of where the power went.</summary>
        public PowerLossException(string message)
            : base(message)
        {
        }
    }
}
