// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Flash;
using OtaFirmware.Integrity;

namespace OtaFirmware.Update
{
    /// <summary>
    /// The power-safe record ring behind <see cref="UpdateRecord"/>: stores and loads the newest record (which job is
    /// being downloaded and how far it got with the hash mid-states, that an activated image awaits confirmation, an
    /// outcome waiting to be reported, or a gateway's staged image). It decides nothing: <see cref="UpdateRecord"/> is
    /// the only caller of its write operations and owns the rules of which record may follow which.
    /// </summary>
    /// <remarks>
    /// The journal lives in a small flash area of at least two erase blocks (the <c>otarec</c> partition). Each erase
    /// block holds fixed 512-byte record slots that are programmed once and never rewritten in place: a new record
    /// goes into the next blank slot after the newest one, and only when a block is full is the next block of the ring
    /// erased and used. Every record carries a sequence number and a CRC-32; the newest record with a valid CRC is
    /// the state. A power cut during a record write leaves a slot that fails its CRC, so the previous record stays
    /// the state; a cut during an erase only touches a block that holds no newest record. This is ESP-IDF's otadata
    /// idea (two copies, highest valid sequence wins) made append-only, so that committing every 4 KiB costs one
    /// erase per eight records instead of one per record.
    /// A record is written only after the flash write it describes has succeeded. No allocation per write.
    /// <para>Cost per record (one per erase block of a download; on the device this loop code is interpreted): the
    /// CRC-32 over 492 bytes and the read-back compare are the per-byte managed work; the fill, the state exports
    /// (native hashes) and the flash calls are native. Two checks guard the slot a record goes into. The blank check
    /// (read the slot, compare with the erased value) finds a slot a write interrupted before the last
    /// <see cref="Load"/> left half-programmed; it is skipped for the slots of a block this instance erased itself
    /// and has not yet tried to write at or after, because nothing but this journal writes its region and such a slot
    /// can only have changed through an erase or a write of this instance — a cut in either ends the instance, and
    /// the next <see cref="Load"/> forgets what it knew. So in a long download only the first record after a
    /// <see cref="Load"/> in a block erased before it pays the blank check. The read-back compare after the write
    /// stays for every record: ESP-IDF's esp_flash_write (under esp_partition_write) returns ESP_OK without reading the
    /// bytes back unless CONFIG_SPI_FLASH_VERIFY_WRITE is set (components/spi_flash/Kconfig, default n;
    /// esp_flash_api.c), and NOR flash only clears bits, so the write's result does not
    /// prove the record is on flash — the compare does, and it still catches a slot that an erase that claimed success
    /// left programmed. The power-safety argument above does not rest on either check: a record torn by a cut fails
    /// its CRC whatever was checked before it.</para>
    /// <para>Layout (little endian): magic, sequence, kind, digest flags, format, size, committed offset, error (an
    /// Outcome record) or staging address (a Staging record: the two kinds never share a record), MD5, SHA-256, the
    /// two hash mid-states, version, previous version, correlation id, detail, CRC-32. Records of earlier releases
    /// (kinds 0 to 3) read unchanged; a release that does not know the Staging kind skips such a record.</para>
    /// </remarks>
    public sealed class ResumeJournal
    {
        /// <summary>Bytes reserved per record slot.</summary>
        public const int SlotSize = 512;

        private const uint Magic = 0x4A41544F; // "OTAJ"
        private const int FormatVersion = 1;
        private const int RecordLength = 496;
        private const int MaxVersionLength = 32;
        private const int MaxIdLength = 64;
        private const int MaxDetailLength = 96;
        private const int Md5StateSize = 88;
        private const int Sha256StateSize = 104;

