// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Esp32;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;
using OtaFirmware.Security;

namespace OtaFirmware.Update
{
    /// <summary>
    /// Streams one firmware image from an <see cref="IFirmwareSource"/> into the inactive slot through one
    /// caller-owned buffer, hashing as it goes, and commits progress to the <see cref="UpdateRecord"/> at every erase
    /// block boundary. A pumpable step function: <see cref="Step"/> moves at most one chunk, so the owner keeps
    /// control of retries, cancellation and progress reports.
    /// </summary>
    /// <remarks>
    /// Power safety: a block is erased when the write pointer enters it, the journal record for a block is written
    /// only after the block's flash writes succeeded, and a resume rewinds to the last committed block (erasing it
    /// again) with the hash mid-states saved beside it. So a power cut at any point costs at most one erase block of
    /// re-download, re-hashes nothing, and the slot is never activated unless the whole image's digests match.
    /// No allocation per chunk.
    /// <para>A slot that is an <see cref="IHashingFirmwareSlot"/> and accepts the hash objects writes and hashes each
    /// chunk in one call (on the device one interop crossing instead of three); the hashes see a chunk only after its
    /// write succeeded on both paths, so the argument above holds for either.</para>
    /// </remarks>
    public sealed class UpdatePipeline
    {
        /// <summary>Pass as chipId for images that are not ESP32 applications (a gateway staging a sub-device's
        /// image): the first chunk is then not checked for an ESP32 image header; the digests still are.</summary>
        public const int AnyImage = -1;

        private const int MaxRestarts = 3;

        private readonly IFirmwareSlot _slot;
        private readonly IHashingFirmwareSlot _hashingSlot;
        private readonly IFirmwareSource _source;
        private readonly UpdateRecord _record;
        private readonly byte[] _buffer;
        private readonly int _chunkSize;
        private readonly int _requestWindow;
        private readonly int _chipId;
        private readonly IStreamingHash _md5;
        private readonly IStreamingHash _sha256;
        private readonly byte[] _digest = new byte[32];
        private readonly SlotImageCheck _slotCheck;

        private ImagePolicy _policy;
        private UpdateJob _approved;
        private HttpFacts _facts;
        private UpdateJob _job;
        private int _offset;
        private int _requestEnd;
        private int _got;
        private bool _requestOpen;
        private bool _openPending;
        private bool _avoidRange;
        private int _restarts;
        private int _resumedFrom;
        private long _bytesFetched;

        /// <summary>Creates a pipeline. <paramref name="buffer"/> is the one chunk buffer, owned by the caller.</summary>
        /// <param name="chunkSize">Bytes per step (a multiple of the slot's write alignment, at most the buffer length, at least 256).</param>
        /// <param name="requestWindow">Bytes asked per Range request; 0 asks for everything left in one request.</param>
        /// <param name="chipId">esp_image_header_t.chip_id the image must carry, or <see cref="AnyImage"/>.</param>
        /// <param name="md5">The MD5 implementation (used when a job carries an MD5).</param>
        /// <param name="sha256">The SHA-256 implementation (used when a job carries a SHA-256).</param>
        public UpdatePipeline(IFirmwareSlot slot, IFirmwareSource source, UpdateRecord record, byte[] buffer, int chunkSize, int requestWindow, int chipId, IStreamingHash md5, IStreamingHash sha256)
        {
            if (slot == null || source == null || record == null || buffer == null || md5 == null || sha256 == null)
            {
                throw new ArgumentNullException();
            }

            if (chunkSize < 256 || chunkSize > buffer.Length || chunkSize % slot.WriteAlignment != 0 || requestWindow < 0)
            {
                throw new ArgumentOutOfRangeException("chunkSize");
            }

            _slot = slot;
            _source = source;
            _record = record;
            _buffer = buffer;
            _chunkSize = chunkSize;
            _requestWindow = requestWindow;
            _chipId = chipId;
            _md5 = md5;
            _sha256 = sha256;
            _slotCheck = new SlotImageCheck(slot, buffer, md5, sha256);
            IHashingFirmwareSlot hashing = slot as IHashingFirmwareSlot;
            _hashingSlot = hashing != null && hashing.CanHash(md5, sha256) ? hashing : null;
        }

        /// <summary>True when each chunk is written and hashed in one call of the slot (<see cref="IHashingFirmwareSlot"/>),
        /// false when the pipeline writes and then appends to each hash itself.</summary>
        public bool CombinesWriteAndHash
        {
            get { return _hashingSlot != null; }
        }

