// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Integrity;

namespace OtaFirmware.Update
{
    /// <summary>
    /// The one owner of the saved update state: the only caller of <see cref="ResumeJournal"/>'s write operations,
    /// with one method per lifecycle step, each of which refuses (<see cref="RecordStatus.Refused"/>, nothing written)
    /// a move the table below does not list.
    /// </summary>
    /// <remarks>
    /// <code>
    /// state            step                 condition                          next             writes
    /// Idle             Begin                                                   Downloading      nothing (the first commit writes)
    /// Outcome          Begin                the outcome stays in RAM to report Downloading      nothing (the first commit replaces it)
    /// AwaitingConfirm  Begin                the boot settled already           Downloading      nothing (the first commit replaces it)
    /// Downloading      Begin                same image                         Downloading      nothing (resumes at the committed offset)
    /// Downloading      Begin                another image                      Downloading      a record at 0 if the other one was saved
    /// Staging          Begin                same image                         Staging          nothing (resumes)
    /// Idle             BeginStaging                                            Staging          Staging record at 0
    /// Staging          BeginStaging         same image and address             Staging          nothing (resumes)
    /// Staging          BeginStaging         another image or address           Staging          Staging record at 0
    /// Downloading      CommitOffset         same image, 0 &lt; offset &lt;= size  Downloading   Downloading record
    /// Staging          CommitOffset         same image, 0 &lt; offset &lt;= size  Staging       Staging record
    /// Downloading      Restart              same image                         Downloading      a record at 0 if one was saved
    /// Staging          Restart              same image                         Staging          Staging record at 0
    /// Downloading      Activated            every byte committed               AwaitingConfirm  AwaitingConfirm record
    /// AwaitingConfirm  TrialInterrupted                                        AwaitingConfirm  AwaitingConfirm record, one more interrupted trial
    /// AwaitingConfirm  Settled                                                 Outcome          Outcome record
    /// Downloading      Settled              complete (activation record lost)  Outcome          Outcome record
    /// any              OutcomeSent          an outcome not sent yet            (same)           nothing (RAM)
    /// Outcome          OutcomeAcknowledged  the outcome was sent               Idle             Idle record
    /// other            OutcomeAcknowledged  the outcome was sent               (same)           Idle record while the Outcome record is still saved
    /// Idle             Abandon                                                 Idle             nothing
    /// Downloading      Abandon              a record of it was saved           Idle             Idle record
    /// Downloading      Abandon              nothing committed yet              (the saved state) nothing
    /// Staging          Abandon                                                 Idle             Idle record
    /// </code>
    /// Every other move is refused. The state may run ahead of the saved record between Begin and the first commit:
    /// a download that has committed nothing has nothing to resume, so a power cut there loses nothing. Why one owner: the saved state decides what the next boot does (resume, settle,
    /// report), so its rules live in one table instead of in every class that reaches the flash. The outcome is kept
    /// in RAM as well as on flash: a new job may replace the flash record before the broker acknowledged the report,
    /// and the report must still go out. A step that fails to write leaves the state as it was.
    /// No allocation in <see cref="CommitOffset"/> (it runs once per erase block of a download).
    /// </remarks>
    public sealed class UpdateRecord
    {
        private readonly ResumeJournal _journal;
        private RecordState _state;
        private UpdateJob _job;
        private bool _hasOutcome;
        private bool _outcomeSent;
        private UpdateJob _outcomeJob;
        private UpdateError _outcomeError;
        private string _outcomeDetail;

        /// <summary>Creates the record over <paramref name="journal"/>; call <see cref="Load"/> before any step.</summary>
        public UpdateRecord(ResumeJournal journal)
        {
            if (journal == null)
            {
                throw new ArgumentNullException("journal");
            }

            _journal = journal;
        }

        /// <summary>The lifecycle state.</summary>
        public RecordState State
        {
            get { return _state; }
        }

        /// <summary>The saved job's version (every state but Idle), else null or empty.</summary>
        public string Version
        {
            get { return _journal.Version; }
        }

        /// <summary>The saved job's image size.</summary>
        public int Size
        {
            get { return _journal.Size; }
        }

        /// <summary>The saved job's correlation id (echoed in its reports).</summary>
        public string CorrelationId
        {
            get { return _journal.CorrelationId; }
        }

