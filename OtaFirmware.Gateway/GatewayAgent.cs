// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Connectivity;
using OtaFirmware.Flash;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Integrity;
using OtaFirmware.Update;

namespace OtaFirmware.Gateway
{
    /// <summary>
    /// The gateway's OTA agent for its sub-devices (Tencent IoT Hub gateway protocol): brings the configured
    /// sub-devices online through <see cref="TencentGatewaySession"/>, reports each accepted one's version (read over
    /// its link) and takes its update_firmware commands on <c>$ota/update/{subPid}/{subDn}</c>, parsed and answered by
    /// a <see cref="TencentDialect"/> per sub-device, so every report goes out under the sub-device's identity. A
    /// refused sub-device is logged, counted and skipped. An update command that arrives retained is ignored and the
    /// first one logged, by the board's rule (<see cref="AgentRuntime.IgnoresRetainedUpdate"/>).
    /// <para>
    /// Images are staged in the gateway's staging area: sub-devices waiting for the same image (version, MD5, SHA-256,
    /// size) share one <see cref="StagedImage"/> and one download. The download is the ordinary
    /// <see cref="UpdatePipeline"/> (Range requests, streaming digests, a saved record at every erase block) writing
    /// through a staging slot, driven by the same <see cref="DownloadDriver"/> policy as the board's own update (its
    /// retry budgets and its stall/minimum-rate watch, with the board's option names and defaults), with
    /// one <see cref="UpdateRecord"/> of the Staging kind per staged image (holding its address): the first
    /// <see cref="GatewayOptions.MaxStagedImages"/> × 2 erase blocks of the staging area hold the records, the rest the
    /// images. After a power cut the same job resumes from its last committed block. Staged and verified, the image is
    /// pushed to each waiting sub-device by <see cref="SubDeviceUpdater"/> (upload with resume, test boot, confirm),
    /// after the gateway's own version policy: an image older than the sub-device runs is refused unless
    /// <see cref="GatewayOptions.AllowDowngrade"/>, and the version already running is reported done without an upload;
    /// a link that stops answering is retried, the device's upload session making the retry continue where it was.
    /// A staged image no pending job needs is freed; an image larger than the staging area fails before any byte is fetched.
    /// </para>
    /// Threads: the transport only calls <see cref="Deliver"/> and <see cref="OnConnected"/>; everything else runs on
    /// the agent's thread in <see cref="Run"/> (or <see cref="Pump"/> in tests). Flashing one sub-device blocks that
    /// thread for the upload; sub-devices are flashed one at a time.
    /// </summary>
    /// <remarks>
    /// Two small tables are the whole behaviour; an event without a row is logged and dropped.
    /// Per staged image (one download runs at a time, the one chunk buffer being shared):
    /// <code>
    /// state        event         handler          next
    /// Waiting      Turn          StartStaging     Downloading | Free (its jobs failed)
    /// Downloading  StepDue       StageStep        Downloading | Backoff | AwaitingUrl | Ready | Free
    /// Backoff      TimerExpired  ResumeStaging    Downloading
    /// AwaitingUrl  FreshUrl      ResumeStaging    Downloading
    /// AwaitingUrl  TimerExpired  AskForUrlAgain   AwaitingUrl | Free
    /// </code>
    /// Per sub-device job:
    /// <code>
    /// state            event         handler       next
    /// Idle             Ordered       TakeJob       WaitingForSpace | Holding | Idle (too large)
    /// WaitingForSpace  Ordered       TakeJob       WaitingForSpace | Holding | Idle (a newer image supersedes)
    /// Holding          Ordered       TakeJob       Holding (same image: new URL) | WaitingForSpace | Idle
    /// WaitingForSpace  RetryReserve  Reserve       WaitingForSpace | Holding | Idle
    /// Holding          ImageReady    FlashDevice   Idle (done or failed, reported)
    /// Holding          ImageFailed   FailHolder    Idle (failed, reported)
    /// </code>
    /// </remarks>
    public sealed class GatewayAgent : IMessageSink
    {
        private const int MaxQueuedMessages = 32;
        private const int MaxPendingReports = 16;
        private const int IdlePollMilliseconds = 1000;
        private const int RecordBlocks = 2;
        private const int MaxUrlRequests = 3;
        private const int UrlWaitMilliseconds = 30000;

        private static readonly StagingRow[] StagingTable = new StagingRow[]
        {
            new StagingRow(StagingState.Waiting, StagingEvent.Turn, StartStaging),
            new StagingRow(StagingState.Downloading, StagingEvent.StepDue, StageStep),
            new StagingRow(StagingState.Backoff, StagingEvent.TimerExpired, ResumeStaging),
            new StagingRow(StagingState.AwaitingUrl, StagingEvent.FreshUrl, ResumeStaging),
            new StagingRow(StagingState.AwaitingUrl, StagingEvent.TimerExpired, AskForUrlAgain),
        };

