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

        /// <summary>The device booted: load the saved record and settle the running image.</summary>
        Booted = 5,

        /// <summary>The broker connection is (again) up and subscribed.</summary>
        Connected = 6,

        /// <summary>Connected, and the record holds an outcome that was not sent yet.</summary>
        OutcomeDue = 7,

        /// <summary>The outcome was sent and the broker acknowledged every QoS 1 message.</summary>
        OutcomeAcknowledged = 8,
    }
}
