// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>One pump of an agent, run by <see cref="AgentRuntime.Run"/>.</summary>
    /// <returns>Milliseconds the runtime may wait (woken early by a delivery or a stop) before the next pump; 0: at once.</returns>
    public delegate int PumpHandler();
}