        private static readonly SubDeviceRow[] SubDeviceTable = new SubDeviceRow[]
        {
            new SubDeviceRow(SubDeviceJobState.Idle, SubDeviceEvent.Ordered, TakeJob),
            new SubDeviceRow(SubDeviceJobState.WaitingForSpace, SubDeviceEvent.Ordered, TakeJob),
            new SubDeviceRow(SubDeviceJobState.Holding, SubDeviceEvent.Ordered, TakeJob),
            new SubDeviceRow(SubDeviceJobState.WaitingForSpace, SubDeviceEvent.RetryReserve, Reserve),
            new SubDeviceRow(SubDeviceJobState.Holding, SubDeviceEvent.ImageReady, FlashDevice),
            new SubDeviceRow(SubDeviceJobState.Holding, SubDeviceEvent.ImageFailed, FailHolder),
        };

        private static readonly string[] StagingStateNames = new string[] { "Free", "Waiting", "Downloading", "Backoff", "AwaitingUrl", "Ready" };
        private static readonly string[] StagingEventNames = new string[] { "Turn", "StepDue", "TimerExpired", "FreshUrl" };
        private static readonly string[] JobStateNames = new string[] { "Idle", "WaitingForSpace", "Holding" };
        private static readonly string[] SubDeviceEventNames = new string[] { "Ordered", "RetryReserve", "ImageReady", "ImageFailed" };

        private readonly IGatewayChannel _channel;
        private readonly IFirmwareSource _source;
        private readonly IClock _clock;
        private readonly ILog _log;
        private readonly IStreamingHash _md5;
        private readonly IStreamingHash _sha256;
        private readonly GatewayOptions _options;
        private readonly TencentGatewaySession _session;
        private readonly IFlashRegion _imageRegion;
        private readonly StagedImageStore _store;
        private readonly StagingEntry[] _entries;
        private readonly SubDeviceState[] _devices;
        private readonly AgentRuntime _runtime;
        private readonly ReconnectBackoff _backoff;
        private readonly byte[] _buffer;
        private readonly byte[] _digest = new byte[32];

        private StagingEntry _active;
        private DownloadDriver _driver;
        private int _downloadPercent;
        private long _fetchedBefore;
        private UpdateJob _eventJob;
        private UpdateResult _eventFailure;
        private bool _booted;

        /// <summary>Creates the agent; call <see cref="Boot"/> (or <see cref="Run"/>) before <see cref="Pump"/>.</summary>
        /// <param name="productId">The gateway's product id.</param>
        /// <param name="deviceName">The gateway's device name.</param>
        /// <param name="channel">The gateway's MQTT connection.</param>
        /// <param name="source">HTTPS source for the images.</param>
        /// <param name="stagingRegion">The staging area (records first, then images).</param>
        /// <param name="subDevices">The sub-devices behind this gateway.</param>
        /// <param name="dialectOptions">Limits for the Tencent dialects (image size, plain HTTP on loopback).</param>
        /// <param name="clock">Clock for retry delays.</param>
        /// <param name="log">Log.</param>
        /// <param name="md5">MD5 for the downloads (Tencent sends MD5).</param>
        /// <param name="sha256">SHA-256: a job's SHA-256, and the staged file's hash the sub-devices check.</param>
        /// <param name="options">Tuning, or null for the defaults.</param>
        public GatewayAgent(string productId, string deviceName, IGatewayChannel channel, IFirmwareSource source, IFlashRegion stagingRegion, GatewaySubDevice[] subDevices, DialectOptions dialectOptions, IClock clock, ILog log, IStreamingHash md5, IStreamingHash sha256, GatewayOptions options)
        {
            if (channel == null || source == null || stagingRegion == null || subDevices == null || clock == null || log == null || md5 == null || sha256 == null)
            {
                throw new ArgumentNullException();
            }

            _options = options != null ? options : new GatewayOptions();
            if (_options.MaxNetworkRetries < 0 || _options.MaxVerificationRetries < 0 || !DownloadDriver.IsValidWatch(_options.StallMilliseconds, _options.MinimumBytesPerSecond, _options.RateWindowMilliseconds))
            {
                throw new ArgumentOutOfRangeException("options", "negative retry budget or unusable stall/rate watch");
            }

            int recordBytes = _options.MaxStagedImages * RecordBlocks * stagingRegion.EraseBlockSize;
            if (_options.MaxStagedImages < 1 || recordBytes >= stagingRegion.Size)
            {
                throw new ArgumentOutOfRangeException("stagingRegion", "no room for the records and an image");
            }

            _session = new TencentGatewaySession(productId, deviceName);
            _channel = channel;
            _source = source;
            _clock = clock;
            _log = log;
            _md5 = md5;
            _sha256 = sha256;
            _buffer = new byte[_options.ChunkSize];
            _runtime = new AgentRuntime(channel, MaxQueuedMessages, MaxPendingReports);
            _backoff = new ReconnectBackoff(_options.RetryDelayMilliseconds, _options.RetryMaxMilliseconds, ReconnectBackoff.Seed(productId + "/" + deviceName, clock.UptimeMilliseconds));
            _entries = new StagingEntry[_options.MaxStagedImages];
            int recordSize = RecordBlocks * stagingRegion.EraseBlockSize;
            for (int i = 0; i < _entries.Length; i++)
            {
                _entries[i] = new StagingEntry(i, new UpdateRecord(new ResumeJournal(new FlashWindow(stagingRegion, i * recordSize, recordSize))));
            }

            _imageRegion = new FlashWindow(stagingRegion, recordBytes, stagingRegion.Size - recordBytes);
            _store = new StagedImageStore(_imageRegion, _options.MaxStagedImages);
            _devices = new SubDeviceState[subDevices.Length];
            for (int i = 0; i < subDevices.Length; i++)
            {
                SubDeviceId id = subDevices[i].Id;
                _devices[i] = new SubDeviceState(subDevices[i], new TencentDialect(id.ProductId, id.DeviceName, dialectOptions), new SubDeviceUpdater(subDevices[i].Link, _options.LinkStalls, new McubootImageCheck(_options.ImageCheckHash ?? new Sha256(), subDevices[i].ImageVerifier)));
            }
        }