        /// <summary>Reads the inactive slot back through the pipeline's buffer and hashes (not while a job streams).</summary>
        public SlotImageCheck SlotCheck
        {
            get { return _slotCheck; }
        }

        /// <summary>
        /// What the device accepts (downgrades, signature, anti-rollback counter), or null for no policy (a gateway
        /// staging a sub-device's image). Checked by <see cref="Start"/>, and by <see cref="CheckImage"/> before every
        /// activation (<see cref="Activate"/> and <see cref="ActivateAgain"/> run it themselves unless it just passed).
        /// </summary>
        /// <exception cref="ArgumentException">The chunk buffer cannot hold a signature block (1216 bytes).</exception>
        public ImagePolicy Policy
        {
            get
            {
                return _policy;
            }

            set
            {
                if (value != null && _buffer.Length < SignatureBlock.BlockSize)
                {
                    throw new ArgumentException("the chunk buffer must hold a signature block to check images", "value");
                }

                _policy = value;
            }
        }

        /// <summary>The job being downloaded, or null.</summary>
        public UpdateJob Job
        {
            get { return _job; }
        }

        /// <summary>Image bytes written and hashed so far.</summary>
        public int Offset
        {
            get { return _offset; }
        }

        /// <summary>Where the last <see cref="Start"/> resumed (0 for a fresh download).</summary>
        public int ResumedFrom
        {
            get { return _resumedFrom; }
        }

        /// <summary>Body bytes received from the source since <see cref="Start"/>, including bytes fetched again after a restart.</summary>
        public long BytesFetched
        {
            get { return _bytesFetched; }
        }

        /// <summary>Restarts from byte 0 allowed per job when the server mishandles Range (ignored Range, wrong
        /// Content-Range, 416 on a resume); one more fails the job with <see cref="UpdateError.RangeMismatch"/>.</summary>
        public static int RestartLimit
        {
            get { return MaxRestarts; }
        }

        /// <summary>Times the download restarted from byte 0 since <see cref="Start"/> (server ignored Range or sent a wrong Content-Range).</summary>
        public int Restarts
        {
            get { return _restarts; }
        }

        /// <summary>
        /// Prepares <paramref name="job"/>: checks it can be written at all, begins it in the record and continues a
        /// matching saved download (or staging, when the owner began one) from its committed block. Nothing is written
        /// to the slot yet.
        /// </summary>
        /// <returns>Success, or <see cref="UpdateError.InvalidJob"/>, <see cref="UpdateError.RunningImageUnconfirmed"/>,
        /// <see cref="UpdateError.DowngradeRefused"/> (the <see cref="Policy"/>), <see cref="UpdateError.TooLarge"/>,
        /// <see cref="UpdateError.FlashError"/> (the record could not be written).</returns>
        public UpdateResult Start(UpdateJob job)
        {
            if (job == null)
            {
                throw new ArgumentNullException("job");
            }

            Close();
            _job = null;
            _approved = null;
            if (job.Size <= 0 || (job.Md5 == null && job.Sha256 == null) || job.Url == null)
            {
                return UpdateResult.Fail(UpdateError.InvalidJob, 0, "the job needs a size, a digest and a URL");
            }

            if (_slot.RunningState == ImageState.PendingVerify)
            {
                return UpdateResult.Fail(UpdateError.RunningImageUnconfirmed, 0, "the running image is not confirmed yet");
            }

            UpdateResult refused = _policy == null ? null : _policy.CheckJob(job, _slot.RunningVersion);
            if (refused != null)
            {
                return refused;
            }

            if (job.Size > _slot.Capacity)
            {
                return UpdateResult.Fail(UpdateError.TooLarge, job.Size, "image of " + job.Size.ToString() + " bytes does not fit the " + _slot.Capacity.ToString() + "-byte slot");
            }

            _job = job;
            _restarts = 0;
            _bytesFetched = 0;
            _avoidRange = false;
            ResetHashes();
            _offset = 0;
            _resumedFrom = 0;

            // Another image's record must not survive the first erase: a cut before this job's first commit would
            // otherwise let that image "resume" over these bytes. Begin replaces it (or keeps this image's own).
            RecordStatus begun = _record.Begin(job);
            if (begun != RecordStatus.Ok)
            {
                _job = null;
                return RecordFailure(begun, "could not begin the job in the update record");
            }

            int committed = _record.CommittedOffset;
            if (committed > 0 && committed <= job.Size
                && (committed % _slot.EraseBlockSize == 0 || committed == job.Size)
                && _record.RestoreHashes(job.Md5 != null ? _md5 : null, job.Sha256 != null ? _sha256 : null))
            {
                _offset = committed;
                _resumedFrom = committed;
                return UpdateResult.Ok;
            }

            ResetHashes();
            if (committed > 0)
            {
                RecordStatus restarted = _record.Restart(job);
                if (restarted != RecordStatus.Ok)
                {
                    _job = null;
                    return RecordFailure(restarted, "could not clear the unusable resume point");
                }
            }

            return UpdateResult.Ok;
        }

