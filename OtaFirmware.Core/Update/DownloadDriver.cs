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
    /// </remarks>
    public sealed class DownloadDriver
    {
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
            return _pipeline.Start(job);
        }

        /// <summary>Moves at most one chunk and judges a failure by the policy.</summary>
        public DownloadVerdict Step()
        {
            UpdateResult failure;
            StepStatus status = _pipeline.Step(out failure);
            _retryDelay = 0;
            if (status == StepStatus.InProgress)
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

            _failure = failure;
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
    }
}
