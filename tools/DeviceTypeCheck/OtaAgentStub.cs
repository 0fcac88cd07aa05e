// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

// Stand-in for OtaFirmware.Agent.OtaAgent until the agent is merged (compiled only when
// OtaFirmware.Core/Agent/OtaAgent.cs does not exist): the constructor and members Program.cs relies on.
using OtaFirmware.Flash;
using OtaFirmware.Update;

namespace OtaFirmware.Agent
{
    public sealed class OtaAgent
    {
        public OtaAgent(ICloudDialect dialect, IControlChannel channel, IFirmwareSlot slot, IFirmwareSource source, IFlashRegion journalRegion, IClock clock, ILog log, IHealthCheck healthCheck, AgentOptions options)
        {
        }

        public void Enqueue(string topic, byte[] payload)
        {
        }

        public void OnConnected()
        {
        }

        public void Run()
        {
        }

        public void Stop()
        {
        }
    }
}