        /// <summary>Moves at most one chunk from the source to the slot.</summary>
        /// <param name="failure">Why the step failed (<see cref="StepStatus.Failed"/>), otherwise null. Retrying
        /// <see cref="Step"/> after <see cref="UpdateError.SourceUnavailable"/> continues from <see cref="Offset"/>.</param>
        /// <returns><see cref="StepStatus.InProgress"/>, <see cref="StepStatus.Downloaded"/> or <see cref="StepStatus.Failed"/>
        /// with SourceUnavailable, Forbidden, NotFound, HttpError, RangeMismatch, WrongImage, VersionMismatch,
        /// FlashError or DigestMismatch.</returns>
        public StepStatus Step(out UpdateResult failure)
        {
            failure = null;
            _approved = null;
            if (_job == null)
            {
                throw new InvalidOperationException("Start a job first");
            }

            if (_offset == _job.Size)
            {
                return Verify(out failure);
            }

            if (!_requestOpen)
            {
                failure = OpenRequest();
                if (failure != null)
                {
                    return StepStatus.Failed;
                }

                if (!_requestOpen)
                {
                    // a restart was arranged, or the source's Open answered "not yet" (asked again next step; the
                    // driver's stall watch judges the wait)
                    return StepStatus.InProgress;
                }
            }

            int blockSize = _slot.EraseBlockSize;
            int blockEnd = ((_offset / blockSize) + 1) * blockSize;
            int want = Min(_chunkSize, Min(blockEnd, _requestEnd) - _offset);

            // One read per step: a server that trickles must not hold the owner's loop (and its inbox) for a whole
            // chunk. The partial chunk waits in the buffer for the next step.
            int read;
            SourceStatus status = _source.Read(_buffer, _got, want - _got, out read);
            if (status == SourceStatus.NoDataYet)
            {
                // the connection is open and quiet: ask again next step; the driver's stall and rate watch judge the wait
                return StepStatus.InProgress;
            }

            if (status != SourceStatus.Ok || read <= 0)
            {
                int at = _offset + _got;
                Close();
                failure = UpdateResult.Fail(UpdateError.SourceUnavailable, (int)status, "connection lost at byte " + at.ToString());
                return StepStatus.Failed;
            }

            _got += read;
            _bytesFetched += read;
            if (_got < want)
            {
                return StepStatus.InProgress;
            }

            _got = 0;

            if (_offset == 0 && _chipId != AnyImage)
            {
                failure = CheckImageHeader(want);
                if (failure != null)
                {
                    Close();
                    return StepStatus.Failed;
                }
            }

            if (_offset % blockSize == 0)
            {
                FlashResult erased = _slot.EraseBlock(_offset);
                if (!erased.IsOk)
                {
                    return FailFlash("erase", erased, out failure);
                }
            }

            int writeLength = RoundUp(want, _slot.WriteAlignment);
            for (int i = want; i < writeLength; i++)
            {
                _buffer[i] = 0xFF;
            }

            FlashResult written = WriteAndHash(writeLength, want);
            if (!written.IsOk)
            {
                return FailFlash("write", written, out failure);
            }

            _offset += want;
            if ((_offset % blockSize == 0 || _offset == _job.Size)
                && _record.CommitOffset(_job, _offset, _md5, _sha256) != RecordStatus.Ok)
            {
                return FailFlash("journal write", FlashResult.Fail(FlashStatus.FlashError), out failure);
            }

            if (_offset == _requestEnd)
            {
                Close();
            }

            return _offset == _job.Size ? Verify(out failure) : StepStatus.InProgress;
        }