        private delegate StagingState StagingHandler(GatewayAgent agent, StagingEntry entry);

        private delegate SubDeviceJobState SubDeviceHandler(GatewayAgent agent, SubDeviceState device);

        /// <summary>Downloads started (a fresh or resumed staging of an image; sharing sub-devices count once).</summary>
        public int DownloadsStarted { get; private set; }

        /// <summary>Image bytes received from the source since boot.</summary>
        public long BytesFetched { get; private set; }

        /// <summary>Where the last download resumed (0 when it started fresh).</summary>
        public int LastResumedFrom { get; private set; }

        /// <summary>Sub-devices updated and confirmed since boot.</summary>
        public int SubDevicesUpdated { get; private set; }

        /// <summary>Sub-device jobs that failed since boot (reported as fail).</summary>
        public int SubDeviceFailures { get; private set; }

        /// <summary>Sub-devices the cloud refused to bring online.</summary>
        public int RefusedCount { get; private set; }

        /// <summary>Images staged now (shared ones count once).</summary>
        public int StagedImageCount
        {
            get { return _store.ImageCount; }
        }

        /// <summary>Sub-device jobs not finished yet.</summary>
        public int PendingJobs
        {
            get
            {
                int n = 0;
                for (int i = 0; i < _devices.Length; i++)
                {
                    if (_devices[i].Job != null)
                    {
                        n++;
                    }
                }

                return n;
            }
        }

        /// <summary>True when the cloud accepted <paramref name="id"/> online on this connection.</summary>
        public bool IsOnline(SubDeviceId id)
        {
            return _session.IsOnline(id);
        }

        /// <inheritdoc/>
        public void Deliver(string topic, byte[] payload, bool retained)
        {
            _runtime.Deliver(topic, payload, retained);
        }

        /// <summary>Queues an incoming (not retained) message (any thread; the transport's callback).</summary>
        public void Enqueue(string topic, byte[] payload)
        {
            _runtime.Deliver(topic, payload, false);
        }

        /// <summary>Tells the agent the connection is (re)established (any thread): sub-devices go online again.</summary>
        public void OnConnected()
        {
            _runtime.RequestConnect();
        }

        /// <summary>Makes <see cref="Run"/> return (any thread).</summary>
        public void Stop()
        {
            _runtime.Stop();
        }

        /// <summary>Loads the staging records (a download interrupted by a power cut resumes when its job comes back).</summary>
        /// <returns>Number of records holding an interrupted staging.</returns>
        public int Boot()
        {
            int interrupted = 0;
            for (int i = 0; i < _entries.Length; i++)
            {
                UpdateRecord record = _entries[i].Record;
                record.Load();
                if (record.State == RecordState.Staging)
                {
                    interrupted++;
                    _log.Write("gateway: staging record " + i.ToString() + " holds version " + record.Version + " at " + record.Address.ToString() + " up to byte " + record.CommittedOffset.ToString());
                }
            }

            _booted = true;
            return interrupted;
        }

        /// <summary>Boots and pumps until <see cref="Stop"/>. Blocks; run it on the gateway's own thread.</summary>
        public void Run()
        {
            Boot();
            _runtime.Run(Pump);
        }

        /// <summary>Does the next piece of work: the connect announcement, queued messages, one download step, or one
        /// whole sub-device flash.</summary>
        /// <returns>Milliseconds until more work is due (0: call again at once).</returns>
        public int Pump()
        {
            if (!_booted)
            {
                throw new InvalidOperationException("call Boot first");
            }

            if (_runtime.TakeConnect())
            {
                Announce();
            }

            _runtime.Flush();
            DrainQueue();
            for (int i = 0; i < _devices.Length; i++)
            {
                if (_devices[i].JobState == SubDeviceJobState.WaitingForSpace)
                {
                    Dispatch(_devices[i], SubDeviceEvent.RetryReserve);
                }
            }

            if (_active != null)
            {
                return PumpActive();
            }

            StagingEntry next = NextToStage();
            if (next != null)
            {
                Dispatch(next, StagingEvent.Turn);
                return 0;
            }

            for (int i = 0; i < _devices.Length; i++)
            {
                SubDeviceState device = _devices[i];
                if (device.JobState == SubDeviceJobState.Holding && device.Stage != null && device.Stage.IsReady)
                {
                    Dispatch(device, SubDeviceEvent.ImageReady);
                    return 0;
                }
            }

            return IdlePollMilliseconds;
        }