        private const int OffMagic = 0;
        private const int OffSeq = 4;
        private const int OffKind = 8;
        private const int OffFlags = 9;
        private const int OffFormat = 10;
        private const int OffSize = 12;
        private const int OffCommitted = 16;
        private const int OffError = 20;
        private const int OffAddress = 20; // Staging records only: an Outcome record never carries an address
        private const int OffMd5 = 24;
        private const int OffSha256 = 40;
        private const int OffMd5State = 72;
        private const int OffSha256State = 160;
        private const int OffVersion = 264;
        private const int OffPreviousVersion = 297;
        private const int OffCorrelationId = 330;
        private const int OffDetail = 395;
        private const int OffCrc = 492;

        private const int FlagMd5 = 1;
        private const int FlagSha256 = 2;

        private readonly IFlashRegion _region;
        private readonly int _slotsPerBlock;
        private readonly int _blockCount;
        private readonly byte[] _scratch = new byte[RecordLength];
        private readonly byte[] _current = new byte[RecordLength];
        private readonly byte[] _probe = new byte[RecordLength];

        private bool _hasCurrent;
        private bool _unreadable;
        private int _blankBlock = -1;
        private int _blankFromSlot;
        private int _currentBlock;
        private int _currentSlot;
        private uint _currentSeq;

        /// <summary>Creates a journal over <paramref name="region"/> (at least two erase blocks). Call <see cref="Load"/> first.</summary>
        public ResumeJournal(IFlashRegion region)
        {
            if (region == null)
            {
                throw new ArgumentNullException("region");
            }

            if (region.EraseBlockSize < SlotSize || region.EraseBlockSize % SlotSize != 0 || SlotSize % region.WriteAlignment != 0
                || RecordLength % region.WriteAlignment != 0)
            {
                throw new ArgumentException("erase block or write alignment does not fit 512-byte record slots");
            }

            _blockCount = region.Size / region.EraseBlockSize;
            if (_blockCount < 2)
            {
                throw new ArgumentException("the journal needs at least two erase blocks");
            }

            _region = region;
            _slotsPerBlock = region.EraseBlockSize / SlotSize;
        }

        /// <summary>What the newest valid record says (<see cref="JournalKind.Idle"/> when there is none).</summary>
        public JournalKind Kind
        {
            get { return _hasCurrent ? (JournalKind)_current[OffKind] : JournalKind.Idle; }
        }

        /// <summary>Sequence number of the newest valid record (0 when none).</summary>
        public uint Sequence
        {
            get { return _hasCurrent ? _currentSeq : 0; }
        }

        /// <summary>Image bytes known to be in flash, hashed into the saved mid-states (Downloading records), else 0.</summary>
        public int CommittedOffset
        {
            get { return _hasCurrent ? ReadInt(_current, OffCommitted) : 0; }
        }

        /// <summary>The job's version (every kind but Idle), else null.</summary>
        public string Version
        {
            get { return _hasCurrent ? ReadString(_current, OffVersion) : null; }
        }

        /// <summary>The version that was running when the job started (AwaitingConfirm, Outcome), else null or empty.</summary>
        public string PreviousVersion
        {
            get { return _hasCurrent ? ReadString(_current, OffPreviousVersion) : null; }
        }

        /// <summary>The cloud's id of the job, echoed in the outcome report; null or empty when none.</summary>
        public string CorrelationId
        {
            get { return _hasCurrent ? ReadString(_current, OffCorrelationId) : null; }
        }

        /// <summary>Outcome records: the error (<see cref="UpdateError.Ok"/> for a confirmed update).</summary>
        public UpdateError OutcomeError
        {
            get { return _hasCurrent ? (UpdateError)ReadInt(_current, OffError) : UpdateError.Ok; }
        }

        /// <summary>Outcome records: the sentence for the cloud report.</summary>
        public string OutcomeDetail
        {
            get { return _hasCurrent ? ReadString(_current, OffDetail) : null; }
        }

        /// <summary>AwaitingConfirm records: trial boots of the image that ended in a reset before it confirmed itself.</summary>
        public int InterruptedTrials
        {
            get { return _hasCurrent && Kind == JournalKind.AwaitingConfirm ? ReadInt(_current, OffError) : 0; }
        }

