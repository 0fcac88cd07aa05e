// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;
using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.Tests.Fakes
{
    /// <summary>A health check that answers what the test says and counts its calls.</summary>
    public sealed class ScriptedHealthCheck : IHealthCheck
    {
        /// <summary>Creates a check that passes.</summary>
        public ScriptedHealthCheck()
        {
            Healthy = true;
        }

        /// <summary>The answer.</summary>
        public bool Healthy { get; set; }

        /// <summary>The flash whose power the next <see cref="CutsLeft"/> checks cut, or null.</summary>
        public NorFlash CutPowerOf { get; set; }

        /// <summary>Checks that cut the power (before the next flash operation: the image's confirmation) instead of finishing.</summary>
        public int CutsLeft { get; set; }

        /// <summary>Times <see cref="Check"/> ran.</summary>
        public int Calls { get; private set; }

        /// <inheritdoc />
        public bool Check(out string reason)
        {
            Calls++;
            if (CutPowerOf != null && CutsLeft > 0)
            {
                CutsLeft--;
                CutPowerOf.SetPowerCutPlan(PowerCutPlan.BeforeOperation(1)); // the device dies during its trial boot
            }

            reason = Healthy ? null : "scripted failure";
            return Healthy;
        }
    }
}
