// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Connectivity;
using OtaFirmware.Esp32;
using OtaFirmware.Update;

namespace OtaFirmware.Agent
{
    /// <summary>
    /// The OTA agent: one state machine that turns cloud commands (translated by an <see cref="ICloudDialect"/>)
    /// into downloads, activations and reports. It never touches transport or hardware types: commands arrive through
    /// <see cref="Deliver"/>, reports leave through <see cref="IControlChannel"/>, the bytes move through the
    /// <see cref="UpdatePipeline"/> and the saved state through the <see cref="UpdateRecord"/> it is given.
    /// </summary>
    /// <remarks>
    /// Threading: <see cref="Deliver"/>, <see cref="OnConnected"/> and <see cref="Stop"/> may be called from any thread
    /// (the MQTT event thread); everything else runs on the agent's own thread in <see cref="Run"/> (or
    /// <see cref="Pump"/> in tests). Inbox, outbox and run loop are the shared <see cref="AgentRuntime"/>; every
    /// download failure is judged by the shared <see cref="DownloadDriver"/>.
    /// The transition table below is the whole behaviour; an event without a row is logged and dropped ("any" rows
    /// apply in every state and keep it).
    /// <code>
    /// state        event                handler                next state
    /// Settling     Booted               SettleBoot             Idle | Downloading (a complete download cut before its activation) (may roll back and restart the device)
    /// any          Connected            AnnounceAfterConnect   (same)
    /// any          OutcomeDue           ReportOutcome          (same)
    /// any          OutcomeAcknowledged  ForgetOutcome          (same)
    /// Idle         UpdateCommand        StartJob               Downloading | Idle
    /// Downloading  UpdateCommand        ContinueOrSupersede    Downloading | Idle
    /// Backoff      UpdateCommand        ContinueOrSupersede    Downloading | Idle
    /// AwaitingUrl  UpdateCommand        ContinueOrSupersede    Downloading | Idle
    /// Downloading  StepDue              DownloadStep           Downloading | Backoff | AwaitingUrl | Rebooting | Idle
    /// Backoff      TimerExpired         ResumeDownload         Downloading
    /// AwaitingUrl  TimerExpired         AskForUrlAgain         AwaitingUrl | Idle
    /// AwaitingUrl  NothingPending       GiveUpOnUrl            Idle
    /// Rebooting    ReportsAcknowledged  RebootNow              (device restarts)
    /// Rebooting    TimerExpired         RebootNow              (device restarts; the broker never acknowledged)
    /// </code>
    /// OutcomeDue fires while connected, once the connection was announced (Connected), and the record holds an outcome not yet sent; OutcomeAcknowledged once it was
    /// sent and the broker acknowledged every QoS 1 message.
    /// </remarks>
    public sealed class OtaAgent : IMessageSink
    {
        private const int MaxQueuedMessages = 16;
        private const int MaxPendingReports = 8;
        private const int MaxUrlRequests = 3;
        private const int UrlWaitMilliseconds = 30000;
        private const int IdlePollMilliseconds = 1000;
        private const AgentState AnyState = (AgentState)(-1);

        private static readonly Transition[] Transitions = new Transition[]
        {
            new Transition(AgentState.Settling, AgentEvent.Booted, SettleBoot),
            new Transition(AnyState, AgentEvent.Connected, AnnounceAfterConnect),
            new Transition(AnyState, AgentEvent.OutcomeDue, ReportOutcome),
            new Transition(AnyState, AgentEvent.OutcomeAcknowledged, ForgetOutcome),
            new Transition(AgentState.Idle, AgentEvent.UpdateCommand, StartJob),
            new Transition(AgentState.Downloading, AgentEvent.UpdateCommand, ContinueOrSupersede),
            new Transition(AgentState.Backoff, AgentEvent.UpdateCommand, ContinueOrSupersede),
            new Transition(AgentState.AwaitingUrl, AgentEvent.UpdateCommand, ContinueOrSupersede),
            new Transition(AgentState.Downloading, AgentEvent.StepDue, DownloadStep),
            new Transition(AgentState.Backoff, AgentEvent.TimerExpired, ResumeDownload),
            new Transition(AgentState.AwaitingUrl, AgentEvent.TimerExpired, AskForUrlAgain),
            new Transition(AgentState.AwaitingUrl, AgentEvent.NothingPending, GiveUpOnUrl),
            new Transition(AgentState.Rebooting, AgentEvent.ReportsAcknowledged, RebootNow),
            new Transition(AgentState.Rebooting, AgentEvent.TimerExpired, RebootNow),
        };

