// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Connectivity
{
    /// <summary>
    /// Facts about the device's connectivity, read fresh on every access: Wi-Fi and IP on the device, the simulated
    /// link on the host. <see cref="ConnectivityHealthCheck"/> judges them.
    /// </summary>
    public interface IConnectivityProbe
    {
        /// <summary>True while the network interface is up with an IP address.</summary>
        bool IsNetworkUp { get; }

        /// <summary>The wall clock (TLS certificate validation needs it to be set, e.g. by SNTP).</summary>
        DateTime UtcNow { get; }

        /// <summary>True while the MQTT broker connection is up.</summary>
        bool IsBrokerConnected { get; }
    }
}
