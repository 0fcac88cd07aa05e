// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Connectivity;
using OtaFirmware.Host.Mqtt;

namespace OtaFirmware.Simulator;

/// <summary>
/// The simulated board's connectivity facts for the portable <see cref="ConnectivityHealthCheck"/> the device runs:
/// the host's network is up and its clock is set; the broker is connected when the board's channel is. A version the
/// operator marked unhealthy simulates a broken image: its network never comes up, so the check fails ("network
/// down") and the board rolls back, as a device whose new image cannot bring Wi-Fi up does.
/// </summary>
public sealed class SimulatedConnectivityProbe : IConnectivityProbe
{
    private readonly MosquittoControlChannel _channel;
    private readonly bool _brokenImage;

    /// <summary>Creates the probe of one boot.</summary>
    /// <param name="channel">The board's connection.</param>
    /// <param name="runningVersion">The version that booted.</param>
    /// <param name="unhealthyVersions">Versions whose network is simulated as broken.</param>
    public SimulatedConnectivityProbe(MosquittoControlChannel channel, string runningVersion, IReadOnlyList<string> unhealthyVersions)
    {
        _channel = channel ?? throw new ArgumentNullException(nameof(channel));
        _brokenImage = unhealthyVersions.Contains(runningVersion);
    }

    /// <summary>True unless the running version is marked unhealthy.</summary>
    public bool IsNetworkUp => !_brokenImage;

    /// <summary>The host's clock.</summary>
    public DateTime UtcNow => DateTime.UtcNow;

    /// <summary>True while the board's channel is connected.</summary>
    public bool IsBrokerConnected => !_brokenImage && _channel.IsConnected;
}