        private static readonly string[] StateNames = new string[] { "Settling", "Idle", "Downloading", "Backoff", "AwaitingUrl", "Rebooting" };
        private static readonly string[] EventNames = new string[] { "UpdateCommand", "StepDue", "TimerExpired", "NothingPending", "ReportsAcknowledged", "Booted", "Connected", "OutcomeDue", "OutcomeAcknowledged" };

        private readonly ICloudDialect _dialect;
        private readonly IControlChannel _channel;
        private readonly IFirmwareSlot _slot;
        private readonly UpdateRecord _record;
        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly IHealthCheck _healthCheck;
        private readonly AgentOptions _options;
        private readonly UpdatePipeline _pipeline;
        private readonly DownloadDriver _driver;
        private readonly AgentRuntime _runtime;

        private AgentState _state = AgentState.Settling;
        private UpdateJob _job;
        private UpdateJob _eventJob;
        private OutgoingMessage _latestProgress;
        private SettleResult _settled;
        private long _timerDue;
        private int _urlRequests;
        private int _lastPercent;
        private long _lastProgressAt;

        /// <summary>Creates the agent around its collaborators.</summary>
        /// <param name="dialect">The cloud's dialect.</param>
        /// <param name="channel">The control channel reports go to.</param>
        /// <param name="slot">The firmware slots.</param>
        /// <param name="record">The saved update state (loaded by <see cref="Boot"/>); the one the pipeline was built on.</param>
        /// <param name="pipeline">The download pipeline, built on <paramref name="record"/> and <paramref name="slot"/>.</param>
        /// <param name="clock">Clock for timers.</param>
        /// <param name="log">Log.</param>
        /// <param name="healthCheck">The health check a new image must pass.</param>
        /// <param name="options">Tunables.</param>
        public OtaAgent(ICloudDialect dialect, IControlChannel channel, IFirmwareSlot slot, UpdateRecord record, UpdatePipeline pipeline, IClock clock, ILog log, IHealthCheck healthCheck, AgentOptions options)
        {
            if (dialect == null || channel == null || slot == null || record == null || pipeline == null || clock == null || log == null || healthCheck == null || options == null)
            {
                throw new ArgumentNullException();
            }

            _dialect = dialect;
            _channel = channel;
            _slot = slot;
            _record = record;
            _pipeline = pipeline;
            _clock = clock;
            _log = log;
            _healthCheck = healthCheck;
            _options = options;
            _runtime = new AgentRuntime(channel, MaxQueuedMessages, MaxPendingReports);
            // The topics name the device: the retry jitter differs per device of a fleet.
            string[] topics = dialect.SubscriptionTopics;
            string identity = string.Empty;
            for (int t = 0; topics != null && t < topics.Length; t++)
            {
                identity += topics[t] + "\n";
            }

            ReconnectBackoff backoff = new ReconnectBackoff(options.RetryBaseMilliseconds, options.RetryMaxMilliseconds, ReconnectBackoff.Seed(identity, clock.UptimeMilliseconds));
            _driver = new DownloadDriver(pipeline, backoff, options.MaxNetworkRetries, options.MaxVerificationRetries, clock, options.StallMilliseconds, options.MinimumBytesPerSecond, options.RateWindowMilliseconds);
        }

        private delegate AgentState TransitionHandler(OtaAgent agent);

        /// <summary>The current state.</summary>
        public AgentState State
        {
            get { return _state; }
        }

        /// <summary>The job in progress, or null.</summary>
        public UpdateJob CurrentJob
        {
            get { return _job; }
        }

        /// <summary>The download pipeline (its counters: offset, bytes fetched, restarts).</summary>
        public UpdatePipeline Pipeline
        {
            get { return _pipeline; }
        }

