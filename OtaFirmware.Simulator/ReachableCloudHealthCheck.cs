// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;
using OtaFirmware.Host.Mqtt;

namespace OtaFirmware.Simulator;

/// <summary>
/// The simulated board's health check: a new image is healthy when it reaches the broker (an image that cannot be
/// updated again must not be confirmed) and its version is not one the operator marked unhealthy.
/// </summary>
public sealed class ReachableCloudHealthCheck : IHealthCheck
{
    private readonly MosquittoControlChannel _channel;
    private readonly Func<string> _runningVersion;
    private readonly IReadOnlyList<string> _unhealthyVersions;
    private readonly TimeSpan _timeout;

    /// <summary>Creates the check.</summary>
    public ReachableCloudHealthCheck(MosquittoControlChannel channel, Func<string> runningVersion, IReadOnlyList<string> unhealthyVersions, TimeSpan timeout)
    {
        _channel = channel;
        _runningVersion = runningVersion;
        _unhealthyVersions = unhealthyVersions;
        _timeout = timeout;
    }

    /// <inheritdoc />
    public bool Check(out string? reason)
    {
        if (_unhealthyVersions.Contains(_runningVersion()))
        {
            reason = "version " + _runningVersion() + " is marked unhealthy (simulated self-test failure)";
            return false;
        }

        if (!_channel.WaitConnected(_timeout))
        {
            reason = "the broker was not reachable within " + _timeout.TotalSeconds + " s";
            return false;
        }

        reason = null;
        return true;
    }
}