        /// <summary>AwaitingConfirm: the version that ran when the image was activated; Outcome: the version running after it.</summary>
        public string PreviousVersion
        {
            get { return _journal.PreviousVersion; }
        }

        /// <summary>Downloading and Staging: image bytes committed to flash and hashed into the saved mid-states.</summary>
        public int CommittedOffset
        {
            get { return IsSaved() ? _journal.CommittedOffset : 0; }
        }

        /// <summary>Staging: the staged image's address in the staging area.</summary>
        public int Address
        {
            get { return IsSaved() && _state == RecordState.Staging ? _journal.Address : 0; }
        }

        /// <summary>True while an outcome waits to be reported or acknowledged.</summary>
        public bool HasOutcome
        {
            get { return _hasOutcome; }
        }

        /// <summary>True once the outcome was handed to the transport (<see cref="OutcomeSent"/>).</summary>
        public bool IsOutcomeSent
        {
            get { return _outcomeSent; }
        }

        /// <summary>The job the outcome is about (version, size, correlation id), or null.</summary>
        public UpdateJob OutcomeJob
        {
            get { return _hasOutcome ? _outcomeJob : null; }
        }

        /// <summary>The outcome's error (<see cref="UpdateError.Ok"/>: confirmed).</summary>
        public UpdateError OutcomeError
        {
            get { return _outcomeError; }
        }

        /// <summary>The outcome's sentence for the cloud report.</summary>
        public string OutcomeDetail
        {
            get { return _outcomeDetail; }
        }

        /// <summary>Loads the newest saved record and makes it the state.</summary>
        /// <returns>The journal's status (<see cref="JournalStatus.FlashError"/>: unreadable; the state is Idle and every write is refused by the journal).</returns>
        public JournalStatus Load()
        {
            JournalStatus status = _journal.Load();
            _state = ToState(_journal.Kind);
            _job = null;
            _hasOutcome = _state == RecordState.Outcome;
            _outcomeSent = false;
            if (_hasOutcome)
            {
                _outcomeJob = new UpdateJob(_journal.Version, _journal.Size, null, null, null, _journal.CorrelationId);
                _outcomeError = _journal.OutcomeError;
                _outcomeDetail = _journal.OutcomeDetail;
            }

            return status;
        }

        /// <summary>True when the saved record is a Downloading or Staging record of the same image as <paramref name="job"/>.</summary>
        public bool IsAbout(UpdateJob job)
        {
            if (job == null || (_state != RecordState.Downloading && _state != RecordState.Staging))
            {
                return false;
            }

            return _job != null ? _job.IsSameImage(job) : _journal.Matches(job);
        }

        /// <summary>Restores the hash mid-states saved at <see cref="CommittedOffset"/> (either hash may be null).</summary>
        /// <returns>False when a saved state is missing or does not import.</returns>
        public bool RestoreHashes(IStreamingHash md5, IStreamingHash sha256)
        {
            return IsSaved() && _journal.RestoreHashes(md5, sha256);
        }

        /// <summary>A download of <paramref name="job"/> begins or resumes (see the table).</summary>
        /// <returns>Ok, Refused (Staging of another image), FlashError or TooLong.</returns>
        public RecordStatus Begin(UpdateJob job)
        {
            if (job == null)
            {
                throw new ArgumentNullException("job");
            }

            if (_state == RecordState.Staging)
            {
                return IsAbout(job) ? RecordStatus.Ok : RecordStatus.Refused;
            }

            if (_state == RecordState.Downloading && IsAbout(job))
            {
                _job = job;
                return RecordStatus.Ok;
            }

            if (_journal.Kind == JournalKind.Downloading || _journal.Kind == JournalKind.Staging)
            {
                // Another image's record must not survive the first erase of this one.
                RecordStatus replaced = Write(_journal.WriteDownloading(job, 0, null, null), RecordState.Downloading);
                if (replaced != RecordStatus.Ok)
                {
                    return replaced;
                }
            }

            _state = RecordState.Downloading;
            _job = job;
            return RecordStatus.Ok;
        }