        /// <summary>The saved job (every kind but Idle and Outcome) with its digests and without a URL, else null.</summary>
        public UpdateJob SavedJob()
        {
            JournalKind kind = Kind;
            if (!_hasCurrent || kind == JournalKind.Idle || kind == JournalKind.Outcome)
            {
                return null;
            }

            int flags = _current[OffFlags];
            byte[] md5 = null;
            byte[] sha256 = null;
            if ((flags & FlagMd5) != 0)
            {
                md5 = new byte[16];
                Array.Copy(_current, OffMd5, md5, 0, 16);
            }

            if ((flags & FlagSha256) != 0)
            {
                sha256 = new byte[32];
                Array.Copy(_current, OffSha256, sha256, 0, 32);
            }

            return new UpdateJob(Version, Size, md5, sha256, null, CorrelationId);
        }

        /// <summary>Staging records: where the staged image starts in the staging area, else 0.</summary>
        public int Address
        {
            get { return _hasCurrent && Kind == JournalKind.Staging ? ReadInt(_current, OffAddress) : 0; }
        }

        /// <summary>The job's image size in bytes (every kind but Idle).</summary>
        public int Size
        {
            get { return _hasCurrent ? ReadInt(_current, OffSize) : 0; }
        }

        /// <summary>Scans the area and makes the newest valid record current.</summary>
        /// <returns><see cref="JournalStatus.Ok"/>, <see cref="JournalStatus.Empty"/> or <see cref="JournalStatus.FlashError"/>.</returns>
        public JournalStatus Load()
        {
            _hasCurrent = false;
            _unreadable = false;
            _blankBlock = -1;
            for (int block = 0; block < _blockCount; block++)
            {
                for (int slot = 0; slot < _slotsPerBlock; slot++)
                {
                    if (!_region.Read(SlotAddress(block, slot), _scratch, 0, RecordLength).IsOk)
                    {
                        // Unread blocks may hold a newer record: writing on top of a partial view could lose it.
                        _hasCurrent = false;
                        _unreadable = true;
                        return JournalStatus.FlashError;
                    }

                    if (!IsValidRecord(_scratch))
                    {
                        continue;
                    }

                    uint seq = (uint)ReadInt(_scratch, OffSeq);
                    if (!_hasCurrent || IsNewer(seq, _currentSeq))
                    {
                        Array.Copy(_scratch, _current, RecordLength);
                        _hasCurrent = true;
                        _currentSeq = seq;
                        _currentBlock = block;
                        _currentSlot = slot;
                    }
                }
            }

            return _hasCurrent ? JournalStatus.Ok : JournalStatus.Empty;
        }

        /// <summary>True when the current record is about the same image as <paramref name="job"/> (version, size, digests).</summary>
        public bool Matches(UpdateJob job)
        {
            if (!_hasCurrent || job == null || Kind == JournalKind.Idle)
            {
                return false;
            }

            int flags = _current[OffFlags];
            if (ReadInt(_current, OffSize) != job.Size || !StringEquals(_current, OffVersion, job.Version))
            {
                return false;
            }

            if (((flags & FlagMd5) != 0) != (job.Md5 != null) || ((flags & FlagSha256) != 0) != (job.Sha256 != null))
            {
                return false;
            }

            return (job.Md5 == null || BytesEqual(_current, OffMd5, job.Md5))
                && (job.Sha256 == null || BytesEqual(_current, OffSha256, job.Sha256));
        }

        /// <summary>Restores the hash mid-states saved with a Downloading or Staging record into <paramref name="md5"/> / <paramref name="sha256"/> (either may be null).</summary>
        /// <returns>False when a saved state is missing or does not import.</returns>
        public bool RestoreHashes(IStreamingHash md5, IStreamingHash sha256)
        {
            if (!_hasCurrent || (Kind != JournalKind.Downloading && Kind != JournalKind.Staging))
            {
                return false;
            }

            int flags = _current[OffFlags];
            if (md5 != null && ((flags & FlagMd5) == 0 || !md5.ImportState(_current, OffMd5State)))
            {
                return false;
            }

            return sha256 == null || ((flags & FlagSha256) != 0 && sha256.ImportState(_current, OffSha256State));
        }

