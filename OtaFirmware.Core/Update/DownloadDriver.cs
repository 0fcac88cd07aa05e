// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Connectivity;

namespace OtaFirmware.Update
{
    /// <summary>
    /// Drives an <see cref="UpdatePipeline"/> one step at a time and applies the one download policy that the board's
    /// agent and the gateway share, so that a failure means the same thing on both.
    /// </summary>
    /// <remarks>
    /// <code>
    /// failure of a step                         action     budget                              when exhausted
    /// SourceUnavailable (network, 408/429/5xx)  Backoff    network retries in a row            Failed: RetriesExhausted
    /// DigestMismatch                            Restart    verification retries per job        Failed: DigestMismatch
    /// Forbidden (401/403: URL expired)          FreshUrl   the owner's (it talks to the cloud) the owner fails the job
    /// anything else                             Fail       -                                   Failed with its reason
    /// </code>
    /// Why one table: the gateway used to retry after a fixed delay and fail at once on 403 where the board asked for
    /// a fresh URL; the same server fault must get the same answer whichever agent meets it. A chunk that moves
    /// resets the network budget (the server came back); the verification budget lasts the whole job. Delays come
    /// from one <see cref="ReconnectBackoff"/> ("equal jitter", so a fleet does not retry in lock step). Retrying
    /// after a network failure continues from the pipeline's offset; the saved record keeps it across a restart.
    /// No allocation on the step path unless a step fails.
    /// A watch, when given a clock, turns a connection that moves too little into a network failure (Backoff): no
    /// body byte for the stall time, or fewer bytes than the minimum rate over a window. Why here: a server that
    /// trickles one byte every few seconds never fails a bounded read, so only the owner of the policy can tell that
    /// the attempt is hopeless. Time spent waiting between attempts never counts against the next one.
    /// </remarks>
    public sealed class DownloadDriver
    {
        /// <summary>The default network budget of both agents' options: network failures in a row retried before the job fails.</summary>
        public const int DefaultMaxNetworkRetries = 8;

        /// <summary>The default verification budget of both agents' options: downloads from scratch after a digest mismatch.</summary>
        /// <remarks>Why 1: over TLS a digest mismatch is almost never transient (the server holds another file, or the
        /// job names a wrong digest), so a second full download rarely helps and a third never did.</remarks>
        public const int DefaultMaxVerificationRetries = 1;

        /// <summary>The default stall time of both agents' options: an attempt without a body byte for this long fails as a network failure.</summary>
        public const int DefaultStallMilliseconds = 30000;

        /// <summary>The default minimum rate of both agents' options, in bytes per second over <see cref="DefaultRateWindowMilliseconds"/>.</summary>
        public const int DefaultMinimumBytesPerSecond = 256;

        /// <summary>The default window of both agents' options the minimum rate is measured over.</summary>
        public const int DefaultRateWindowMilliseconds = 60000;

        private static readonly UpdateError[] PolicyErrors = new UpdateError[]
        {
            UpdateError.SourceUnavailable,
            UpdateError.DigestMismatch,
            UpdateError.Forbidden,
        };

        private static readonly FailureAction[] PolicyActions = new FailureAction[]
        {
            FailureAction.Backoff,
            FailureAction.Restart,
            FailureAction.FreshUrl,
        };

        private readonly UpdatePipeline _pipeline;
        private readonly ReconnectBackoff _backoff;
        private readonly int _maxNetworkRetries;
        private readonly int _maxVerificationRetries;
        private int _networkFailures;
        private int _verificationFailures;
        private int _retryDelay;
        private UpdateResult _failure;
        private readonly IClock _clock;
        private readonly int _stallMilliseconds;
        private readonly int _minimumBytesPerSecond;
        private readonly int _rateWindowMilliseconds;
        private bool _watchArmed;
        private long _lastProgressAt;
        private long _lastBytes;
        private long _windowStart;
        private long _windowBytes;

        /// <summary>Creates the driver.</summary>
        /// <param name="pipeline">The pipeline it steps.</param>
        /// <param name="backoff">Delays between retries (its base, cap and seed).</param>
        /// <param name="maxNetworkRetries">Network failures in a row retried before the job fails (0 or more).</param>
        /// <param name="maxVerificationRetries">Downloads from scratch after a digest mismatch before the job fails (0 or more).</param>
        public DownloadDriver(UpdatePipeline pipeline, ReconnectBackoff backoff, int maxNetworkRetries, int maxVerificationRetries)
        {
            if (pipeline == null || backoff == null)
            {
                throw new ArgumentNullException();
            }

            if (maxNetworkRetries < 0 || maxVerificationRetries < 0)
            {
                throw new ArgumentOutOfRangeException("maxNetworkRetries");
            }

            _pipeline = pipeline;
            _backoff = backoff;
            _maxNetworkRetries = maxNetworkRetries;
            _maxVerificationRetries = maxVerificationRetries;
        }