        /// <summary>The saved update state.</summary>
        public UpdateRecord Record
        {
            get { return _record; }
        }

        /// <summary>Messages handed to the control channel so far.</summary>
        public int ReportsSent
        {
            get { return _runtime.Sent; }
        }

        /// <inheritdoc/>
        public void Deliver(string topic, byte[] payload, bool retained)
        {
            _runtime.Deliver(topic, payload, retained);
        }

        /// <summary>Hands an incoming (not retained) MQTT message to the agent. Thread-safe, returns at once; parsing happens on the agent's thread.</summary>
        public void Enqueue(string topic, byte[] payload)
        {
            _runtime.Deliver(topic, payload, false);
        }

        /// <summary>Tells the agent the broker connection is (again) up and subscribed: it reports the version and re-sends the latest state.</summary>
        public void OnConnected()
        {
            _runtime.RequestConnect();
        }

        /// <summary>Asks <see cref="Run"/> to return.</summary>
        public void Stop()
        {
            _runtime.Stop();
        }

        /// <summary>Settles the boot, then processes commands and downloads until <see cref="Stop"/>. Run it on its own thread.</summary>
        public void Run()
        {
            Boot();
            _runtime.Run(Pump);
        }

        /// <summary>The first step of every run: loads the record and settles a newly booted image (may reboot to roll back).</summary>
        /// <returns>What the settling found.</returns>
        public SettleResult Boot()
        {
            Dispatch(AgentEvent.Booted);
            return _settled;
        }

        /// <summary>Does the work that is due now: queued messages, reports, at most one download chunk.</summary>
        /// <returns>Milliseconds the caller may wait before the next call (0: call again at once).</returns>
        public int Pump()
        {
            if (_state == AgentState.Settling)
            {
                throw new InvalidOperationException("call Boot first");
            }

            if (_runtime.TakeConnect())
            {
                Dispatch(AgentEvent.Connected);
            }

            DrainQueue();
            FlushPendingReports();

            switch (_state)
            {
                case AgentState.Downloading:
                    Dispatch(AgentEvent.StepDue);
                    return 0;
                case AgentState.Rebooting:
                    if (_runtime.PendingCount == 0 && !OutcomeUnsent() && _channel.UnacknowledgedCount == 0)
                    {
                        Dispatch(AgentEvent.ReportsAcknowledged);
                        return 0;
                    }

                    return Wait();
                case AgentState.Backoff:
                case AgentState.AwaitingUrl:
                    return Wait();
                default:
                    return IdlePollMilliseconds;
            }
        }

        private int Wait()
        {
            long left = _timerDue - _clock.UptimeMilliseconds;
            if (left <= 0)
            {
                Dispatch(AgentEvent.TimerExpired);
                return 0;
            }

            return left > IdlePollMilliseconds ? IdlePollMilliseconds : (int)left;
        }

        private void Dispatch(AgentEvent agentEvent)
        {
            for (int i = 0; i < Transitions.Length; i++)
            {
                Transition row = Transitions[i];
                if ((row.State == _state || row.State == AnyState) && row.Event == agentEvent)
                {
                    AgentState before = _state;
                    AgentState next = row.Handler(this);
                    if (next != before)
                    {
                        _log.Write("agent: " + StateNames[(int)before] + " --" + EventNames[(int)agentEvent] + "--> " + StateNames[(int)next]);
                    }

                    _state = next;
                    return;
                }
            }

            _log.Write("agent: " + EventNames[(int)agentEvent] + " ignored in state " + StateNames[(int)_state]);
        }

        private static AgentState SettleBoot(OtaAgent agent)
        {
            if (agent._record.Load() == JournalStatus.FlashError)
            {
                agent._log.Write("agent: the update record cannot be read; continuing without it");
            }

            agent._settled = new BootSettler(agent._slot, agent._record, agent._healthCheck, agent._log, agent._pipeline).Settle();
            agent._log.Write("agent: running " + agent._slot.RunningVersion + " from slot " + agent._slot.RunningSlot.ToString() + "; record " + StateName(agent._record.State));
            return agent.FinishSavedDownload();
        }

