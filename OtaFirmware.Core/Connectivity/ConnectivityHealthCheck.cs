// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Agent;
using OtaFirmware.Update;

namespace OtaFirmware.Connectivity
{
    /// <summary>
    /// The health check for a freshly booted image: healthy when, within a time limit, the network is up, the wall
    /// clock is set (TLS cannot validate a certificate in 1970) and the MQTT broker is connected. An image that cannot
    /// reach the cloud cannot be updated again, so it must not be confirmed.
    /// </summary>
    public sealed class ConnectivityHealthCheck : IHealthCheck
    {
        /// <summary>A wall clock before this year counts as "not set".</summary>
        public const int EarliestValidYear = 2025;

        private readonly IConnectivityProbe _probe;
        private readonly IClock _clock;
        private readonly int _timeoutMilliseconds;
        private readonly int _pollMilliseconds;

        /// <summary>Creates the check.</summary>
        /// <param name="probe">Where the facts come from.</param>
        /// <param name="clock">Monotonic time and sleeping.</param>
        /// <param name="timeoutMilliseconds">How long the facts may take to become true (&gt;= 0).</param>
        /// <param name="pollMilliseconds">How often they are read (&gt; 0).</param>
        /// <exception cref="ArgumentNullException"><paramref name="probe"/> or <paramref name="clock"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">A time is out of range.</exception>
        public ConnectivityHealthCheck(IConnectivityProbe probe, IClock clock, int timeoutMilliseconds, int pollMilliseconds)
        {
            if (probe == null)
            {
                throw new ArgumentNullException("probe");
            }

            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            if (timeoutMilliseconds < 0)
            {
                throw new ArgumentOutOfRangeException("timeoutMilliseconds");
            }

            if (pollMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("pollMilliseconds");
            }

            _probe = probe;
            _clock = clock;
            _timeoutMilliseconds = timeoutMilliseconds;
            _pollMilliseconds = pollMilliseconds;
        }

        /// <summary>Polls the probe until every fact holds or the time limit passes.</summary>
        /// <param name="reason">Null when healthy; otherwise the first fact that still failed at the deadline
        /// ("network down", "clock not set", "broker not connected").</param>
        /// <returns>True when all facts held before the deadline.</returns>
        public bool Check(out string reason)
        {
            long deadline = _clock.UptimeMilliseconds + _timeoutMilliseconds;
            while (true)
            {
                reason = FirstFailure();
                if (reason == null)
                {
                    return true;
                }

                long now = _clock.UptimeMilliseconds;
                if (now >= deadline)
                {
                    return false;
                }

                long left = deadline - now;
                _clock.Sleep(left < _pollMilliseconds ? (int)left : _pollMilliseconds);
            }
        }

        private string FirstFailure()
        {
            if (!_probe.IsNetworkUp)
            {
                return "network down";
            }

            if (_probe.UtcNow.Year < EarliestValidYear)
            {
                return "clock not set";
            }

            if (!_probe.IsBrokerConnected)
            {
                return "broker not connected";
            }

            return null;
        }
    }
}
