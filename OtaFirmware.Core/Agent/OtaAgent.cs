// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using System.Threading;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.Update;

namespace OtaFirmware.Agent
{
    /// <summary>
    /// The OTA agent: one state machine that turns cloud commands (translated by an <see cref="ICloudDialect"/>)
    /// into downloads, activations and reports. It never touches transport or hardware types: commands arrive through
    /// <see cref="Enqueue"/>, reports leave through <see cref="IControlChannel"/>, bytes come from
    /// <see cref="IFirmwareSource"/> and go to <see cref="IFirmwareSlot"/>.
    /// </summary>
    /// <remarks>
    /// Threading: <see cref="Enqueue"/> and <see cref="OnConnected"/> may be called from any thread (the MQTT event
    /// thread); everything else runs on the agent's own thread in <see cref="Run"/> (or <see cref="Pump"/> in tests).
    /// The transition table below is the whole behaviour; an event without a row is logged and dropped.
    /// <code>
    /// state        event            handler                next state
    /// Idle         UpdateCommand    StartJob               Downloading | Idle
    /// Downloading  UpdateCommand    ContinueOrSupersede    Downloading | Idle
    /// Backoff      UpdateCommand    ContinueOrSupersede    Downloading | Idle
    /// AwaitingUrl  UpdateCommand    ContinueOrSupersede    Downloading | Idle
    /// Downloading  StepDue          DownloadStep           Downloading | Backoff | AwaitingUrl | Rebooting | Idle
    /// Backoff      TimerExpired     ResumeDownload         Downloading
    /// AwaitingUrl  TimerExpired     AskForUrlAgain         AwaitingUrl | Idle
    /// AwaitingUrl  NothingPending   GiveUpOnUrl            Idle
    /// Rebooting    ReportsAcknowledged RebootNow           (device restarts)
    /// Rebooting    TimerExpired     RebootNow              (device restarts; the broker never acknowledged)
    /// </code>
    /// </remarks>
    public sealed class OtaAgent : IMessageSink
    {
        private const int MaxQueuedMessages = 16;
        private const int MaxPendingReports = 8;
        private const int MaxUrlRequests = 3;
        private const int UrlWaitMilliseconds = 30000;
        private const int IdlePollMilliseconds = 1000;

        private static readonly Transition[] Transitions = new Transition[]
        {
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
        private static readonly string[] EventNames = new string[] { "UpdateCommand", "StepDue", "TimerExpired", "NothingPending", "ReportsAcknowledged" };

        private readonly ICloudDialect _dialect;
        private readonly IControlChannel _channel;
        private readonly IFirmwareSlot _slot;
        private readonly ResumeJournal _journal;
        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly IHealthCheck _healthCheck;
        private readonly AgentOptions _options;
        private readonly UpdatePipeline _pipeline;
        private readonly Random _jitter;
        private readonly ArrayList _queue = new ArrayList();
        private readonly ArrayList _pendingReports = new ArrayList();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);

        private AgentState _state = AgentState.Settling;
        private UpdateJob _job;
        private UpdateJob _eventJob;
        private OutgoingMessage _latestProgress;
        private bool _outcomePending;
        private bool _outcomeAwaitingAck;
        private UpdateJob _outcomeJob;
        private UpdateError _outcomeError;
        private string _outcomeDetail;
        private bool _connectPending;
        private bool _stopping;
        private long _timerDue;
        private int _networkFailures;
        private int _verificationFailures;
        private int _urlRequests;
        private int _lastPercent;
        private long _lastProgressAt;
        private int _reportsSent;