        private static AgentState AnnounceAfterConnect(OtaAgent agent)
        {
            // The outcome goes first so the cloud reads why before it sees which version runs.
            if (agent.OutcomeUnsent())
            {
                ReportOutcome(agent);
            }
            else
            {
                agent._runtime.Send(agent._dialect.ReportVersion(agent._slot.RunningVersion));
            }

            if (agent._job == null && agent._record.State == RecordState.Downloading && agent._record.CommittedOffset > 0)
            {
                // An interrupted download: ask the cloud to send the job again (with a fresh URL); it resumes.
                agent._log.Write("agent: an interrupted download of " + agent._record.Version + " is saved; asking the cloud for the job");
                agent._runtime.Send(agent._dialect.RequestFirmware(agent._slot.RunningVersion));
            }

            if (agent._latestProgress != null)
            {
                agent._runtime.Publish(agent._latestProgress);
            }

            return agent._state;
        }

        private static AgentState ReportOutcome(OtaAgent agent)
        {
            UpdateRecord record = agent._record;
            OutgoingMessage outcome = record.OutcomeError == UpdateError.Ok
                ? agent._dialect.ReportProgress(record.OutcomeJob, ProgressState.Done, 100, null)
                : agent._dialect.ReportProgress(record.OutcomeJob, ProgressState.Failed, 100, UpdateResult.Fail(record.OutcomeError, 0, record.OutcomeDetail));

            // Published, never kept in the outbox: the record keeps the outcome until the broker acknowledged it.
            if (!agent._runtime.Publish(outcome))
            {
                return agent._state;
            }

            record.OutcomeSent();
            agent._log.Write("agent: reported the outcome of " + record.OutcomeJob.Version + ": " + (record.OutcomeError == UpdateError.Ok ? "done" : record.OutcomeDetail));
            agent._runtime.Send(agent._dialect.ReportVersion(agent._slot.RunningVersion));
            return agent._state;
        }

        private static AgentState ForgetOutcome(OtaAgent agent)
        {
            // A cut before this reports the outcome again after the restart.
            RecordStatus status = agent._record.OutcomeAcknowledged();
            if (status != RecordStatus.Ok)
            {
                agent._log.Write("agent: could not clear the reported outcome (record status " + ((int)status).ToString() + ")");
            }

            return agent._state;
        }

        private static AgentState StartJob(OtaAgent agent)
        {
            UpdateJob job = agent._eventJob;
            if (job.Version == agent._slot.RunningVersion && agent._slot.RunningState != ImageState.PendingVerify)
            {
                agent._log.Write("agent: version " + job.Version + " is already running");
                agent.Report(job, ProgressState.Done, 100, null);
                agent._runtime.Send(agent._dialect.ReportVersion(agent._slot.RunningVersion)); // clouds complete a job by the version
                return AgentState.Idle;
            }

            UpdateResult started = agent._driver.Start(job);
            if (!started.IsOk)
            {
                agent._log.Write("agent: refused " + job.Version + ": " + started.ToString());
                agent.Report(job, ProgressState.Failed, 0, started);
                return AgentState.Idle;
            }

            agent._job = job;
            agent._urlRequests = 0;
            int resumed = agent._pipeline.ResumedFrom;
            agent._log.Write(resumed > 0
                ? "agent: resuming " + job.Version + " at byte " + resumed.ToString() + " of " + job.Size.ToString()
                : "agent: downloading " + job.Version + " (" + job.Size.ToString() + " bytes)");
            agent.ReportProgress(true);
            return AgentState.Downloading;
        }

        private static AgentState ContinueOrSupersede(OtaAgent agent)
        {
            UpdateJob incoming = agent._eventJob;
            if (agent._job.IsSameImage(incoming))
            {
                if (incoming.Url != agent._job.Url)
                {
                    agent._log.Write("agent: same image, new URL; continuing at byte " + agent._pipeline.Offset.ToString());
                    agent._job.Url = incoming.Url;
                }

                if (incoming.CorrelationId != null)
                {
                    agent._job.CorrelationId = incoming.CorrelationId; // reports go to the job the cloud re-issued
                }

                return AgentState.Downloading;
            }

            agent._log.Write("agent: " + incoming.Version + " supersedes " + agent._job.Version);
            agent.Report(agent._job, ProgressState.Failed, agent.Percent(), UpdateResult.Fail(UpdateError.Cancelled, 0, "superseded by version " + incoming.Version));
            agent.EndJob(true);
            return StartJob(agent);
        }

