// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>States of the agent's state machine (see the transition table in <see cref="OtaAgent"/>). Values are pinned.</summary>
    public enum AgentState
    {
        /// <summary>Booted, the previous update not settled yet.</summary>
        Settling = 0,

        /// <summary>Waiting for a command.</summary>
        Idle = 1,

        /// <summary>Moving chunks from the server into the inactive slot.</summary>
        Downloading = 2,

        /// <summary>Waiting before retrying after a network failure or a failed verification.</summary>
        Backoff = 3,

        /// <summary>The download URL was refused (expired); waiting for the cloud to send a fresh one.</summary>
        AwaitingUrl = 4,

        /// <summary>The new image is activated; the device reboots into it.</summary>
        Rebooting = 5,
    }
}