        /// <summary>
        /// Checks the image of <paramref name="job"/> in the inactive slot against the <see cref="Policy"/> (signature,
        /// anti-rollback counter), read back from the slot. A pass is remembered for the next activation of the same
        /// job, so an owner can report that the image is about to be activated only once it is known to be accepted.
        /// </summary>
        /// <remarks>Why here and only here: every way into the boot partition (a finished download, a download finished
        /// after a restart, the retry of an interrupted trial boot) goes through <see cref="Activate"/> or
        /// <see cref="ActivateAgain"/>, and both run this check unless it passed for the same job with no write since.
        /// Not while a job streams: the check reads through the pipeline's buffer.</remarks>
        /// <returns>Ok, <see cref="UpdateError.SignatureInvalid"/>, <see cref="UpdateError.DowngradeRefused"/> or
        /// <see cref="UpdateError.FlashError"/> (reading back failed).</returns>
        public UpdateResult CheckImage(UpdateJob job)
        {
            if (job == null)
            {
                throw new ArgumentNullException("job");
            }

            _approved = null;
            UpdateResult refused = _policy == null ? null : _policy.CheckImage(_slot, job.Size, _buffer, _chipId != AnyImage);
            if (refused != null)
            {
                return refused;
            }

            _approved = job;
            return UpdateResult.Ok;
        }

        /// <summary>
        /// Makes the downloaded image the boot partition and journals that it awaits confirmation. The device must
        /// reboot afterwards; the next boot settles it (<see cref="BootSettler"/>).
        /// </summary>
        /// <param name="runningVersion">The version running now, reported if the new image is rolled back.</param>
        /// <remarks>The first step is <see cref="CheckImage"/> (skipped when it just passed for this job): a refused
        /// image is never activated and the running image stays.</remarks>
        /// <returns>Success (also when only the activation record could not be written: the boot partition is switched,
        /// so the device must reboot), <see cref="UpdateError.SignatureInvalid"/>, <see cref="UpdateError.DowngradeRefused"/>,
        /// <see cref="UpdateError.FlashError"/> (reading back failed) or <see cref="UpdateError.ActivationFailed"/>.</returns>
        public UpdateResult Activate(string runningVersion)
        {
            if (_job == null || _offset != _job.Size)
            {
                throw new InvalidOperationException("nothing downloaded to activate");
            }

            UpdateResult switched = SwitchBoot(_job);
            if (!switched.IsOk)
            {
                return switched;
            }

            if (_record.Activated(_job, runningVersion) != RecordStatus.Ok)
            {
                // The boot partition is switched already: reboot anyway. The complete Downloading record of the same
                // version still lets the next boot's settling record the outcome.
                return new UpdateResult(UpdateError.Ok, 0, "activated; the activation record could not be written");
            }

            return UpdateResult.Ok;
        }

        /// <summary>
        /// Makes the image of an earlier activation, still in the inactive slot, the boot partition once more (the
        /// retry of an interrupted trial boot; the record already names it). Its bytes are the caller's to re-check
        /// against the job's digests (<see cref="SlotCheck"/>); the <see cref="Policy"/> runs here as for every activation.
        /// </summary>
        /// <returns>Ok, <see cref="UpdateError.SignatureInvalid"/>, <see cref="UpdateError.DowngradeRefused"/>,
        /// <see cref="UpdateError.FlashError"/> or <see cref="UpdateError.ActivationFailed"/>.</returns>
        public UpdateResult ActivateAgain(UpdateJob job)
        {
            if (job == null)
            {
                throw new ArgumentNullException("job");
            }

            if (_job != null)
            {
                throw new InvalidOperationException("a job is streaming");
            }

            return SwitchBoot(job);
        }

        /// <summary>Stops the current job; with <paramref name="forget"/> the record abandons it so it will not resume.</summary>
        /// <returns>Ok, or what the record answered to <see cref="UpdateRecord.Abandon"/> (FlashError: it may resume after a restart).</returns>
        public RecordStatus Abort(bool forget)
        {
            Close();
            _approved = null;
            RecordStatus status = RecordStatus.Ok;
            if (forget && _job != null && _record.IsAbout(_job))
            {
                status = _record.Abandon();
            }

            _job = null;
            return status;
        }