        /// <summary>Creates the agent and its pipeline (one chunk buffer of <see cref="AgentOptions.ChunkSize"/>, allocated here once).</summary>
        public OtaAgent(ICloudDialect dialect, IControlChannel channel, IFirmwareSlot slot, IFirmwareSource source, IFlashRegion journalRegion, IClock clock, ILog log, IHealthCheck healthCheck, AgentOptions options)
        {
            if (dialect == null || channel == null || slot == null || source == null || journalRegion == null || clock == null || log == null || healthCheck == null || options == null)
            {
                throw new ArgumentNullException();
            }

            _dialect = dialect;
            _channel = channel;
            _slot = slot;
            _clock = clock;
            _log = log;
            _healthCheck = healthCheck;
            _options = options;
            _journal = new ResumeJournal(journalRegion);
            _pipeline = new UpdatePipeline(slot, source, _journal, new byte[options.ChunkSize], options.ChunkSize, options.RequestWindow, options.ChipId, new Md5(), new Sha256());
            _jitter = new Random(JitterSeed(dialect, clock));
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

        /// <summary>Messages handed to the control channel so far.</summary>
        public int ReportsSent
        {
            get { return _reportsSent; }
        }

        /// <inheritdoc/>
        public void Deliver(string topic, byte[] payload, bool retained)
        {
            Enqueue(topic, payload);
        }

        /// <summary>Hands an incoming MQTT message to the agent. Thread-safe, returns at once; parsing happens on the agent's thread.</summary>
        public void Enqueue(string topic, byte[] payload)
        {
            if (topic == null || payload == null)
            {
                return;
            }

            lock (_queue)
            {
                if (_queue.Count >= MaxQueuedMessages)
                {
                    _queue.RemoveAt(0);
                }

                _queue.Add(new QueuedMessage(topic, payload));
            }

            _wake.Set();
        }

        /// <summary>Tells the agent the broker connection is (again) up and subscribed: it reports the version and re-sends the latest state.</summary>
        public void OnConnected()
        {
            _connectPending = true;
            _wake.Set();
        }

        /// <summary>Asks <see cref="Run"/> to return.</summary>
        public void Stop()
        {
            _stopping = true;
            _wake.Set();
        }

        /// <summary>Settles the boot, then processes commands and downloads until <see cref="Stop"/>. Run it on its own thread.</summary>
        public void Run()
        {
            Boot();
            while (!_stopping)
            {
                int sleep = Pump();
                if (sleep > 0 && !_stopping)
                {
                    _wake.WaitOne(sleep, false);
                }
            }
        }

        /// <summary>The first step of every run: loads the journal and settles a newly booted image (may reboot to roll back).</summary>
        /// <returns>What the settling found.</returns>
        public SettleResult Boot()
        {
            JournalStatus loaded = _journal.Load();
            if (loaded == JournalStatus.FlashError)
            {
                _log.Write("agent: the resume journal cannot be read; continuing without it");
            }

            SettleResult settled = new BootSettler(_slot, _journal, _healthCheck, _log).Settle();
            _outcomePending = _journal.Kind == JournalKind.Outcome;
            if (_outcomePending)
            {
                // Kept in RAM: a new job's first commit replaces the record before the report may have gone out.
                _outcomeJob = new UpdateJob(_journal.Version, _journal.Size, null, null, null, _journal.CorrelationId);
                _outcomeError = _journal.OutcomeError;
                _outcomeDetail = _journal.OutcomeDetail;
            }
            _state = AgentState.Idle;
            _log.Write("agent: running " + _slot.RunningVersion + " from slot " + _slot.RunningSlot.ToString() + "; journal " + KindName(_journal.Kind));
            return settled;
        }

        /// <summary>Does the work that is due now: queued messages, reports, at most one download chunk.</summary>
        /// <returns>Milliseconds the caller may wait before the next call (0: call again at once).</returns>
        public int Pump()
        {
            if (_state == AgentState.Settling)
            {
                throw new InvalidOperationException("call Boot first");
            }

            if (_connectPending && _channel.IsConnected)
            {
                _connectPending = false;
                AnnounceAfterConnect();
            }

            DrainQueue();
            FlushPendingReports();

            switch (_state)
            {
                case AgentState.Downloading:
                    Dispatch(AgentEvent.StepDue);
                    return 0;
                case AgentState.Rebooting:
                    if (_pendingReports.Count == 0 && !_outcomePending && _channel.UnacknowledgedCount == 0)
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
                if (row.State == _state && row.Event == agentEvent)
                {
                    AgentState next = row.Handler(this);
                    if (next != _state)
                    {
                        _log.Write("agent: " + StateNames[(int)_state] + " --" + EventNames[(int)agentEvent] + "--> " + StateNames[(int)next]);
                    }

                    _state = next;
                    return;
                }
            }

            _log.Write("agent: " + EventNames[(int)agentEvent] + " ignored in state " + StateNames[(int)_state]);
        }

        private static AgentState StartJob(OtaAgent agent)
        {
            UpdateJob job = agent._eventJob;
            if (job.Version == agent._slot.RunningVersion && agent._slot.RunningState != ImageState.PendingVerify)
            {
                agent._log.Write("agent: version " + job.Version + " is already running");
                agent.Report(job, ProgressState.Done, 100, null);
                return AgentState.Idle;
            }

            UpdateResult started = agent._pipeline.Start(job);
            if (!started.IsOk)
            {
                agent._log.Write("agent: refused " + job.Version + ": " + started.ToString());
                agent.Report(job, ProgressState.Failed, 0, started);
                return AgentState.Idle;
            }

            agent._job = job;
            agent._networkFailures = 0;
            agent._verificationFailures = 0;
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
            UpdateResult failure;
            StepStatus status = agent._pipeline.Step(out failure);
            if (status == StepStatus.InProgress)
            {
                agent._networkFailures = 0;
                agent.ReportProgress(false);
                return AgentState.Downloading;
            }

            if (status == StepStatus.Downloaded)
            {
                return agent.ActivateDownloaded();
            }

            return agent.HandleFailure(failure);
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

        private AgentState ActivateDownloaded()
        {
            Report(_job, ProgressState.Burning, 100, null);
            UpdateResult activated = _pipeline.Activate(_slot.RunningVersion);
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

        private AgentState HandleFailure(UpdateResult failure)
        {
            _log.Write("agent: step failed: " + failure.ToString());
            switch (failure.Error)
            {
                case UpdateError.SourceUnavailable:
                    _networkFailures++;
                    if (_networkFailures > _options.MaxNetworkRetries)
                    {
                        // The journal keeps the committed offset: the same job sent again resumes.
                        Report(_job, ProgressState.Failed, Percent(), UpdateResult.Fail(UpdateError.RetriesExhausted, failure.PlatformCode, failure.Detail + "; gave up after " + _options.MaxNetworkRetries.ToString() + " retries"));
                        EndJob(false);
                        return AgentState.Idle;
                    }

                    return StartBackoff(_networkFailures);

                case UpdateError.DigestMismatch:
                    _verificationFailures++;
                    if (_verificationFailures > _options.MaxVerificationRetries)
                    {
                        Report(_job, ProgressState.Failed, Percent(), failure);
                        EndJob(true);
                        return AgentState.Idle;
                    }

                    _log.Write("agent: downloading " + _job.Version + " again from scratch (verification failure " + _verificationFailures.ToString() + ")");
                    return StartBackoff(_verificationFailures);

                case UpdateError.Forbidden:
                    Report(_job, ProgressState.Failed, Percent(), failure);
                    return RequestFreshUrl(failure);

                default:
                    Report(_job, ProgressState.Failed, Percent(), failure);
                    EndJob(true);
                    return AgentState.Idle;
            }
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
            SendOrQueue(request);
            _timerDue = _clock.UptimeMilliseconds + UrlWaitMilliseconds;
            return AgentState.AwaitingUrl;
        }

        private AgentState StartBackoff(int attempt)
        {
            long delay = _options.RetryBaseMilliseconds;
            for (int i = 1; i < attempt && delay < _options.RetryMaxMilliseconds; i++)
            {
                delay *= 2;
            }

            if (delay > _options.RetryMaxMilliseconds)
            {
                delay = _options.RetryMaxMilliseconds;
            }

            // "Equal jitter": half fixed, half random, so a fleet does not retry in lockstep.
            long jittered = (delay / 2) + (long)(_jitter.NextDouble() * (delay / 2));
            _timerDue = _clock.UptimeMilliseconds + jittered;
            _log.Write("agent: retry " + attempt.ToString() + " in " + jittered.ToString() + " ms");
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
            while (true)
            {
                QueuedMessage message;
                lock (_queue)
                {
                    if (_queue.Count == 0)
                    {
                        return;
                    }

                    message = (QueuedMessage)_queue[0];
                    _queue.RemoveAt(0);
                }

                HandleMessage(message);
            }
        }

        private void HandleMessage(QueuedMessage message)
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
                        SendOrQueue(_dialect.ReportRejected(command.CorrelationId, command.Error));
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

        private void AnnounceAfterConnect()
        {
            // The outcome goes first so the cloud reads why before it sees which version runs.
            if (!TryReportOutcome())
            {
                SendOrQueue(_dialect.ReportVersion(_slot.RunningVersion));
            }

            if (_job == null && _journal.Kind == JournalKind.Downloading)
            {
                // An interrupted download: ask the cloud to send the job again (with a fresh URL); it resumes.
                _log.Write("agent: an interrupted download of " + _journal.Version + " is journaled; asking the cloud for the job");
                SendOrQueue(_dialect.RequestFirmware(_slot.RunningVersion));
            }

            if (_latestProgress != null)
            {
                Send(_latestProgress);
            }
        }

        private bool TryReportOutcome()
        {
            if (!_outcomePending || !_channel.IsConnected)
            {
                return false;
            }

            OutgoingMessage outcome = _outcomeError == UpdateError.Ok
                ? _dialect.ReportProgress(_outcomeJob, ProgressState.Done, 100, null)
                : _dialect.ReportProgress(_outcomeJob, ProgressState.Failed, 100, UpdateResult.Fail(_outcomeError, 0, _outcomeDetail));
            if (!Send(outcome))
            {
                return false;
            }

            _outcomePending = false;
            _outcomeAwaitingAck = true;
            _log.Write("agent: reported the outcome of " + _outcomeJob.Version + ": " + (_outcomeError == UpdateError.Ok ? "done" : _outcomeDetail));
            SendOrQueue(_dialect.ReportVersion(_slot.RunningVersion));
            return true;
        }

        /// <summary>Clears the outcome record once the broker acknowledged the report (a cut before that reports it again).</summary>
        private void ForgetOutcomeWhenAcknowledged()
        {
            if (!_outcomeAwaitingAck || _channel.UnacknowledgedCount != 0)
            {
                return;
            }

            _outcomeAwaitingAck = false;
            if (_journal.Kind == JournalKind.Outcome && _journal.WriteIdle() != JournalStatus.Ok)
            {
                _log.Write("agent: could not clear the journal after reporting");
            }
        }

        private void FlushPendingReports()
        {
            if (!_channel.IsConnected)
            {
                return;
            }

            TryReportOutcome();
            ForgetOutcomeWhenAcknowledged();

            while (_pendingReports.Count > 0)
            {
                if (!Send((OutgoingMessage)_pendingReports[0]))
                {
                    return;
                }

                _pendingReports.RemoveAt(0);
            }
        }

        private void ReportProgress(bool force)
        {
            int percent = Percent();
            long now = _clock.UptimeMilliseconds;
            bool due = percent - _lastPercent >= _options.ProgressStepPercent && now - _lastProgressAt >= _options.ProgressIntervalMilliseconds;
            if (!force && !due)
            {
                return;
            }

            _lastPercent = percent;
            _lastProgressAt = now;
            OutgoingMessage message = _dialect.ReportProgress(_job, ProgressState.Downloading, percent, null);
            _latestProgress = message;
            Send(message); // QoS 0: if it is lost, the latest one is sent again after a reconnect
        }

        private void Report(UpdateJob job, ProgressState state, int percent, UpdateResult result)
        {
            OutgoingMessage message = _dialect.ReportProgress(job, state, percent, result);
            _latestProgress = state == ProgressState.Done || state == ProgressState.Failed ? null : message;
            SendOrQueue(message);
        }

        private void SendOrQueue(OutgoingMessage message)
        {
            if (message == null || Send(message))
            {
                return;
            }

            if (_pendingReports.Count >= MaxPendingReports)
            {
                _pendingReports.RemoveAt(0);
            }

            _pendingReports.Add(message);
        }

        private bool Send(OutgoingMessage message)
        {
            if (message == null)
            {
                return true;
            }

            if (!_channel.IsConnected || !_channel.Publish(message.Topic, message.Payload, message.Qos))
            {
                return false;
            }

            _reportsSent++;
            return true;
        }

        private int Percent()
        {
            if (_job == null || _job.Size <= 0)
            {
                return 0;
            }

            return (int)((long)_pipeline.Offset * 100 / _job.Size);
        }

        /// <summary>
        /// Seeds the retry jitter from the device's identity (its topics name it) as well as the uptime: a fleet that
        /// boots together has near-equal uptimes, and equal seeds would retry in lockstep.
        /// </summary>
        private static int JitterSeed(ICloudDialect dialect, IClock clock)
        {
            uint hash = 2166136261;
            string[] topics = dialect.SubscriptionTopics;
            for (int t = 0; topics != null && t < topics.Length; t++)
            {
                string topic = topics[t];
                for (int i = 0; topic != null && i < topic.Length; i++)
                {
                    hash = (hash ^ topic[i]) * 16777619;
                }
            }

            return (int)(hash ^ (uint)clock.UptimeMilliseconds);
        }

        private static string KindName(JournalKind kind)
        {
            switch (kind)
            {
                case JournalKind.Downloading:
                    return "Downloading";
                case JournalKind.AwaitingConfirm:
                    return "AwaitingConfirm";
                case JournalKind.Outcome:
                    return "Outcome";
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

        private sealed class QueuedMessage
        {
            public QueuedMessage(string topic, byte[] payload)
            {
                Topic = topic;
                Payload = payload;
            }

            public string Topic { get; private set; }

            public byte[] Payload { get; private set; }
        }
    }
}
