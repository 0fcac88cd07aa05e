// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;

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

        /// <summary>Times <see cref="Check"/> ran.</summary>
        public int Calls { get; private set; }

        /// <inheritdoc />
        public bool Check(out string reason)
        {
            Calls++;
            reason = Healthy ? null : "scripted failure";
            return Healthy;
        }
    }
}