        private UpdateResult OpenRequest()
        {
            int remaining = _job.Size - _offset;
            int length = _requestWindow > 0 ? Min(_requestWindow, remaining) : 0;
            if (_avoidRange)
            {
                length = 0; // the server mishandles Range: one plain request from byte 0
            }

            _facts.Reset();
            SourceStatus status = _source.Open(_job.Url, _offset, length, ref _facts);
            if (status == SourceStatus.NoDataYet)
            {
                // The source's bound passed before the response arrived; the request stays outstanding and the same
                // Open next step collects it. Close (a stall, an abort) closes it.
                _openPending = true;
                return null;
            }

            _openPending = false;
            if (status != SourceStatus.Ok)
            {
                _source.Close();
                return OpenFailure(status);
            }

            _requestOpen = true;
            int code = _facts.StatusCode;
            if (code == 206)
            {
                bool rangeOk = _facts.RangeFirst == _offset
                    && (_facts.TotalLength < 0 || _facts.TotalLength == _job.Size)
                    && _facts.RangeLast >= _offset && _facts.RangeLast < _job.Size
                    && ((_facts.RangeLast + 1) == _job.Size || (_facts.RangeLast + 1) % _slot.WriteAlignment == 0);
                if (!rangeOk)
                {
                    return RestartFromZero(false, "wrong Content-Range");
                }

                _requestEnd = _facts.RangeLast + 1;
                return null;
            }

            if (code == 200)
            {
                if (_facts.ContentLength >= 0 && _facts.ContentLength != _job.Size)
                {
                    Close();
                    return UpdateResult.Fail(UpdateError.RangeMismatch, _facts.ContentLength, "server sends " + _facts.ContentLength.ToString() + " bytes, the job says " + _job.Size.ToString());
                }

                if (_offset != 0)
                {
                    // The body starts at byte 0: restart the image on this same response, never write it at _offset.
                    return RestartFromZero(true, "server ignored Range");
                }

                _requestEnd = _job.Size;
                return null;
            }

            Close();
            return UpdateResult.Fail(UpdateError.HttpError, code, "unexpected HTTP status " + code.ToString());
        }

        private UpdateResult OpenFailure(SourceStatus status)
        {
            int code = _facts.StatusCode;
            if (status == SourceStatus.BadUrl)
            {
                return UpdateResult.Fail(UpdateError.InvalidJob, 0, "the URL cannot be fetched");
            }

            if (status != SourceStatus.HttpError)
            {
                return UpdateResult.Fail(UpdateError.SourceUnavailable, (int)status, "server unreachable");
            }

            if (code == 401 || code == 403)
            {
                return UpdateResult.Fail(UpdateError.Forbidden, code, "download refused (HTTP " + code.ToString() + "): URL expired or not authorised");
            }

            if (code == 404 || code == 410)
            {
                return UpdateResult.Fail(UpdateError.NotFound, code, "firmware file not found (HTTP " + code.ToString() + ")");
            }

            if (code == 416 && _offset > 0)
            {
                return RestartFromZero(false, "server refused the resume range (416)");
            }

            if (code == 408 || code == 429 || code >= 500)
            {
                return UpdateResult.Fail(UpdateError.SourceUnavailable, code, "server busy or failing (HTTP " + code.ToString() + ")");
            }

            return UpdateResult.Fail(UpdateError.HttpError, code, "unexpected HTTP status " + code.ToString());
        }

        private UpdateResult RestartFromZero(bool keepResponse, string why)
        {
            _restarts++;
            if (_restarts > MaxRestarts)
            {
                Close();
                return UpdateResult.Fail(UpdateError.RangeMismatch, _facts.StatusCode, why + "; gave up after " + MaxRestarts.ToString() + " restarts");
            }

            _avoidRange = true;
            _offset = 0;
            _resumedFrom = 0;
            ResetHashes();
            if (_record.Restart(_job) != RecordStatus.Ok)
            {
                Close();
                return UpdateResult.Fail(UpdateError.FlashError, 0, "could not clear the resume record");
            }

            if (keepResponse)
            {
                _requestEnd = _job.Size;
            }
            else
            {
                Close();
            }

            return null;
        }

        private UpdateResult CheckImageHeader(int available)
        {
            Esp32ImageHeader header = Esp32ImageHeader.Parse(_buffer, 0, available);
            if (!header.IsOk)
            {
                return UpdateResult.Fail(UpdateError.WrongImage, (int)header.Status, "not an ESP32 application image: " + header.Detail);
            }

            if (header.ChipId != _chipId)
            {
                return UpdateResult.Fail(UpdateError.WrongImage, header.ChipId, "image is for chip id " + header.ChipId.ToString() + ", this is chip id " + _chipId.ToString());
            }

            if (header.Version != _job.Version)
            {
                return UpdateResult.Fail(UpdateError.VersionMismatch, 0, "image carries version '" + header.Version + "', the job says '" + _job.Version + "'");
            }

            return null;
        }