        /// <summary>A gateway stages <paramref name="job"/> at <paramref name="address"/> of its staging area (see the table).</summary>
        /// <returns>Ok, Refused (the record holds a board update), FlashError or TooLong.</returns>
        public RecordStatus BeginStaging(UpdateJob job, int address)
        {
            if (job == null)
            {
                throw new ArgumentNullException("job");
            }

            if (_state != RecordState.Idle && _state != RecordState.Staging)
            {
                return RecordStatus.Refused;
            }

            if (_state == RecordState.Staging && IsAbout(job) && _journal.Address == address)
            {
                _job = job;
                return RecordStatus.Ok;
            }

            RecordStatus status = Write(_journal.WriteStaging(job, address, 0, null, null), RecordState.Staging);
            if (status == RecordStatus.Ok)
            {
                _job = job;
            }

            return status;
        }

        /// <summary>The first <paramref name="offset"/> bytes of <paramref name="job"/> are in flash; the hashes are over exactly them.</summary>
        /// <returns>Ok, Refused (not downloading or staging, another image, or an offset outside the image), FlashError or TooLong.</returns>
        public RecordStatus CommitOffset(UpdateJob job, int offset, IStreamingHash md5, IStreamingHash sha256)
        {
            if (job == null || offset <= 0 || offset > job.Size || !IsAbout(job))
            {
                return RecordStatus.Refused;
            }

            JournalStatus written = _state == RecordState.Staging
                ? _journal.WriteStaging(job, _journal.Address, offset, md5, sha256)
                : _journal.WriteDownloading(job, offset, md5, sha256);
            return Write(written, _state);
        }

        /// <summary>The download goes back to byte 0 (a digest mismatch, a server that ignored Range): the saved
        /// offset must no longer point at the bytes of the attempt that failed.</summary>
        /// <returns>Ok, Refused (not downloading or staging), FlashError or TooLong.</returns>
        public RecordStatus Restart(UpdateJob job)
        {
            if (job == null || !IsAbout(job))
            {
                return RecordStatus.Refused;
            }

            if (!IsSaved())
            {
                return RecordStatus.Ok; // nothing committed: nothing points at the failed bytes
            }

            JournalStatus written = _state == RecordState.Staging
                ? _journal.WriteStaging(job, _journal.Address, 0, null, null)
                : _journal.WriteDownloading(job, 0, null, null);
            return Write(written, _state);
        }

        /// <summary>The downloaded <paramref name="job"/> was made the boot image while <paramref name="previousVersion"/> ran.</summary>
        /// <returns>Ok, Refused (not downloading that image, or not every byte committed), FlashError or TooLong.</returns>
        public RecordStatus Activated(UpdateJob job, string previousVersion)
        {
            if (_state != RecordState.Downloading || !IsAbout(job) || !IsSaved() || _journal.CommittedOffset != job.Size)
            {
                return RecordStatus.Refused;
            }

            return Write(_journal.WriteAwaitingConfirm(job, previousVersion), RecordState.AwaitingConfirm);
        }

        /// <summary>AwaitingConfirm: trial boots of the activated image that ended in a reset before it confirmed itself.</summary>
        public int InterruptedTrials
        {
            get { return _state == RecordState.AwaitingConfirm ? _journal.InterruptedTrials : 0; }
        }

        /// <summary>Downloading with every byte committed (a cut came before the activation): that job with its digests (no URL), else null.</summary>
        public UpdateJob CompleteDownload()
        {
            return _state == RecordState.Downloading && IsSaved() && _journal.Size > 0 && _journal.CommittedOffset == _journal.Size
                ? _journal.SavedJob()
                : null;
        }

        /// <summary>AwaitingConfirm: the activated job with its digests (no URL), else null.</summary>
        public UpdateJob ActivatedJob()
        {
            return _state == RecordState.AwaitingConfirm ? _journal.SavedJob() : null;
        }

        /// <summary>
        /// The activated image's trial boot ended in a reset before it confirmed itself and the image is about to be
        /// activated again: counts the interrupted trial. Written before the new activation, so a cut in between costs
        /// the retry and never allows a third trial.
        /// </summary>
        /// <returns>Ok, Refused (not AwaitingConfirm), FlashError or TooLong.</returns>
        public RecordStatus TrialInterrupted()
        {
            UpdateJob job = ActivatedJob();
            if (job == null)
            {
                return RecordStatus.Refused;
            }

            return Write(_journal.WriteAwaitingConfirm(job, _journal.PreviousVersion, _journal.InterruptedTrials + 1), RecordState.AwaitingConfirm);
        }