        private static AgentState DownloadStep(OtaAgent agent)
        {
            DownloadVerdict verdict = agent._driver.Step();
            switch (verdict)
            {
                case DownloadVerdict.InProgress:
                    agent.ReportProgress(false);
                    return AgentState.Downloading;

                case DownloadVerdict.Downloaded:
                    return agent.ActivateDownloaded();

                case DownloadVerdict.RetryLater:
                    return agent.StartBackoff();

                case DownloadVerdict.NeedFreshUrl:
                    agent._log.Write("agent: step failed: " + agent._driver.Failure.ToString());
                    agent.Report(agent._job, ProgressState.Failed, agent.Percent(), agent._driver.Failure);
                    return agent.RequestFreshUrl(agent._driver.Failure);

                default:
                    UpdateResult failure = agent._driver.Failure;
                    agent._log.Write("agent: step failed: " + failure.ToString());
                    agent.Report(agent._job, ProgressState.Failed, agent.Percent(), failure);

                    // Out of network retries the record keeps the committed offset: the same job sent again resumes.
                    agent.EndJob(failure.Error != UpdateError.RetriesExhausted);
                    return AgentState.Idle;
            }
        }

        private static AgentState ResumeDownload(OtaAgent agent)
        {
            return AgentState.Downloading;
        }

        private static AgentState AskForUrlAgain(OtaAgent agent)
        {
            return agent.RequestFreshUrl(UpdateResult.Fail(UpdateError.Forbidden, 0, "no fresh URL arrived"));
        }

        private static AgentState GiveUpOnUrl(OtaAgent agent)
        {
            agent.Report(agent._job, ProgressState.Failed, agent.Percent(), UpdateResult.Fail(UpdateError.Forbidden, 0, "the cloud has no fresh URL for " + agent._job.Version));
            agent.EndJob(false);
            return AgentState.Idle;
        }

        private static AgentState RebootNow(OtaAgent agent)
        {
            agent._log.Write("agent: rebooting into " + agent._job.Version);
            agent._slot.Reboot();
            return AgentState.Rebooting;
        }

        private AgentState FinishSavedDownload()
        {
            // A cut between the last commit ("burning") and the boot switch: the image is all in the slot. Finish the
            // job without the cloud; activation re-checks the slot (the download counts as resumed).
            UpdateJob saved = _record.CompleteDownload();
            if (saved == null || saved.Version == _slot.RunningVersion || _slot.RunningState == ImageState.PendingVerify)
            {
                return AgentState.Idle;
            }

            saved.Url = string.Empty; // no URL is saved: a slot that does not verify asks the cloud for the job
            UpdateResult started = _driver.Start(saved);
            if (!started.IsOk || _pipeline.Offset != saved.Size)
            {
                _pipeline.Abort(false);
                return AgentState.Idle;
            }

            _log.Write("agent: " + saved.Version + " was downloaded completely before a restart; finishing the job");
            _job = saved;
            _urlRequests = 0;
            return AgentState.Downloading;
        }

        /// <summary>A resumed download's stream digests came partly from the journal: read the slot back before activating.</summary>
        private UpdateResult RecheckResumedImage()
        {
            if (_pipeline.ResumedFrom == 0)
            {
                return null;
            }

            UpdateResult check = _pipeline.SlotCheck.Check(_job);
            return check.IsOk ? null : check;
        }