        private StepStatus Verify(out UpdateResult failure)
        {
            failure = null;
            Close();
            if (_job.Md5 != null)
            {
                _md5.Finish(_digest, 0);
                if (!SameBytes(_digest, _job.Md5, 16))
                {
                    failure = UpdateResult.Fail(UpdateError.DigestMismatch, 0, "MD5 of the downloaded image does not match");
                }
            }

            if (failure == null && _job.Sha256 != null)
            {
                _sha256.Finish(_digest, 0);
                if (!SameBytes(_digest, _job.Sha256, 32))
                {
                    failure = UpdateResult.Fail(UpdateError.DigestMismatch, 0, "SHA-256 of the downloaded image does not match");
                }
            }

            if (failure != null)
            {
                StartOver();
                return StepStatus.Failed;
            }

            return StepStatus.Downloaded;
        }

        /// <summary>
        /// Forgets the bytes of the current job: the record no longer points at them and the next <see cref="Step"/>
        /// downloads from byte 0. For an image that failed verification after its download (its digests, a read-back
        /// of the slot, or the platform's image check at activation).
        /// </summary>
        /// <returns>What the record answered to <see cref="UpdateRecord.Restart"/>.</returns>
        public RecordStatus StartOver()
        {
            if (_job == null)
            {
                throw new InvalidOperationException("Start a job first");
            }

            Close();
            _approved = null;
            _offset = 0;
            _resumedFrom = 0;
            ResetHashes();
            return _record.Restart(_job);
        }

        private UpdateResult SwitchBoot(UpdateJob job)
        {
            if (_approved != job)
            {
                UpdateResult checkedImage = CheckImage(job);
                if (!checkedImage.IsOk)
                {
                    return checkedImage;
                }
            }

            _approved = null;
            FlashResult activated = _slot.Activate(job.Size);
            if (!activated.IsOk)
            {
                return UpdateResult.FromFlash(UpdateError.ActivationFailed, activated, "the platform refused to activate the image");
            }

            return UpdateResult.Ok;
        }

        private static UpdateResult RecordFailure(RecordStatus status, string detail)
        {
            return status == RecordStatus.TooLong
                ? UpdateResult.Fail(UpdateError.InvalidJob, 0, "the job's version or id is too long for the update record")
                : UpdateResult.Fail(UpdateError.FlashError, (int)status, detail);
        }

        private StepStatus FailFlash(string what, FlashResult flash, out UpdateResult failure)
        {
            Close();
            failure = UpdateResult.FromFlash(UpdateError.FlashError, flash, "flash " + what + " failed at byte " + _offset.ToString());
            return StepStatus.Failed;
        }

        /// <summary>
        /// Closes the open request, if any, and drops the partial chunk not yet written; the next <see cref="Step"/>
        /// asks again from <see cref="Offset"/>. The owner's way out of a connection that makes no progress.
        /// </summary>
        public void Disconnect()
        {
            Close();
        }

        private void Close()
        {
            _got = 0;
            if (_requestOpen || _openPending)
            {
                _source.Close();
                _requestOpen = false;
                _openPending = false;
            }
        }

        // Programs the chunk, then (only when that succeeded) appends its image bytes to the job's hashes: in one call
        // of the slot when it can, otherwise a write and an append per hash. Same bytes, same hash states either way.
        private FlashResult WriteAndHash(int writeLength, int imageBytes)
        {
            IStreamingHash md5 = _job.Md5 != null ? _md5 : null;
            IStreamingHash sha256 = _job.Sha256 != null ? _sha256 : null;
            if (_hashingSlot != null)
            {
                return _hashingSlot.WriteAndHash(_offset, _buffer, 0, writeLength, imageBytes, md5, sha256);
            }

            FlashResult written = _slot.Write(_offset, _buffer, 0, writeLength);
            if (written.IsOk && md5 != null)
            {
                md5.Append(_buffer, 0, imageBytes);
            }

            if (written.IsOk && sha256 != null)
            {
                sha256.Append(_buffer, 0, imageBytes);
            }

            return written;
        }

        private void ResetHashes()
        {
            _md5.Reset();
            _sha256.Reset();
        }

        private static bool SameBytes(byte[] a, byte[] b, int count)
        {
            for (int i = 0; i < count; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int Min(int a, int b)
        {
            return a < b ? a : b;
        }

        private static int RoundUp(int value, int alignment)
        {
            return ((value + alignment - 1) / alignment) * alignment;
        }
    }
}