        private int PumpActive()
        {
            StagingEntry entry = _active;
            if (entry.State == StagingState.Downloading)
            {
                Dispatch(entry, StagingEvent.StepDue);
                return 0;
            }

            long left = entry.TimerDue - _clock.UptimeMilliseconds;
            if (left <= 0)
            {
                Dispatch(entry, StagingEvent.TimerExpired);
                return 0;
            }

            return left > IdlePollMilliseconds ? IdlePollMilliseconds : (int)left;
        }

        private void Dispatch(StagingEntry entry, StagingEvent stagingEvent)
        {
            for (int i = 0; i < StagingTable.Length; i++)
            {
                StagingRow row = StagingTable[i];
                if (row.State == entry.State && row.Event == stagingEvent)
                {
                    StagingState before = entry.State;
                    StagingState next = row.Handler(this, entry);
                    if (next != before)
                    {
                        _log.Write("gateway: staging " + entry.Index.ToString() + " " + StagingStateNames[(int)before] + " --" + StagingEventNames[(int)stagingEvent] + "--> " + StagingStateNames[(int)next]);
                    }

                    entry.State = next;
                    return;
                }
            }

            _log.Write("gateway: staging " + entry.Index.ToString() + ": " + StagingEventNames[(int)stagingEvent] + " ignored in state " + StagingStateNames[(int)entry.State]);
        }

        private void Dispatch(SubDeviceState device, SubDeviceEvent deviceEvent)
        {
            for (int i = 0; i < SubDeviceTable.Length; i++)
            {
                SubDeviceRow row = SubDeviceTable[i];
                if (row.State == device.JobState && row.Event == deviceEvent)
                {
                    SubDeviceJobState before = device.JobState;
                    SubDeviceJobState next = row.Handler(this, device);
                    if (next != before && deviceEvent != SubDeviceEvent.RetryReserve)
                    {
                        _log.Write("sub-device " + device.Key + ": " + JobStateNames[(int)before] + " --" + SubDeviceEventNames[(int)deviceEvent] + "--> " + JobStateNames[(int)next]);
                    }

                    device.JobState = next;
                    return;
                }
            }

            _log.Write("sub-device " + device.Key + ": " + SubDeviceEventNames[(int)deviceEvent] + " ignored in state " + JobStateNames[(int)device.JobState]);
        }

        private void Announce()
        {
            _session.MarkAllOffline();
            SubDeviceId[] ids = new SubDeviceId[_devices.Length];
            for (int i = 0; i < _devices.Length; i++)
            {
                _devices[i].Online = false;
                ids[i] = _devices[i].Device.Id;
            }

            _channel.Subscribe(_session.OperationResultTopic);
            _log.Write("gateway: connected; asking the cloud to bring " + ids.Length.ToString() + " sub-devices online");

            // Published ahead of the kept reports: the cloud drops a sub-device's report until it is online.
            _runtime.Publish(new OutgoingMessage(_session.OperationTopic, Encoding.UTF8.GetBytes(_session.BuildOnlineRequest(ids)), 1));
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
            string topic = message.Topic;
            byte[] payload = message.Payload;
            if (topic == _session.OperationResultTopic)
            {
                HandleOperationResult(Encoding.UTF8.GetString(payload, 0, payload.Length));
                return;
            }

            SubDeviceId id = TencentGatewayTopics.ParseOtaUpdate(topic);
            SubDeviceState device = id != null ? Find(id) : null;
            if (device == null || !device.Online)
            {
                _log.Write("gateway: ignored a message on " + topic + " (not an online sub-device of this gateway)");
                return;
            }

            CloudCommand command = device.Dialect.Parse(topic, payload, payload.Length);
            if (_runtime.IgnoresRetainedUpdate(message, command.Kind, _log, "gateway"))
            {
                return;
            }

            if (command.Kind == CommandKind.Update)
            {
                _eventJob = command.Job;
                Dispatch(device, SubDeviceEvent.Ordered);
                _eventJob = null;
            }
            else if (command.Kind == CommandKind.Rejected)
            {
                _log.Write("sub-device " + device.Key + ": rejected an update command: " + command.Error);
                _runtime.Send(device.Dialect.ReportRejected(command.CorrelationId, command.Error));
            }
        }

        private void HandleOperationResult(string json)
        {
            SubDeviceOperationResult[] results;
            GatewayMessageStatus status = _session.ApplyResult(json, out results);
            if (status != GatewayMessageStatus.Ok)
            {
                _log.Write("gateway: unusable operation result (status " + ((int)status).ToString() + ")");
                return;
            }

            for (int i = 0; i < results.Length; i++)
            {
                SubDeviceState device = Find(results[i].Device);
                if (device == null)
                {
                    continue;
                }

                if (!results[i].Accepted)
                {
                    if (!device.Refused)
                    {
                        RefusedCount++;
                    }

                    device.Refused = true;
                    _log.Write("sub-device " + device.Key + " REFUSED by the cloud (result " + results[i].ResultCode.ToString() + "): skipped");
                    continue;
                }

                bool online = _session.IsOnline(device.Device.Id);
                if (online && !device.Online)
                {
                    device.Online = true;
                    device.Refused = false;
                    _channel.Subscribe(TencentGatewayTopics.OtaUpdate(device.Device.Id));
                    ReportVersion(device);
                }
                else if (!online)
                {
                    device.Online = false;
                }
            }
        }

