// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway
{
    /// <summary>
    /// The gateway's MQTT connection: publish like any agent, and subscribe topics that are only known at run time
    /// (the OTA topic of each sub-device the cloud accepted online). Incoming messages go to
    /// <see cref="GatewayAgent.Enqueue"/>; the transport calls <see cref="GatewayAgent.OnConnected"/> after every connect.
    /// </summary>
    public interface IGatewayChannel : IControlChannel
    {
        /// <summary>Subscribes <paramref name="topic"/> at QoS 1 for the rest of this connection.</summary>
        /// <returns>True when the request was handed to the transport; false when disconnected.</returns>
        bool Subscribe(string topic);
    }
}