        /// <summary>Records that the first <paramref name="committedOffset"/> bytes of <paramref name="job"/> are in flash and hashed.</summary>
        /// <param name="md5">The MD5 over exactly those bytes, when the job has an MD5.</param>
        /// <param name="sha256">The SHA-256 over exactly those bytes, when the job has a SHA-256.</param>
        /// <returns><see cref="JournalStatus.Ok"/>, <see cref="JournalStatus.TooLong"/> or <see cref="JournalStatus.FlashError"/>.</returns>
        public JournalStatus WriteDownloading(UpdateJob job, int committedOffset, IStreamingHash md5, IStreamingHash sha256)
        {
            return WriteProgress(JournalKind.Downloading, job, 0, committedOffset, md5, sha256);
        }

        /// <summary>Records that the first <paramref name="committedOffset"/> bytes of the image <paramref name="job"/>
        /// staged at <paramref name="address"/> of a gateway's staging area are in flash and hashed.</summary>
        /// <returns><see cref="JournalStatus.Ok"/>, <see cref="JournalStatus.TooLong"/> or <see cref="JournalStatus.FlashError"/>.</returns>
        public JournalStatus WriteStaging(UpdateJob job, int address, int committedOffset, IStreamingHash md5, IStreamingHash sha256)
        {
            return WriteProgress(JournalKind.Staging, job, address, committedOffset, md5, sha256);
        }

        private JournalStatus WriteProgress(JournalKind kind, UpdateJob job, int address, int committedOffset, IStreamingHash md5, IStreamingHash sha256)
        {
            if (!BeginRecord(kind, job, null))
            {
                return JournalStatus.TooLong;
            }

            WriteInt(_scratch, OffAddress, address);
            WriteInt(_scratch, OffCommitted, committedOffset);
            if (md5 != null && job.Md5 != null)
            {
                CheckStateSize(md5, Md5StateSize);
                md5.ExportState(_scratch, OffMd5State);
            }

            if (sha256 != null && job.Sha256 != null)
            {
                CheckStateSize(sha256, Sha256StateSize);
                sha256.ExportState(_scratch, OffSha256State);
            }

            return Commit();
        }

        /// <summary>Records that <paramref name="job"/> was activated while <paramref name="previousVersion"/> was running.</summary>
        /// <returns><see cref="JournalStatus.Ok"/>, <see cref="JournalStatus.TooLong"/> or <see cref="JournalStatus.FlashError"/>.</returns>
        public JournalStatus WriteAwaitingConfirm(UpdateJob job, string previousVersion)
        {
            return WriteAwaitingConfirm(job, previousVersion, 0);
        }

        /// <summary>Records that <paramref name="job"/> was activated while <paramref name="previousVersion"/> was
        /// running, after <paramref name="interruptedTrials"/> trial boots that ended in a reset (kept in the error field,
        /// which an AwaitingConfirm record does not otherwise use; records of earlier releases read 0).</summary>
        /// <returns><see cref="JournalStatus.Ok"/>, <see cref="JournalStatus.TooLong"/> or <see cref="JournalStatus.FlashError"/>.</returns>
        public JournalStatus WriteAwaitingConfirm(UpdateJob job, string previousVersion, int interruptedTrials)
        {
            if (!BeginRecord(JournalKind.AwaitingConfirm, job, previousVersion))
            {
                return JournalStatus.TooLong;
            }

            WriteInt(_scratch, OffError, interruptedTrials);
            return Commit();
        }