        private void ReportVersion(SubDeviceState device)
        {
            string version;
            SubDeviceLinkResult result = device.Updater.ReadRunningVersion(out version);
            if (!result.IsOk)
            {
                _log.Write("sub-device " + device.Key + ": online, but its version could not be read: " + result.ToString());
                return;
            }

            device.Version = version;
            _log.Write("sub-device " + device.Key + ": online, running " + version);
            _runtime.Send(device.Dialect.ReportVersion(version));
        }

        private static SubDeviceJobState TakeJob(GatewayAgent agent, SubDeviceState device)
        {
            UpdateJob job = agent._eventJob;
            if (device.Job != null && device.Job.IsSameImage(job))
            {
                device.Job.Url = job.Url; // a fresh URL for the same image
                StagingEntry entry = device.Stage != null ? agent.EntryOf(device.Stage) : null;
                if (device.Stage != null && !device.Stage.IsReady)
                {
                    device.Stage.Descriptor.Url = job.Url;
                    if (entry != null && entry.State == StagingState.AwaitingUrl)
                    {
                        agent.Dispatch(entry, StagingEvent.FreshUrl);
                    }
                }

                return device.JobState;
            }

            if (device.Job != null)
            {
                agent._log.Write("sub-device " + device.Key + ": job for " + device.Job.Version + " superseded by " + job.Version);
                agent.EndJob(device);
            }

            agent._log.Write("sub-device " + device.Key + ": update to " + job.Version + " (" + job.Size.ToString() + " bytes) ordered");
            device.Job = job;
            device.Stage = null;
            device.LastPercent = -1;
            return Reserve(agent, device);
        }

        private static SubDeviceJobState Reserve(GatewayAgent agent, SubDeviceState device)
        {
            UpdateJob job = device.Job;
            StagedImage staged = agent.RestoreFromRecord(device.Key, job);
            StagingStatus status = StagingStatus.Ok;
            if (staged == null)
            {
                status = agent._store.Reserve(device.Key, job, out staged);
            }

            if (status == StagingStatus.TooSmall)
            {
                agent.FailJob(device, UpdateResult.Fail(UpdateError.TooLarge, job.Size, "image of " + job.Size.ToString() + " bytes does not fit the gateway's " + agent._imageRegion.Size.ToString() + "-byte staging area"));
                return SubDeviceJobState.Idle;
            }

            if (status != StagingStatus.Ok)
            {
                return SubDeviceJobState.WaitingForSpace; // NoSpace or TableFull: until another job releases its image
            }

            if (agent.EntryOf(staged) == null)
            {
                StagingEntry entry = agent.FreeEntry();
                entry.Image = staged;
                entry.State = StagingState.Waiting;
                entry.UrlRequests = 0;
            }

            device.Stage = staged;
            if (staged.HolderCount > 1)
            {
                agent._log.Write("sub-device " + device.Key + ": shares the staged image of " + job.Version + " (" + staged.HolderCount.ToString() + " sub-devices, one download)");
            }

            return SubDeviceJobState.Holding;
        }

        private static SubDeviceJobState FailHolder(GatewayAgent agent, SubDeviceState device)
        {
            agent.FailJob(device, agent._eventFailure);
            return SubDeviceJobState.Idle;
        }

        // A staging interrupted before a reboot: re-create the staged image where its record says it was.
        private StagedImage RestoreFromRecord(string key, UpdateJob job)
        {
            for (int i = 0; i < _entries.Length; i++)
            {
                StagingEntry entry = _entries[i];
                UpdateRecord record = entry.Record;
                if (entry.Image != null || record.State != RecordState.Staging || !record.IsAbout(job))
                {
                    continue;
                }

                StagedImage staged;
                if (_store.Restore(key, job, record.Address, record.CommittedOffset, out staged) != StagingStatus.Ok)
                {
                    record.Abandon();
                    return null;
                }

                entry.Image = staged;
                entry.State = staged.CommittedLength == job.Size && staged.IsReady ? StagingState.Ready : StagingState.Waiting;
                entry.UrlRequests = 0;
                return staged;
            }

            return null;
        }

        private StagingEntry EntryOf(StagedImage staged)
        {
            for (int i = 0; i < _entries.Length; i++)
            {
                if (_entries[i].Image == staged)
                {
                    return _entries[i];
                }
            }

            return null;
        }

        private StagingEntry FreeEntry()
        {
            StagingEntry stale = null;
            for (int i = 0; i < _entries.Length; i++)
            {
                if (_entries[i].Image == null)
                {
                    if (_entries[i].Record.State == RecordState.Idle)
                    {
                        return _entries[i];
                    }

                    if (stale == null)
                    {
                        stale = _entries[i]; // a record of an image nobody asked for again; its staging replaces it
                    }
                }
            }

            return stale; // the store holds at most as many images as there are records, so one is unowned
        }

        private StagingEntry NextToStage()
        {
            for (int i = 0; i < _devices.Length; i++)
            {
                StagedImage staged = _devices[i].Stage;
                StagingEntry entry = staged != null && staged.IsLive ? EntryOf(staged) : null;
                if (entry != null && entry.State == StagingState.Waiting)
                {
                    return entry;
                }
            }

            return null;
        }

