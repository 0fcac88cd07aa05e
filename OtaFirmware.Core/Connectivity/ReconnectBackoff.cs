// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Connectivity
{
    /// <summary>
    /// Delays between reconnection attempts: exponential from a base to a cap, with "equal jitter" (half the step is
    /// fixed, the other half random) so a fleet that lost the same broker does not come back in lock step, and no
    /// delay is ever shorter than half its step. Not thread-safe: one owner each (the MQTT supervisor's reconnects,
    /// a download's retries). The one backoff of the code base; <see cref="Seed"/> is its one seed function.
    /// </summary>
    public sealed class ReconnectBackoff
    {
        private readonly int _baseMilliseconds;
        private readonly int _maxMilliseconds;
        private uint _state;
        private int _attempts;

        /// <summary>Creates a backoff.</summary>
        /// <param name="baseMilliseconds">Step of the first attempt (&gt; 0).</param>
        /// <param name="maxMilliseconds">Largest step (&gt;= <paramref name="baseMilliseconds"/>).</param>
        /// <param name="seed">Jitter seed; give each device a different one (for example from its MAC or name hash).</param>
        /// <exception cref="ArgumentOutOfRangeException">A bound is out of range.</exception>
        public ReconnectBackoff(int baseMilliseconds, int maxMilliseconds, uint seed)
        {
            if (baseMilliseconds <= 0)
            {
                throw new ArgumentOutOfRangeException("baseMilliseconds");
            }

            if (maxMilliseconds < baseMilliseconds)
            {
                throw new ArgumentOutOfRangeException("maxMilliseconds");
            }

            _baseMilliseconds = baseMilliseconds;
            _maxMilliseconds = maxMilliseconds;
            _state = seed == 0 ? 0x9E3779B9u : seed;
        }

        /// <summary>Attempts since the last <see cref="Reset"/>.</summary>
        public int Attempts
        {
            get { return _attempts; }
        }

        /// <summary>The step (upper bound of the delay) for the next attempt: base * 2^attempts, capped.</summary>
        public int CurrentStepMilliseconds
        {
            get { return StepMilliseconds(_attempts); }
        }

        /// <summary>
        /// A per-device jitter seed: FNV-1a of <paramref name="identity"/> (a device name, a topic that names the
        /// device) mixed with the uptime. Why both: a fleet that boots together has near-equal uptimes, and equal
        /// seeds would retry in lock step; the identity alone would repeat the same delays after every boot.
        /// </summary>
        public static uint Seed(string identity, long uptimeMilliseconds)
        {
            uint hash = 2166136261;
            for (int i = 0; identity != null && i < identity.Length; i++)
            {
                hash = (hash ^ identity[i]) * 16777619;
            }

            return hash ^ (uint)uptimeMilliseconds;
        }

        /// <summary>Returns the delay before the next attempt and counts the attempt.</summary>
        /// <returns>A delay in [step / 2, step], where step is <see cref="CurrentStepMilliseconds"/> before the call.</returns>
        public int NextDelayMilliseconds()
        {
            int delay = DelayForAttempt(_attempts + 1);
            if (_attempts < int.MaxValue)
            {
                _attempts++;
            }

            return delay;
        }

        /// <summary>The jittered delay before attempt number <paramref name="attempt"/> (1 = the first retry) of a
        /// counter its owner keeps; <see cref="Attempts"/> is not touched.</summary>
        /// <returns>A delay in [step / 2, step] with step = base * 2^(attempt - 1), capped.</returns>
        public int DelayForAttempt(int attempt)
        {
            int step = StepMilliseconds(attempt < 1 ? 0 : attempt - 1);
            int half = step / 2;
            int spread = step - half;
            return half + (int)(NextRandom() % (uint)(spread + 1));
        }

        private int StepMilliseconds(int doublings)
        {
            long step = _baseMilliseconds;
            for (int i = 0; i < doublings && step < _maxMilliseconds; i++)
            {
                step *= 2;
            }

            return step > _maxMilliseconds ? _maxMilliseconds : (int)step;
        }

        /// <summary>Starts over from the base step; call after a connection succeeded.</summary>
        public void Reset()
        {
            _attempts = 0;
        }

        private uint NextRandom()
        {
            // xorshift32: tiny, allocation-free, the same on every platform.
            uint x = _state;
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            _state = x;
            return x;
        }
    }
}