        /// <summary>
        /// Records the end of an update to be reported: <paramref name="version"/> is the job's version,
        /// <paramref name="runningVersion"/> what runs now (kept in the previous-version field), and the error (None on success).
        /// </summary>
        /// <returns><see cref="JournalStatus.Ok"/>, <see cref="JournalStatus.TooLong"/> or <see cref="JournalStatus.FlashError"/>.</returns>
        public JournalStatus WriteOutcome(string version, string correlationId, string runningVersion, UpdateError error, string detail)
        {
            Array.Clear(_scratch, 0, RecordLength);
            _scratch[OffKind] = (byte)JournalKind.Outcome;
            if (!WriteString(_scratch, OffVersion, version, MaxVersionLength)
                || !WriteString(_scratch, OffCorrelationId, correlationId, MaxIdLength)
                || !WriteString(_scratch, OffPreviousVersion, runningVersion, MaxVersionLength))
            {
                return JournalStatus.TooLong;
            }

            WriteInt(_scratch, OffError, (int)error);
            WriteString(_scratch, OffDetail, Truncate(detail, MaxDetailLength), MaxDetailLength);
            return Commit();
        }

        /// <summary>Records that nothing is pending (after an outcome was reported, or a job was abandoned).</summary>
        /// <returns><see cref="JournalStatus.Ok"/> or <see cref="JournalStatus.FlashError"/>.</returns>
        public JournalStatus WriteIdle()
        {
            Array.Clear(_scratch, 0, RecordLength);
            _scratch[OffKind] = (byte)JournalKind.Idle;
            return Commit();
        }

        private bool BeginRecord(JournalKind kind, UpdateJob job, string previousVersion)
        {
            Array.Clear(_scratch, 0, RecordLength);
            _scratch[OffKind] = (byte)kind;
            int flags = (job.Md5 != null ? FlagMd5 : 0) | (job.Sha256 != null ? FlagSha256 : 0);
            _scratch[OffFlags] = (byte)flags;
            WriteInt(_scratch, OffSize, job.Size);
            if (job.Md5 != null)
            {
                Array.Copy(job.Md5, 0, _scratch, OffMd5, 16);
            }

            if (job.Sha256 != null)
            {
                Array.Copy(job.Sha256, 0, _scratch, OffSha256, 32);
            }

            return WriteString(_scratch, OffVersion, job.Version, MaxVersionLength)
                && WriteString(_scratch, OffCorrelationId, job.CorrelationId, MaxIdLength)
                && WriteString(_scratch, OffPreviousVersion, previousVersion, MaxVersionLength);
        }

        private JournalStatus Commit()
        {
            if (_unreadable)
            {
                return JournalStatus.FlashError; // refuse to write until a Load has read every record
            }

            uint seq = _hasCurrent ? _currentSeq + 1 : 1;
            WriteInt(_scratch, OffMagic, (int)Magic);
            WriteInt(_scratch, OffSeq, (int)seq);
            _scratch[OffFormat] = FormatVersion;
            _scratch[OffFormat + 1] = 0;
            WriteInt(_scratch, OffCrc, (int)Crc32.Update(0, _scratch, 0, OffCrc));

            // The record goes into the next blank slot after the newest one; a slot that is not blank (left
            // half-programmed by an interrupted write) or does not read back as written is skipped. A full block
            // moves on to the next block of the ring, which is erased first; the block holding the newest record
            // is never erased.
            int block = _hasCurrent ? _currentBlock : 0;
            int slot = _hasCurrent ? _currentSlot + 1 : 0;
            bool needErase = !_hasCurrent;
            for (int attempt = 0; attempt < _slotsPerBlock * _blockCount; attempt++, slot++)
            {
                if (slot >= _slotsPerBlock)
                {
                    block = (block + 1) % _blockCount;
                    slot = 0;
                    needErase = true;
                }

                if (needErase)
                {
                    if (_hasCurrent && block == _currentBlock)
                    {
                        return JournalStatus.FlashError;
                    }

                    if (!_region.Erase(block * _region.EraseBlockSize, _region.EraseBlockSize).IsOk)
                    {
                        return JournalStatus.FlashError;
                    }

                    _blankBlock = block;
                    _blankFromSlot = 0;
                    needErase = false;
                }

                int address = SlotAddress(block, slot);
                if (block != _blankBlock || slot < _blankFromSlot)
                {
                    if (!_region.Read(address, _probe, 0, RecordLength).IsOk)
                    {
                        return JournalStatus.FlashError;
                    }

                    if (!IsBlank(_probe, _region.ErasedValue))
                    {
                        continue;
                    }
                }

                if (block == _blankBlock)
                {
                    _blankFromSlot = slot + 1; // from here on this slot is not known blank, whatever the write does
                }

                FlashStatus status = _region.Write(address, _scratch, 0, RecordLength).Status;
                if (status != FlashStatus.Ok && status != FlashStatus.NotErased)
                {
                    return JournalStatus.FlashError;
                }

                if (status == FlashStatus.Ok && _region.Read(address, _probe, 0, RecordLength).IsOk && SameBytes(_probe, _scratch))
                {
                    Array.Copy(_scratch, _current, RecordLength);
                    _hasCurrent = true;
                    _currentSeq = seq;
                    _currentBlock = block;
                    _currentSlot = slot;
                    return JournalStatus.Ok;
                }
            }

            return JournalStatus.FlashError;
        }