        private static StagingState StartStaging(GatewayAgent agent, StagingEntry entry)
        {
            StagedImage staged = entry.Image;
            UpdateJob image = staged.Descriptor;
            RecordStatus begun = entry.Record.BeginStaging(image, staged.Address);
            if (begun != RecordStatus.Ok)
            {
                agent.FailImage(entry, UpdateResult.Fail(begun == RecordStatus.TooLong ? UpdateError.InvalidJob : UpdateError.FlashError, (int)begun, "could not begin the staging record"));
                return StagingState.Free;
            }

            StagingSlot slot = new StagingSlot(staged, agent._imageRegion.EraseBlockSize, agent._imageRegion.WriteAlignment);
            UpdatePipeline pipeline = new UpdatePipeline(slot, agent._source, entry.Record, agent._buffer, agent._options.ChunkSize, agent._options.RequestWindow, UpdatePipeline.AnyImage, agent._md5, agent._sha256);
            GatewayOptions options = agent._options;
            DownloadDriver driver = new DownloadDriver(pipeline, agent._backoff, options.MaxNetworkRetries, options.MaxVerificationRetries, agent._clock, options.StallMilliseconds, options.MinimumBytesPerSecond, options.RateWindowMilliseconds);
            UpdateResult start = driver.Start(image);
            if (!start.IsOk)
            {
                agent.FailImage(entry, start);
                return StagingState.Free;
            }

            agent._active = entry;
            agent._driver = driver;
            agent._downloadPercent = -1;
            agent._fetchedBefore = 0;
            agent.DownloadsStarted++;
            agent.LastResumedFrom = pipeline.ResumedFrom;
            agent._log.Write("gateway: staging " + image.Version + " (" + image.Size.ToString() + " bytes) for " + staged.HolderCount.ToString() + " sub-device(s)"
                + (pipeline.ResumedFrom > 0 ? ", resuming at byte " + pipeline.ResumedFrom.ToString() : string.Empty));
            return StagingState.Downloading;
        }

        private static StagingState StageStep(GatewayAgent agent, StagingEntry entry)
        {
            StagedImage staged = entry.Image;
            UpdatePipeline pipeline = agent._driver.Pipeline;
            DownloadVerdict verdict = agent._driver.Step();
            agent.BytesFetched += pipeline.BytesFetched - agent._fetchedBefore;
            agent._fetchedBefore = pipeline.BytesFetched;
            UpdateResult failure = agent._driver.Failure;
            switch (verdict)
            {
                case DownloadVerdict.InProgress:
                    int percent = (int)((long)pipeline.Offset * 100 / staged.Descriptor.Size);
                    if (percent / 10 != agent._downloadPercent / 10)
                    {
                        agent._downloadPercent = percent;
                        agent.ReportHolders(staged, ProgressState.Downloading, percent, null);
                    }

                    return StagingState.Downloading;

                case DownloadVerdict.Downloaded:
                    return agent.FinishStaging(entry);

                case DownloadVerdict.RetryLater:
                    entry.TimerDue = agent._clock.UptimeMilliseconds + agent._driver.RetryDelayMilliseconds;
                    agent._log.Write("gateway: staging " + staged.Descriptor.Version + " failed (" + failure.Detail + "); retrying in " + agent._driver.RetryDelayMilliseconds.ToString() + " ms at byte " + pipeline.Offset.ToString());
                    return StagingState.Backoff;

                case DownloadVerdict.NeedFreshUrl:
                    entry.UrlRequests = 0;
                    return agent.AskForUrl(entry, failure);

                default:
                    agent._log.Write("gateway: staging " + staged.Descriptor.Version + " failed: " + failure.Detail);
                    agent.FailImage(entry, failure);
                    return StagingState.Free;
            }
        }

        private static StagingState ResumeStaging(GatewayAgent agent, StagingEntry entry)
        {
            return StagingState.Downloading;
        }

        private static StagingState AskForUrlAgain(GatewayAgent agent, StagingEntry entry)
        {
            return agent.AskForUrl(entry, UpdateResult.Fail(UpdateError.Forbidden, 0, "no fresh URL arrived"));
        }

        // The board's policy for a refused URL: each holder's dialect asks the cloud to send the job again.
        private StagingState AskForUrl(StagingEntry entry, UpdateResult failure)
        {
            if (entry.UrlRequests >= MaxUrlRequests)
            {
                FailImage(entry, failure);
                return StagingState.Free;
            }

            entry.UrlRequests++;
            _log.Write("gateway: staging " + entry.Image.Descriptor.Version + ": " + failure.Detail + "; asking the cloud for a fresh URL (" + entry.UrlRequests.ToString() + "/" + MaxUrlRequests.ToString() + ")");
            for (int i = 0; i < _devices.Length; i++)
            {
                SubDeviceState device = _devices[i];
                if (device.Stage == entry.Image && device.Job != null)
                {
                    _runtime.Send(device.Dialect.RequestFirmware(device.Version));
                }
            }

            entry.TimerDue = _clock.UptimeMilliseconds + UrlWaitMilliseconds;
            return StagingState.AwaitingUrl;
        }

