// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using System.Text;
using System.Threading;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Clouds.Tencent.Gateway;
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
    /// refused sub-device is logged, counted and skipped.
    /// <para>
    /// Images are staged in the gateway's staging area: sub-devices waiting for the same image (version, MD5, SHA-256,
    /// size) share one <see cref="StagedImage"/> and one download. The download is the ordinary
    /// <see cref="UpdatePipeline"/> (Range requests, streaming digests, a <see cref="ResumeJournal"/> record at every
    /// erase block) writing through a staging slot, with one journal per staged image: the first
    /// <see cref="GatewayOptions.MaxStagedImages"/> × 2 erase blocks of the staging area hold the journals, the rest the
    /// images. After a power cut the same job resumes from its last committed block. Staged and verified, the image is
    /// pushed to each waiting sub-device by <see cref="SubDeviceUpdater"/> (upload with resume, test boot, confirm);
    /// a link that stops answering is retried, the device's upload session making the retry continue where it was.
    /// A staged image no pending job needs is freed; an image larger than the staging area fails before any byte is fetched.
    /// </para>
    /// Threads: the transport only calls <see cref="Enqueue"/> and <see cref="OnConnected"/>; everything else runs on
    /// the agent's thread in <see cref="Run"/> (or <see cref="Pump"/> in tests). Flashing one sub-device blocks that
    /// thread for the upload; sub-devices are flashed one at a time.
    /// </summary>
    public sealed class GatewayAgent : IMessageSink
    {
        private const int MaxQueuedMessages = 32;
        private const int MaxPendingReports = 16;
        private const int IdlePollMilliseconds = 1000;
        private const int JournalBlocks = 2;
        private const string StageTag = "stage@";

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
        private readonly ResumeJournal[] _journals;
        private readonly StagedImage[] _journalOwners;
        private readonly SubDeviceState[] _devices;
        private readonly ArrayList _queue = new ArrayList();
        private readonly ArrayList _pendingReports = new ArrayList();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private readonly byte[] _buffer;
        private readonly byte[] _digest = new byte[32];

        private UpdatePipeline _pipeline;
        private StagedImage _downloading;
        private int _downloadAttempts;
        private int _downloadPercent;
        private long _retryAt;
        private long _fetchedBefore;
        private bool _connectPending;
        private bool _stopping;
        private bool _booted;

        /// <summary>Creates the agent; call <see cref="Boot"/> (or <see cref="Run"/>) before <see cref="Pump"/>.</summary>
        /// <param name="productId">The gateway's product id.</param>
        /// <param name="deviceName">The gateway's device name.</param>
        /// <param name="channel">The gateway's MQTT connection.</param>
        /// <param name="source">HTTPS source for the images.</param>
        /// <param name="stagingRegion">The staging area (journals first, then images).</param>
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
            int journalBytes = _options.MaxStagedImages * JournalBlocks * stagingRegion.EraseBlockSize;
            if (_options.MaxStagedImages < 1 || journalBytes >= stagingRegion.Size)
            {
                throw new ArgumentOutOfRangeException("stagingRegion", "no room for the journals and an image");
            }

            _session = new TencentGatewaySession(productId, deviceName);
            _channel = channel;
            _source = source;
            _clock = clock;
            _log = log;
            _md5 = md5;
            _sha256 = sha256;
            _buffer = new byte[_options.ChunkSize];
            _journals = new ResumeJournal[_options.MaxStagedImages];
            _journalOwners = new StagedImage[_options.MaxStagedImages];
            int journalSize = JournalBlocks * stagingRegion.EraseBlockSize;
            for (int i = 0; i < _journals.Length; i++)
            {
                _journals[i] = new ResumeJournal(new FlashWindow(stagingRegion, i * journalSize, journalSize));
            }

            _imageRegion = new FlashWindow(stagingRegion, journalBytes, stagingRegion.Size - journalBytes);
            _store = new StagedImageStore(_imageRegion, _options.MaxStagedImages);
            _devices = new SubDeviceState[subDevices.Length];
            for (int i = 0; i < subDevices.Length; i++)
            {
                SubDeviceId id = subDevices[i].Id;
                _devices[i] = new SubDeviceState(subDevices[i], new TencentDialect(id.ProductId, id.DeviceName, dialectOptions), new SubDeviceUpdater(subDevices[i].Link, _options.LinkStalls, new McubootImageCheck(_options.ImageCheckHash ?? new Sha256(), subDevices[i].ImageVerifier)));
            }
        }

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
            Enqueue(topic, payload);
        }

        /// <summary>Queues an incoming message (any thread; the transport's callback).</summary>
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

                _queue.Add(new object[] { topic, payload });
            }

            _wake.Set();
        }

        /// <summary>Tells the agent the connection is (re)established (any thread): sub-devices go online again.</summary>
        public void OnConnected()
        {
            _connectPending = true;
            _wake.Set();
        }

        /// <summary>Makes <see cref="Run"/> return (any thread).</summary>
        public void Stop()
        {
            _stopping = true;
            _wake.Set();
        }

        /// <summary>Loads the staging journals (a download interrupted by a power cut resumes when its job comes back).</summary>
        /// <returns>Number of journals holding an interrupted download.</returns>
        public int Boot()
        {
            int interrupted = 0;
            for (int i = 0; i < _journals.Length; i++)
            {
                _journals[i].Load();
                if (_journals[i].Kind == JournalKind.Downloading)
                {
                    interrupted++;
                    _log.Write("gateway: staging journal " + i.ToString() + " holds version " + _journals[i].Version + " up to byte " + _journals[i].CommittedOffset.ToString());
                }
            }

            _booted = true;
            return interrupted;
        }

        /// <summary>Boots and pumps until <see cref="Stop"/>. Blocks; run it on the gateway's own thread.</summary>
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

        /// <summary>Does the next piece of work: the connect announcement, queued messages, one download step, or one
        /// whole sub-device flash.</summary>
        /// <returns>Milliseconds until more work is due (0: call again at once).</returns>
        public int Pump()
        {
            if (!_booted)
            {
                throw new InvalidOperationException("call Boot first");
            }

            if (_connectPending && _channel.IsConnected)
            {
                _connectPending = false;
                Announce();
            }

            FlushPendingReports();
            DrainQueue();
            ReserveWaitingJobs();
            if (_pipeline != null)
            {
                return DownloadStep();
            }

            StagedImage toStage = NextImageToStage();
            if (toStage != null)
            {
                StartDownload(toStage);
                return 0;
            }

            for (int i = 0; i < _devices.Length; i++)
            {
                SubDeviceState device = _devices[i];
                if (device.Job != null && device.Stage != null && device.Stage.IsReady)
                {
                    Flash(device);
                    return 0;
                }
            }

            return IdlePollMilliseconds;
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
            Publish(_session.OperationTopic, Encoding.UTF8.GetBytes(_session.BuildOnlineRequest(ids)), 1);
        }

        private void DrainQueue()
        {
            while (true)
            {
                object[] message;
                lock (_queue)
                {
                    if (_queue.Count == 0)
                    {
                        return;
                    }

                    message = (object[])_queue[0];
                    _queue.RemoveAt(0);
                }

                HandleMessage((string)message[0], (byte[])message[1]);
            }
        }

        private void HandleMessage(string topic, byte[] payload)
        {
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
            if (command.Kind == CommandKind.Update)
            {
                AcceptJob(device, command.Job);
            }
            else if (command.Kind == CommandKind.Rejected)
            {
                _log.Write("sub-device " + device.Key + ": rejected an update command: " + command.Error);
                OutgoingMessage rejected = device.Dialect.ReportRejected(command.CorrelationId, command.Error);
                if (rejected != null)
                {
                    Send(rejected);
                }
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
            Send(device.Dialect.ReportVersion(version));
        }

        private void AcceptJob(SubDeviceState device, UpdateJob job)
        {
            if (device.Job != null && device.Job.IsSameImage(job))
            {
                device.Job.Url = job.Url; // a fresh URL for the same image
                if (device.Stage != null && !device.Stage.IsReady)
                {
                    device.Stage.Descriptor.Url = job.Url;
                }

                return;
            }

            if (device.Job != null)
            {
                _log.Write("sub-device " + device.Key + ": job for " + device.Job.Version + " superseded by " + job.Version);
                EndJob(device);
            }

            _log.Write("sub-device " + device.Key + ": update to " + job.Version + " (" + job.Size.ToString() + " bytes) ordered");
            device.Job = job;
            device.Stage = null;
            device.LastPercent = -1;
            Reserve(device);
        }

        private void ReserveWaitingJobs()
        {
            for (int i = 0; i < _devices.Length; i++)
            {
                if (_devices[i].Job != null && _devices[i].Stage == null)
                {
                    Reserve(_devices[i]);
                }
            }
        }

        private void Reserve(SubDeviceState device)
        {
            UpdateJob job = device.Job;
            StagedImage staged = RestoreFromJournal(device.Key, job);
            StagingStatus status = StagingStatus.Ok;
            if (staged == null)
            {
                status = _store.Reserve(device.Key, job, out staged);
            }

            if (status == StagingStatus.TooSmall)
            {
                Fail(device, UpdateResult.Fail(UpdateError.TooLarge, job.Size, "image of " + job.Size.ToString() + " bytes does not fit the gateway's " + _imageRegion.Size.ToString() + "-byte staging area"));
                return;
            }

            if (status != StagingStatus.Ok)
            {
                return; // NoSpace or TableFull: stays queued until another job releases its image
            }

            if (JournalOf(staged) < 0)
            {
                int free = FreeJournal();
                _journalOwners[free] = staged;
                if (_journals[free].Kind != JournalKind.Idle)
                {
                    _journals[free].WriteIdle(); // a stale record of an image nobody asked for again
                }
            }

            device.Stage = staged;
            if (staged.HolderCount > 1)
            {
                _log.Write("sub-device " + device.Key + ": shares the staged image of " + job.Version + " (" + staged.HolderCount.ToString() + " sub-devices, one download)");
            }
        }

        // A download of the same image interrupted before a reboot: re-create the staged image where it was.
        private StagedImage RestoreFromJournal(string key, UpdateJob job)
        {
            for (int i = 0; i < _journals.Length; i++)
            {
                ResumeJournal journal = _journals[i];
                if (_journalOwners[i] != null || journal.Kind != JournalKind.Downloading || !journal.Matches(job))
                {
                    continue;
                }

                int address;
                string tag = journal.CorrelationId;
                if (tag == null || tag.IndexOf(StageTag) != 0 || !int.TryParse(tag.Substring(StageTag.Length), out address))
                {
                    continue;
                }

                StagedImage staged;
                if (_store.Restore(key, job, address, journal.CommittedOffset, null, out staged) != StagingStatus.Ok)
                {
                    journal.WriteIdle();
                    return null;
                }

                _journalOwners[i] = staged;
                return staged;
            }

            return null;
        }

        private int JournalOf(StagedImage staged)
        {
            for (int i = 0; i < _journalOwners.Length; i++)
            {
                if (_journalOwners[i] == staged)
                {
                    return i;
                }
            }

            return -1;
        }

        private int FreeJournal()
        {
            int stale = -1;
            for (int i = 0; i < _journals.Length; i++)
            {
                if (_journalOwners[i] == null)
                {
                    if (_journals[i].Kind == JournalKind.Idle)
                    {
                        return i;
                    }

                    if (stale < 0)
                    {
                        stale = i;
                    }
                }
            }

            return stale; // the store holds at most as many images as there are journals, so one is unowned
        }

        private StagedImage NextImageToStage()
        {
            for (int i = 0; i < _devices.Length; i++)
            {
                StagedImage staged = _devices[i].Stage;
                if (staged != null && staged.IsLive && !staged.IsReady)
                {
                    return staged;
                }
            }

            return null;
        }

        private void StartDownload(StagedImage staged)
        {
            int journal = JournalOf(staged);
            UpdateJob image = staged.Descriptor;
            UpdateJob stagingJob = new UpdateJob(image.Version, image.Size, image.Md5, image.Sha256, image.Url, StageTag + staged.Address.ToString());
            StagingSlot slot = new StagingSlot(staged, _imageRegion.EraseBlockSize, _imageRegion.WriteAlignment);
            UpdatePipeline pipeline = new UpdatePipeline(slot, _source, _journals[journal], _buffer, _options.ChunkSize, _options.RequestWindow, UpdatePipeline.AnyImage, _md5, _sha256);
            UpdateResult start = pipeline.Start(stagingJob);
            if (!start.IsOk)
            {
                FailImage(staged, start);
                return;
            }

            _pipeline = pipeline;
            _downloading = staged;
            _downloadAttempts = 1;
            _downloadPercent = -1;
            _retryAt = 0;
            _fetchedBefore = 0;
            DownloadsStarted++;
            LastResumedFrom = pipeline.ResumedFrom;
            _log.Write("gateway: staging " + image.Version + " (" + image.Size.ToString() + " bytes) for " + staged.HolderCount.ToString() + " sub-device(s)"
                + (pipeline.ResumedFrom > 0 ? ", resuming at byte " + pipeline.ResumedFrom.ToString() : string.Empty));
        }

        private int DownloadStep()
        {
            long now = _clock.UptimeMilliseconds;
            if (_retryAt > now)
            {
                long left = _retryAt - now;
                return left > IdlePollMilliseconds ? IdlePollMilliseconds : (int)left;
            }

            StagedImage staged = _downloading;
            UpdateResult failure;
            StepStatus status = _pipeline.Step(out failure);
            BytesFetched += _pipeline.BytesFetched - _fetchedBefore;
            _fetchedBefore = _pipeline.BytesFetched;
            if (status == StepStatus.InProgress)
            {
                int percent = (int)((long)_pipeline.Offset * 100 / staged.Descriptor.Size);
                if (percent / 10 != _downloadPercent / 10)
                {
                    _downloadPercent = percent;
                    ReportHolders(staged, ProgressState.Downloading, percent, null);
                }

                return 0;
            }

            if (status == StepStatus.Downloaded)
            {
                FinishStaging(staged);
                return 0;
            }

            bool retryable = failure.Error == UpdateError.SourceUnavailable || failure.Error == UpdateError.DigestMismatch;
            if (retryable && _downloadAttempts < _options.DownloadAttempts)
            {
                _downloadAttempts++;
                _retryAt = _clock.UptimeMilliseconds + _options.RetryDelayMilliseconds;
                _log.Write("gateway: staging " + staged.Descriptor.Version + " failed (" + failure.Detail + "); attempt " + _downloadAttempts.ToString() + " continues at byte " + _pipeline.Offset.ToString());
                return _options.RetryDelayMilliseconds;
            }

            _log.Write("gateway: staging " + staged.Descriptor.Version + " failed: " + failure.Detail);
            FailImage(staged, failure);
            return 0;
        }

        private void FinishStaging(StagedImage staged)
        {
            _pipeline = null;
            _downloading = null;
            staged.Commit(staged.Descriptor.Size, null);
            byte[] sha = staged.Descriptor.Sha256;
            if (sha == null && !HashStaged(staged, out sha))
            {
                FailImage(staged, UpdateResult.Fail(UpdateError.FlashError, 0, "could not read the staged image back"));
                return;
            }

            staged.MarkVerified(sha);
            _log.Write("gateway: " + staged.Descriptor.Version + " staged and verified; flashing " + staged.HolderCount.ToString() + " sub-device(s)");
            ReportHolders(staged, ProgressState.Downloading, 100, null);
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

        private void Flash(SubDeviceState device)
        {
            UpdateJob job = device.Job;
            StagedImage staged = device.Stage;
            Send(device.Dialect.ReportProgress(job, ProgressState.Burning, 100, null));
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
                Fail(device, UpdateResult.Fail(result.Status == SubDeviceLinkStatus.ImageRejected ? UpdateError.DigestMismatch : UpdateError.FlashError, (int)result.Status, "upload to the sub-device failed: " + result.ToString()));
                return;
            }

            string running;
            result = device.Updater.Activate(out running);
            if (!result.IsOk)
            {
                Fail(device, UpdateResult.Fail(result.Status == SubDeviceLinkStatus.WrongImageRunning ? UpdateError.BootAborted : (result.Status == SubDeviceLinkStatus.ImageRejected ? UpdateError.DigestMismatch : UpdateError.ActivationFailed), (int)result.Status, "sub-device did not boot the new image: " + result.ToString()));
                return;
            }

            if (!McubootVersion.Same(running, job.Version))
            {
                device.Device.Link.Reset(); // unconfirmed: the bootloader goes back to the previous image
                Fail(device, UpdateResult.Fail(UpdateError.VersionMismatch, 0, "sub-device runs '" + running + "', the job says '" + job.Version + "'"));
                return;
            }

            result = device.Device.Link.ConfirmRunning();
            if (!result.IsOk)
            {
                Fail(device, UpdateResult.Fail(UpdateError.ActivationFailed, (int)result.Status, "could not confirm the new image: " + result.ToString()));
                return;
            }

            device.Version = running;
            SubDevicesUpdated++;
            _log.Write("sub-device " + device.Key + ": now runs " + running + " (confirmed)");
            Send(device.Dialect.ReportProgress(job, ProgressState.Done, 100, null));
            Send(device.Dialect.ReportVersion(running));
            EndJob(device);
        }

        private void ReportHolders(StagedImage staged, ProgressState state, int percent, UpdateResult result)
        {
            for (int i = 0; i < _devices.Length; i++)
            {
                if (_devices[i].Stage == staged && _devices[i].Job != null)
                {
                    Send(_devices[i].Dialect.ReportProgress(_devices[i].Job, state, percent, result));
                }
            }
        }

        private void FailImage(StagedImage staged, UpdateResult failure)
        {
            for (int i = 0; i < _devices.Length; i++)
            {
                if (_devices[i].Stage == staged && _devices[i].Job != null)
                {
                    Fail(_devices[i], failure);
                }
            }
        }

        private void Fail(SubDeviceState device, UpdateResult failure)
        {
            SubDeviceFailures++;
            _log.Write("sub-device " + device.Key + ": update to " + device.Job.Version + " FAILED: " + failure.Detail);
            Send(device.Dialect.ReportProgress(device.Job, ProgressState.Failed, 0, failure));
            EndJob(device);
        }

        private void EndJob(SubDeviceState device)
        {
            StagedImage staged = _store.Find(device.Key);
            device.Job = null;
            device.Stage = null;
            if (staged == null || !_store.Release(device.Key))
            {
                return;
            }

            // No pending job needs the image any more: free it, its journal and any download of it.
            int journal = JournalOf(staged);
            if (staged == _downloading)
            {
                _pipeline.Abort(true);
                _pipeline = null;
                _downloading = null;
            }
            else if (journal >= 0)
            {
                _journals[journal].WriteIdle();
            }

            if (journal >= 0)
            {
                _journalOwners[journal] = null;
            }
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

        private void Send(OutgoingMessage message)
        {
            Publish(message.Topic, message.Payload, message.Qos);
        }

        private void Publish(string topic, byte[] payload, int qos)
        {
            if (_channel.Publish(topic, payload, qos))
            {
                return;
            }

            if (qos == 0)
            {
                _log.Write("gateway: progress on " + topic + " dropped (disconnected)");
                return;
            }

            // States and versions (QoS 1) are kept and sent after the next connect, behind the online request.
            if (_pendingReports.Count >= MaxPendingReports)
            {
                _pendingReports.RemoveAt(0);
            }

            _pendingReports.Add(new OutgoingMessage(topic, payload, qos));
            _log.Write("gateway: report on " + topic + " kept until the broker is back");
        }

        private void FlushPendingReports()
        {
            while (_pendingReports.Count > 0 && _channel.IsConnected)
            {
                OutgoingMessage message = (OutgoingMessage)_pendingReports[0];
                if (!_channel.Publish(message.Topic, message.Payload, message.Qos))
                {
                    return;
                }

                _pendingReports.RemoveAt(0);
            }
        }
    }
}