        /// <summary>Creates the driver with a watch on the transfer rate (the remarks).</summary>
        /// <param name="pipeline">The pipeline it steps.</param>
        /// <param name="backoff">Delays between retries (its base, cap and seed).</param>
        /// <param name="maxNetworkRetries">Network failures in a row retried before the job fails (0 or more).</param>
        /// <param name="maxVerificationRetries">Downloads from scratch after a digest mismatch before the job fails (0 or more).</param>
        /// <param name="clock">The clock the watch reads.</param>
        /// <param name="stallMilliseconds">An attempt without a body byte for this long fails as a network failure (0: no limit).</param>
        /// <param name="minimumBytesPerSecond">An attempt slower than this over <paramref name="rateWindowMilliseconds"/> fails as a network failure (0: no limit).</param>
        /// <param name="rateWindowMilliseconds">The window the rate is measured over (more than 0 when a minimum rate is set).</param>
        public DownloadDriver(UpdatePipeline pipeline, ReconnectBackoff backoff, int maxNetworkRetries, int maxVerificationRetries, IClock clock, int stallMilliseconds, int minimumBytesPerSecond, int rateWindowMilliseconds)
            : this(pipeline, backoff, maxNetworkRetries, maxVerificationRetries)
        {
            if (clock == null)
            {
                throw new ArgumentNullException("clock");
            }

            if (!IsValidWatch(stallMilliseconds, minimumBytesPerSecond, rateWindowMilliseconds))
            {
                throw new ArgumentOutOfRangeException("stallMilliseconds");
            }

            _clock = clock;
            _stallMilliseconds = stallMilliseconds;
            _minimumBytesPerSecond = minimumBytesPerSecond;
            _rateWindowMilliseconds = rateWindowMilliseconds;
        }

        /// <summary>The pipeline it steps.</summary>
        public UpdatePipeline Pipeline
        {
            get { return _pipeline; }
        }

        /// <summary>Network failures in a row so far.</summary>
        public int NetworkFailures
        {
            get { return _networkFailures; }
        }

        /// <summary>Digest mismatches of this job so far.</summary>
        public int VerificationFailures
        {
            get { return _verificationFailures; }
        }

        /// <summary>After <see cref="DownloadVerdict.RetryLater"/>: milliseconds to wait before the next step.</summary>
        public int RetryDelayMilliseconds
        {
            get { return _retryDelay; }
        }

        /// <summary>Why the last step did not move a chunk (every verdict but InProgress and Downloaded), else null.</summary>
        public UpdateResult Failure
        {
            get { return _failure; }
        }

        /// <summary>True when the watch's settings are usable (none negative; a window when a minimum rate is set), so an
        /// owner that creates drivers later (one per staged image) can refuse bad options when it is created.</summary>
        public static bool IsValidWatch(int stallMilliseconds, int minimumBytesPerSecond, int rateWindowMilliseconds)
        {
            return stallMilliseconds >= 0 && minimumBytesPerSecond >= 0 && rateWindowMilliseconds >= 0 && (minimumBytesPerSecond == 0 || rateWindowMilliseconds > 0);
        }

        /// <summary>The policy's action for a failed step with <paramref name="error"/> (the table above).</summary>
        public static FailureAction ActionFor(UpdateError error)
        {
            for (int i = 0; i < PolicyErrors.Length; i++)
            {
                if (PolicyErrors[i] == error)
                {
                    return PolicyActions[i];
                }
            }

            return FailureAction.Fail;
        }

        /// <summary>Starts <paramref name="job"/> on the pipeline with fresh budgets.</summary>
        /// <returns>What <see cref="UpdatePipeline.Start"/> returned.</returns>
        public UpdateResult Start(UpdateJob job)
        {
            _networkFailures = 0;
            _verificationFailures = 0;
            _retryDelay = 0;
            _failure = null;
            _watchArmed = false;
            return _pipeline.Start(job);
        }