        private StagingState FinishStaging(StagingEntry entry)
        {
            StagedImage staged = entry.Image;
            _active = null;
            _driver = null;
            staged.Commit(staged.Descriptor.Size);
            byte[] sha = staged.Descriptor.Sha256;
            if (sha == null && !HashStaged(staged, out sha))
            {
                FailImage(entry, UpdateResult.Fail(UpdateError.FlashError, 0, "could not read the staged image back"));
                return StagingState.Free;
            }

            staged.MarkVerified(sha);
            _log.Write("gateway: " + staged.Descriptor.Version + " staged and verified; flashing " + staged.HolderCount.ToString() + " sub-device(s)");
            ReportHolders(staged, ProgressState.Downloading, 100, null);
            return StagingState.Ready;
        }

        // The sub-devices check the SHA-256 of the file; Tencent sends only MD5, so hash what is staged.
        private bool HashStaged(StagedImage staged, out byte[] sha)
        {
            sha = null;
            _sha256.Reset();
            int size = staged.Descriptor.Size;
            for (int offset = 0; offset < size; offset += _buffer.Length)
            {
                int count = size - offset < _buffer.Length ? size - offset : _buffer.Length;
                if (!_imageRegion.Read(staged.Address + offset, _buffer, 0, count).IsOk)
                {
                    return false;
                }

                _sha256.Append(_buffer, 0, count);
            }

            _sha256.Finish(_digest, 0);
            sha = new byte[_sha256.DigestSize];
            Array.Copy(_digest, 0, sha, 0, sha.Length);
            return true;
        }

        private static SubDeviceJobState FlashDevice(GatewayAgent agent, SubDeviceState device)
        {
            agent.Flash(device);
            return SubDeviceJobState.Idle;
        }

        private void Flash(SubDeviceState device)
        {
            UpdateJob job = device.Job;
            StagedImage staged = device.Stage;
            if (SettledBeforeUpload(device, job, staged))
            {
                return;
            }

            SubDeviceLinkResult check = device.Updater.CheckImage(staged);
            if (!check.IsOk)
            {
                FailJob(device, UpdateResult.Fail(UploadError(check), (int)check.Status, "image refused before upload: " + check.Detail));
                return;
            }

            _runtime.Send(device.Dialect.ReportProgress(job, ProgressState.Burning, 100, null));
            _log.Write("sub-device " + device.Key + ": flashing " + job.Version + " over its link");
            SubDeviceLinkResult result = SubDeviceLinkResult.Success;
            for (int attempt = 1; attempt <= _options.FlashAttempts; attempt++)
            {
                result = device.Updater.Upload(staged);
                if (result.IsOk || result.Status != SubDeviceLinkStatus.NoResponse)
                {
                    break;
                }

                _log.Write("sub-device " + device.Key + ": link lost during upload (attempt " + attempt.ToString() + "); the device keeps its upload session");
            }

            if (!result.IsOk)
            {
                FailJob(device, UpdateResult.Fail(UploadError(result), (int)result.Status, "upload to the sub-device failed: " + result.ToString()));
                return;
            }

            string running;
            result = device.Updater.Activate(out running);
            if (!result.IsOk)
            {
                FailJob(device, UpdateResult.Fail(result.Status == SubDeviceLinkStatus.WrongImageRunning ? UpdateError.BootAborted : (result.Status == SubDeviceLinkStatus.ImageRejected ? UpdateError.DigestMismatch : UpdateError.ActivationFailed), (int)result.Status, "sub-device did not boot the new image: " + result.ToString()));
                return;
            }

            if (!McubootVersion.Same(running, job.Version))
            {
                device.Device.Link.Reset(); // unconfirmed: the bootloader goes back to the previous image
                FailJob(device, UpdateResult.Fail(UpdateError.VersionMismatch, 0, "sub-device runs '" + running + "', the job says '" + job.Version + "'"));
                return;
            }

            result = device.Device.Link.ConfirmRunning();
            if (!result.IsOk)
            {
                FailJob(device, UpdateResult.Fail(UpdateError.ActivationFailed, (int)result.Status, "could not confirm the new image: " + result.ToString()));
                return;
            }

            device.Version = running;
            SubDevicesUpdated++;
            _log.Write("sub-device " + device.Key + ": now runs " + running + " (confirmed)");
            _runtime.Send(device.Dialect.ReportProgress(job, ProgressState.Done, 100, null));
            _runtime.Send(device.Dialect.ReportVersion(running));
            EndJob(device);
        }