        private AgentState AfterVerificationFailure(UpdateResult failure)
        {
            _log.Write("agent: " + _job.Version + " failed verification after its download: " + failure.ToString());
            if (_job.Url == null || _job.Url.Length == 0)
            {
                // Finishing a saved download: there is no URL to download it again from; the cloud sends the job.
                _pipeline.StartOver();
                EndJob(true);
                OutgoingMessage request = _dialect.RequestFirmware(_slot.RunningVersion);
                if (request != null)
                {
                    _runtime.Send(request);
                }

                return AgentState.Idle;
            }

            if (_driver.VerificationFailed(failure) == DownloadVerdict.RetryLater)
            {
                return StartBackoff();
            }

            Report(_job, ProgressState.Failed, 100, _driver.Failure);
            EndJob(true);
            return AgentState.Idle;
        }

        private AgentState ActivateDownloaded()
        {
            UpdateResult readBack = RecheckResumedImage();
            if (readBack != null)
            {
                return AfterVerificationFailure(readBack);
            }

            // The image policy first, so a refused image never reports "burning" (the state before the boot switch).
            UpdateResult accepted = _pipeline.CheckImage(_job);
            if (!accepted.IsOk)
            {
                _log.Write("agent: " + _job.Version + " refused before activation: " + accepted.ToString());
                Report(_job, ProgressState.Failed, 100, accepted);
                EndJob(true);
                return AgentState.Idle;
            }

            Report(_job, ProgressState.Burning, 100, null);
            UpdateResult activated = _pipeline.Activate(_slot.RunningVersion);
            if (!activated.IsOk && activated.PlatformCode == EspErrorMap.OtaValidateFailed)
            {
                // The platform's image check refused the bytes: a verification failure, downloaded again from scratch.
                return AfterVerificationFailure(UpdateResult.Fail(UpdateError.DigestMismatch, activated.PlatformCode, "the image in the slot does not validate: " + activated.Detail));
            }

            if (!activated.IsOk)
            {
                Report(_job, ProgressState.Failed, 100, activated);
                EndJob(true);
                return AgentState.Idle;
            }

            _log.Write("agent: " + _job.Version + " verified and activated");
            _timerDue = _clock.UptimeMilliseconds + _options.RebootDelayMilliseconds;
            return AgentState.Rebooting;
        }

        private AgentState RequestFreshUrl(UpdateResult failure)
        {
            OutgoingMessage request = _dialect.RequestFirmware(_slot.RunningVersion);
            if (request == null || _urlRequests >= MaxUrlRequests)
            {
                if (_urlRequests > 0)
                {
                    Report(_job, ProgressState.Failed, Percent(), failure);
                }

                EndJob(false);
                return AgentState.Idle;
            }

            _urlRequests++;
            _log.Write("agent: asking the cloud for a fresh URL (" + _urlRequests.ToString() + "/" + MaxUrlRequests.ToString() + ")");
            _runtime.Send(request);
            _timerDue = _clock.UptimeMilliseconds + UrlWaitMilliseconds;
            return AgentState.AwaitingUrl;
        }

        private AgentState StartBackoff()
        {
            UpdateResult failure = _driver.Failure;
            _log.Write("agent: step failed: " + failure.ToString());
            int attempt = failure.Error == UpdateError.DigestMismatch ? _driver.VerificationFailures : _driver.NetworkFailures;
            if (failure.Error == UpdateError.DigestMismatch)
            {
                _log.Write("agent: downloading " + _job.Version + " again from scratch (verification failure " + attempt.ToString() + ")");
            }

            int delay = _driver.RetryDelayMilliseconds;
            _timerDue = _clock.UptimeMilliseconds + delay;
            _log.Write("agent: retry " + attempt.ToString() + " in " + delay.ToString() + " ms");
            return AgentState.Backoff;
        }

        private void EndJob(bool forget)
        {
            _pipeline.Abort(forget);
            _job = null;
            _latestProgress = null;
        }

        private void DrainQueue()
        {
            InboxMessage message;
            while ((message = _runtime.Take()) != null)
            {
                HandleMessage(message);
            }
        }

