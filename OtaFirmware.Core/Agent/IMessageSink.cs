// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>
    /// The incoming half of the control plane: where the transport (M2Mqtt on the device, the host's MQTT client in the
    /// simulator) hands every message it receives. Implemented by the agents (the board's and the gateway's).
    /// </summary>
    /// <remarks>
    /// Called on the transport's thread: an implementation only queues the message and returns at once; parsing and
    /// every decision happen on the agent's own thread. Never throws on bad input. The retained flag is the
    /// MQTT retain flag as the broker delivered it: the clouds never retain OTA commands, so a retained command is a
    /// stale or injected one.
    /// </remarks>
    public interface IMessageSink
    {
        /// <summary>Hands one incoming message to the agent. Thread-safe; returns at once.</summary>
        void Deliver(string topic, byte[] payload, bool retained);
    }
}