        // The gateway's own version policy, before anything is sent: the staged image's MCUboot header version against
        // the one the sub-device runs, ordered as MCUboot and Zephyr order them (build number ignored, McubootVersion).
        // The version already running and confirmed is reported done with a version report, as the board does; an older
        // image is refused unless AllowDowngrade. True when the job ended here.
        private bool SettledBeforeUpload(SubDeviceState device, UpdateJob job, StagedImage staged)
        {
            string imageVersion = device.Updater.ReadImageVersion(staged);
            if (imageVersion == null)
            {
                return false; // no usable header: Upload's MCUboot check refuses it and says why
            }

            SubDeviceImageInfo active;
            SubDeviceLinkResult read = device.Updater.ReadRunning(out active);
            if (read.IsOk && active.Confirmed && McubootVersion.Same(imageVersion, active.Version) && McubootVersion.Same(job.Version, active.Version))
            {
                device.Version = active.Version;
                _log.Write("sub-device " + device.Key + ": version " + active.Version + " is already running");
                _runtime.Send(device.Dialect.ReportProgress(job, ProgressState.Done, 100, null));
                _runtime.Send(device.Dialect.ReportVersion(active.Version)); // clouds complete a job by the version
                EndJob(device);
                return true;
            }

            if (_options.AllowDowngrade)
            {
                return false;
            }

            if (!read.IsOk)
            {
                FailJob(device, UpdateResult.Fail(UploadError(read), (int)read.Status, "the sub-device's running version could not be read (" + read.ToString() + "); downgrades are not allowed, so nothing was uploaded"));
                return true;
            }

            McubootVersion image;
            McubootVersion running;
            if (!McubootVersion.TryParse(active.Version, out running) || !McubootVersion.TryParse(imageVersion, out image))
            {
                FailJob(device, UpdateResult.Fail(UpdateError.DowngradeRefused, 0, "image version " + imageVersion + " cannot be ordered against the running '" + active.Version + "'; downgrades are not allowed on this gateway"));
                return true;
            }

            if (McubootVersion.Compare(image, running) < 0)
            {
                FailJob(device, UpdateResult.Fail(UpdateError.DowngradeRefused, 0, "image version " + imageVersion + " is older than the running " + active.Version + "; downgrades are not allowed on this gateway"));
                return true;
            }

            return false;
        }

        private void ReportHolders(StagedImage staged, ProgressState state, int percent, UpdateResult result)
        {
            for (int i = 0; i < _devices.Length; i++)
            {
                if (_devices[i].Stage == staged && _devices[i].Job != null)
                {
                    _runtime.Send(_devices[i].Dialect.ReportProgress(_devices[i].Job, state, percent, result));
                }
            }
        }

        private void FailImage(StagingEntry entry, UpdateResult failure)
        {
            StagedImage staged = entry.Image;
            _eventFailure = failure;
            for (int i = 0; i < _devices.Length; i++)
            {
                if (_devices[i].Stage == staged && _devices[i].Job != null)
                {
                    Dispatch(_devices[i], SubDeviceEvent.ImageFailed);
                }
            }

            _eventFailure = null;
        }

        // The cloud's error for a failed upload: the gateway's own image check refused the signature (SignatureInvalid)
        // or the TLV area/hash (DigestMismatch), the device refused an image that is not newer (DowngradeRefused), or the
        // link/flash failed (FlashError).
        private static UpdateError UploadError(SubDeviceLinkResult result)
        {
            if (result.Status == SubDeviceLinkStatus.ImageRejected)
            {
                return result.DeviceCode == (int)McubootCheckStatus.SignatureMissing || result.DeviceCode == (int)McubootCheckStatus.SignatureInvalid
                    ? UpdateError.SignatureInvalid : UpdateError.DigestMismatch;
            }

            return result.Status == SubDeviceLinkStatus.ImageNotNewer ? UpdateError.DowngradeRefused : UpdateError.FlashError;
        }

        private void FailJob(SubDeviceState device, UpdateResult failure)
        {
            SubDeviceFailures++;
            _log.Write("sub-device " + device.Key + ": update to " + device.Job.Version + " FAILED (" + UpdateResult.ErrorName(failure.Error) + "): " + failure.Detail);
            _runtime.Send(device.Dialect.ReportProgress(device.Job, ProgressState.Failed, 0, failure));
            EndJob(device);
        }

        private void EndJob(SubDeviceState device)
        {
            StagedImage staged = _store.Find(device.Key);
            device.Job = null;
            device.Stage = null;
            device.JobState = SubDeviceJobState.Idle;
            if (staged == null || !_store.Release(device.Key))
            {
                return;
            }

            // No pending job needs the image any more: free it, its record and any download of it.
            StagingEntry entry = EntryOf(staged);
            if (entry == null)
            {
                return;
            }

            if (entry == _active)
            {
                _driver.Pipeline.Abort(true);
                _active = null;
                _driver = null;
            }
            else
            {
                entry.Record.Abandon();
            }

            entry.Image = null;
            entry.State = StagingState.Free;
        }

        private SubDeviceState Find(SubDeviceId id)
        {
            for (int i = 0; i < _devices.Length; i++)
            {
                if (_devices[i].Device.Id.SameAs(id))
                {
                    return _devices[i];
                }
            }

            return null;
        }

        private sealed class StagingRow
        {
            public StagingRow(StagingState state, StagingEvent stagingEvent, StagingHandler handler)
            {
                State = state;
                Event = stagingEvent;
                Handler = handler;
            }

            public StagingState State { get; private set; }

            public StagingEvent Event { get; private set; }

            public StagingHandler Handler { get; private set; }
        }

        private sealed class SubDeviceRow
        {
            public SubDeviceRow(SubDeviceJobState state, SubDeviceEvent deviceEvent, SubDeviceHandler handler)
            {
                State = state;
                Event = deviceEvent;
                Handler = handler;
            }

            public SubDeviceJobState State { get; private set; }

            public SubDeviceEvent Event { get; private set; }

            public SubDeviceHandler Handler { get; private set; }
        }
    }
}