        private void HandleMessage(InboxMessage message)
        {
            CloudCommand command;
            try
            {
                command = _dialect.Parse(message.Topic, message.Payload, message.Payload.Length);
            }
            catch (Exception ex)
            {
                // Dialects do not throw; if one does, the message is lost, not the agent.
                _log.Write("agent: dialect failed on a message on " + message.Topic + ": " + ex.Message);
                return;
            }

            switch (command.Kind)
            {
                case CommandKind.Update:
                    if (_runtime.IgnoresRetainedUpdate(message, command.Kind, _log, "agent"))
                    {
                        break;
                    }

                    _eventJob = command.Job;
                    Dispatch(AgentEvent.UpdateCommand);
                    _eventJob = null;
                    break;
                case CommandKind.NoUpdatePending:
                    _log.Write("agent: the cloud has no pending update");
                    if (_state == AgentState.AwaitingUrl)
                    {
                        Dispatch(AgentEvent.NothingPending);
                    }

                    break;
                case CommandKind.Rejected:
                    _log.Write("agent: rejected a command on " + message.Topic + ": " + command.Error);
                    bool aboutCurrentJob = _job != null && (command.CorrelationId == null || command.CorrelationId == _job.CorrelationId);
                    if (!aboutCurrentJob)
                    {
                        _runtime.Send(_dialect.ReportRejected(command.CorrelationId, command.Error));
                    }

                    break;
                case CommandKind.CloudError:
                    _log.Write("agent: the cloud reported an error: " + command.Error);
                    break;
                case CommandKind.VersionAcknowledged:
                    _log.Write("agent: the cloud acknowledged the version report");
                    break;
                default:
                    _log.Write("agent: ignored a message on " + message.Topic + ": " + command.Error);
                    break;
            }
        }

        private bool OutcomeUnsent()
        {
            return _record.HasOutcome && !_record.IsOutcomeSent;
        }

        private void FlushPendingReports()
        {
            if (!_runtime.IsAnnounced)
            {
                // connected but not yet subscribed and announced: the announcement reports (AnnounceAfterConnect)
                return;
            }

            if (OutcomeUnsent())
            {
                Dispatch(AgentEvent.OutcomeDue);
            }

            if (_record.IsOutcomeSent && _channel.UnacknowledgedCount == 0)
            {
                Dispatch(AgentEvent.OutcomeAcknowledged);
            }

            _runtime.Flush();
        }

        private void ReportProgress(bool force)
        {
            int percent = Percent();
            long now = _clock.UptimeMilliseconds;
            // A position that went back (a restart from byte 0, a new job) is reported at once: the cloud must see where
            // the download really is, not a percentage that only ever grows.
            bool wentBack = percent < _lastPercent;
            bool due = wentBack || (percent - _lastPercent >= _options.ProgressStepPercent && now - _lastProgressAt >= _options.ProgressIntervalMilliseconds);
            if (!force && !due)
            {
                return;
            }

            _lastPercent = percent;
            _lastProgressAt = now;
            OutgoingMessage message = _dialect.ReportProgress(_job, ProgressState.Downloading, percent, null);
            _latestProgress = message;
            _runtime.Send(message); // QoS 0: kept latest-only while disconnected, and sent again after a reconnect
        }

        private void Report(UpdateJob job, ProgressState state, int percent, UpdateResult result)
        {
            OutgoingMessage message = _dialect.ReportProgress(job, state, percent, result);
            _latestProgress = state == ProgressState.Done || state == ProgressState.Failed ? null : message;
            _runtime.Send(message);
        }

        private int Percent()
        {
            if (_job == null || _job.Size <= 0)
            {
                return 0;
            }

            return (int)((long)_pipeline.Offset * 100 / _job.Size);
        }

        private static string StateName(RecordState state)
        {
            switch (state)
            {
                case RecordState.Downloading:
                    return "Downloading";
                case RecordState.AwaitingConfirm:
                    return "AwaitingConfirm";
                case RecordState.Outcome:
                    return "Outcome";
                case RecordState.Staging:
                    return "Staging";
                default:
                    return "Idle";
            }
        }

        private sealed class Transition
        {
            public Transition(AgentState state, AgentEvent agentEvent, TransitionHandler handler)
            {
                State = state;
                Event = agentEvent;
                Handler = handler;
            }

            public AgentState State { get; private set; }

            public AgentEvent Event { get; private set; }

            public TransitionHandler Handler { get; private set; }
        }
    }
}