        private static bool IsBlank(byte[] buffer, byte erased)
        {
            for (int i = 0; i < buffer.Length; i++)
            {
                if (buffer[i] != erased)
                {
                    return false;
                }
            }

            return true;
        }

        private static bool SameBytes(byte[] a, byte[] b)
        {
            for (int i = 0; i < a.Length; i++)
            {
                if (a[i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }

        private int SlotAddress(int block, int slot)
        {
            return (block * _region.EraseBlockSize) + (slot * SlotSize);
        }

        private static bool IsValidRecord(byte[] record)
        {
            if ((uint)ReadInt(record, OffMagic) != Magic || record[OffFormat] != FormatVersion || record[OffKind] > (byte)JournalKind.Staging)
            {
                return false;
            }

            return (uint)ReadInt(record, OffCrc) == Crc32.Update(0, record, 0, OffCrc);
        }

        private static bool IsNewer(uint candidate, uint current)
        {
            // Serial-number arithmetic, so the journal survives sequence wrap-around.
            return (int)(candidate - current) > 0;
        }

        private static void CheckStateSize(IStreamingHash hash, int expected)
        {
            if (hash.StateSize != expected)
            {
                throw new ArgumentException("unexpected hash state size");
            }
        }

        private static string Truncate(string text, int max)
        {
            if (text == null || text.Length <= max)
            {
                return text;
            }

            return text.Substring(0, max);
        }

        private static bool WriteString(byte[] buffer, int offset, string value, int max)
        {
            if (value == null)
            {
                buffer[offset] = 0;
                return true;
            }

            if (value.Length > max)
            {
                return false;
            }

            buffer[offset] = (byte)value.Length;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                buffer[offset + 1 + i] = c < 0x80 ? (byte)c : (byte)'?';
            }

            return true;
        }

        private static string ReadString(byte[] buffer, int offset)
        {
            int length = buffer[offset];
            if (length == 0)
            {
                return string.Empty;
            }

            char[] chars = new char[length];
            for (int i = 0; i < length; i++)
            {
                chars[i] = (char)buffer[offset + 1 + i];
            }

            return new string(chars);
        }

        private static bool StringEquals(byte[] buffer, int offset, string value)
        {
            int length = buffer[offset];
            if (value == null || value.Length != length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (buffer[offset + 1 + i] != value[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static bool BytesEqual(byte[] buffer, int offset, byte[] value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                if (buffer[offset + i] != value[i])
                {
                    return false;
                }
            }

            return true;
        }

        private static int ReadInt(byte[] buffer, int offset)
        {
            return buffer[offset] | (buffer[offset + 1] << 8) | (buffer[offset + 2] << 16) | (buffer[offset + 3] << 24);
        }

        private static void WriteInt(byte[] buffer, int offset, int value)
        {
            buffer[offset] = (byte)value;
            buffer[offset + 1] = (byte)(value >> 8);
            buffer[offset + 2] = (byte)(value >> 16);
            buffer[offset + 3] = (byte)(value >> 24);
        }
    }
}