        /// <summary>Moves at most one chunk (one bounded read of the source) and judges a failure by the policy.</summary>
        public DownloadVerdict Step()
        {
            if (_clock != null && !_watchArmed)
            {
                ArmWatch();
            }

            UpdateResult failure;
            StepStatus status = _pipeline.Step(out failure);
            _retryDelay = 0;
            if (status == StepStatus.InProgress)
            {
                failure = Watch();
            }

            if (failure == null && status == StepStatus.InProgress)
            {
                _networkFailures = 0;
                _failure = null;
                return DownloadVerdict.InProgress;
            }

            if (status == StepStatus.Downloaded)
            {
                _failure = null;
                return DownloadVerdict.Downloaded;
            }

            return Judge(failure);
        }

        /// <summary>
        /// The downloaded image failed verification after the download (read back from the slot, or refused by the
        /// platform's image check at activation): the download starts over from byte 0 within the verification budget.
        /// </summary>
        /// <param name="failure">Why (its error should be <see cref="UpdateError.DigestMismatch"/>, the cloud's verification code).</param>
        /// <returns><see cref="DownloadVerdict.RetryLater"/> or <see cref="DownloadVerdict.Failed"/>.</returns>
        public DownloadVerdict VerificationFailed(UpdateResult failure)
        {
            if (failure == null)
            {
                throw new ArgumentNullException("failure");
            }

            _pipeline.StartOver();
            return Judge(UpdateResult.Fail(UpdateError.DigestMismatch, failure.PlatformCode, failure.Detail));
        }

        private DownloadVerdict Judge(UpdateResult failure)
        {
            _retryDelay = 0;
            _failure = failure;
            _watchArmed = false; // the wait before the next attempt never counts against it
            switch (ActionFor(failure.Error))
            {
                case FailureAction.Backoff:
                    _networkFailures++;
                    if (_networkFailures > _maxNetworkRetries)
                    {
                        _failure = UpdateResult.Fail(UpdateError.RetriesExhausted, failure.PlatformCode, failure.Detail + "; gave up after " + _maxNetworkRetries.ToString() + " retries");
                        return DownloadVerdict.Failed;
                    }

                    _retryDelay = _backoff.DelayForAttempt(_networkFailures);
                    return DownloadVerdict.RetryLater;

                case FailureAction.Restart:
                    _verificationFailures++;
                    if (_verificationFailures > _maxVerificationRetries)
                    {
                        _failure = UpdateResult.Fail(failure.Error, failure.PlatformCode, failure.Detail + "; downloaded " + _verificationFailures.ToString() + " times (" + _maxVerificationRetries.ToString() + (_maxVerificationRetries == 1 ? " retry" : " retries") + " allowed)");
                        return DownloadVerdict.Failed;
                    }

                    _retryDelay = _backoff.DelayForAttempt(_verificationFailures);
                    return DownloadVerdict.RetryLater;

                case FailureAction.FreshUrl:
                    return DownloadVerdict.NeedFreshUrl;

                default:
                    return DownloadVerdict.Failed;
            }
        }

        private void ArmWatch()
        {
            long now = _clock.UptimeMilliseconds;
            long bytes = _pipeline.BytesFetched;
            _lastProgressAt = now;
            _lastBytes = bytes;
            _windowStart = now;
            _windowBytes = bytes;
            _watchArmed = true;
        }

        private UpdateResult Watch()
        {
            if (_clock == null)
            {
                return null;
            }

            long now = _clock.UptimeMilliseconds;
            long bytes = _pipeline.BytesFetched;
            if (bytes < _lastBytes)
            {
                ArmWatch(); // a new job or a restart counted from zero
                return null;
            }

            // A gap this long between two body bytes is a stall even when this step's read finally brought one.
            if (_stallMilliseconds > 0 && now - _lastProgressAt >= _stallMilliseconds)
            {
                _pipeline.Disconnect();
                return UpdateResult.Fail(UpdateError.SourceUnavailable, 0, "no progress for " + (now - _lastProgressAt).ToString() + " ms at byte " + _pipeline.Offset.ToString());
            }

            if (bytes != _lastBytes)
            {
                _lastBytes = bytes;
                _lastProgressAt = now;
            }

            long elapsed = now - _windowStart;
            if (_minimumBytesPerSecond > 0 && elapsed >= _rateWindowMilliseconds)
            {
                long moved = bytes - _windowBytes;
                if (moved * 1000 < (long)_minimumBytesPerSecond * elapsed)
                {
                    _pipeline.Disconnect();
                    return UpdateResult.Fail(UpdateError.SourceUnavailable, 0, "only " + moved.ToString() + " bytes in " + elapsed.ToString() + " ms (minimum " + _minimumBytesPerSecond.ToString() + " bytes/s) at byte " + _pipeline.Offset.ToString());
                }

                _windowStart = now;
                _windowBytes = bytes;
            }

            return null;
        }
    }
}
