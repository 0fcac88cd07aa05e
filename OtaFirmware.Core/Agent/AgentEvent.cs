// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>Events that drive the agent's state machine. Values are pinned.</summary>
    public enum AgentEvent
    {
        /// <summary>The cloud ordered an update (the job travels beside the event).</summary>
        UpdateCommand = 0,

        /// <summary>Time to move the next chunk.</summary>
        StepDue = 1,

        /// <summary>A waiting period ended (retry backoff, fresh-URL timeout, reboot delay).</summary>
        TimerExpired = 2,

        /// <summary>The cloud said no update is pending (answer to a firmware request).</summary>
        NothingPending = 3,

        /// <summary>The broker acknowledged every QoS 1 report handed to it.</summary>
        ReportsAcknowledged = 4,
    }
}