        /// <summary>The boot settled the activated image: <paramref name="error"/> (None: confirmed), with
        /// <paramref name="runningVersion"/> the version running after it.</summary>
        /// <returns>Ok, Refused (nothing was activated: Idle, Outcome, Staging, or an incomplete download), FlashError or TooLong.</returns>
        public RecordStatus Settled(string runningVersion, UpdateError error, string detail)
        {
            bool complete = _state == RecordState.Downloading && IsSaved() && _journal.CommittedOffset == _journal.Size && _journal.Size > 0;
            if (_state != RecordState.AwaitingConfirm && !complete)
            {
                return RecordStatus.Refused;
            }

            string version = _journal.Version;
            string correlationId = _journal.CorrelationId;
            int size = _journal.Size;
            RecordStatus status = Write(_journal.WriteOutcome(version, correlationId, runningVersion, error, detail), RecordState.Outcome);
            if (status == RecordStatus.Ok)
            {
                _hasOutcome = true;
                _outcomeSent = false;
                _outcomeJob = new UpdateJob(version, size, null, null, null, correlationId);
                _outcomeError = error;
                _outcomeDetail = _journal.OutcomeDetail;
            }

            return status;
        }

        /// <summary>The outcome report was handed to the transport; it is cleared once acknowledged.</summary>
        /// <returns>Ok, or Refused (no outcome, or sent already).</returns>
        public RecordStatus OutcomeSent()
        {
            if (!_hasOutcome || _outcomeSent)
            {
                return RecordStatus.Refused;
            }

            _outcomeSent = true;
            return RecordStatus.Ok;
        }

        /// <summary>The broker acknowledged the outcome report: the outcome is forgotten (see the table).</summary>
        /// <returns>Ok, Refused (no outcome sent) or FlashError (the Outcome record stays; it is reported again after a restart).</returns>
        public RecordStatus OutcomeAcknowledged()
        {
            if (!_hasOutcome || !_outcomeSent)
            {
                return RecordStatus.Refused;
            }

            if (_journal.Kind == JournalKind.Outcome)
            {
                // Also when a newer job began but committed nothing yet: the report went out, it must not go again.
                RecordStatus status = Write(_journal.WriteIdle(), _state == RecordState.Outcome ? RecordState.Idle : _state);
                if (status != RecordStatus.Ok)
                {
                    return status;
                }
            }

            _hasOutcome = false;
            _outcomeSent = false;
            _outcomeJob = null;
            return RecordStatus.Ok;
        }

        /// <summary>The download or staging is given up for good: it will not resume.</summary>
        /// <returns>Ok, Refused (AwaitingConfirm or Outcome: they are settled and reported, never abandoned) or FlashError.</returns>
        public RecordStatus Abandon()
        {
            if (_state == RecordState.Idle)
            {
                return RecordStatus.Ok;
            }

            if (_state != RecordState.Downloading && _state != RecordState.Staging)
            {
                return RecordStatus.Refused;
            }

            if (!IsSaved())
            {
                _state = ToState(_journal.Kind); // nothing of it was committed: the saved state is the state again
                _job = null;
                return RecordStatus.Ok;
            }

            RecordStatus status = Write(_journal.WriteIdle(), RecordState.Idle);
            if (status == RecordStatus.Ok)
            {
                _job = null;
            }

            return status;
        }

        // True when the saved record is the Downloading or Staging record of the current state's image.
        private bool IsSaved()
        {
            if (_state == RecordState.Downloading)
            {
                return _journal.Kind == JournalKind.Downloading && (_job == null || _journal.Matches(_job));
            }

            if (_state == RecordState.Staging)
            {
                return _journal.Kind == JournalKind.Staging && (_job == null || _journal.Matches(_job));
            }

            return false;
        }

        private RecordStatus Write(JournalStatus written, RecordState next)
        {
            if (written == JournalStatus.TooLong)
            {
                return RecordStatus.TooLong;
            }

            if (written != JournalStatus.Ok)
            {
                return RecordStatus.FlashError;
            }

            _state = next;
            return RecordStatus.Ok;
        }

        private static RecordState ToState(JournalKind kind)
        {
            switch (kind)
            {
                case JournalKind.Downloading:
                    return RecordState.Downloading;
                case JournalKind.AwaitingConfirm:
                    return RecordState.AwaitingConfirm;
                case JournalKind.Outcome:
                    return RecordState.Outcome;
                case JournalKind.Staging:
                    return RecordState.Staging;
                default:
                    return RecordState.Idle;
            }
        }
    }
}
