// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Threading;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Flash;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.Update;

namespace OtaFirmware.SimulatedHardware.SubDevice
{
    /// <summary>
    /// A sub-device with an MCUboot-style dual-slot bootloader and an MCUmgr SMP server on a serial line (the same
    /// framing as the gateway's <see cref="SmpSubDeviceLink"/>). Slot 0 runs, uploads go to slot 1 with lazy erase.
    /// Upload follows Zephyr img_mgmt (<c>img_mgmt.c</c>, <c>img_mgmt_upload_inspect</c>): "off" 0 with "len" (and "sha")
    /// starts a session, or resumes the one in RAM whose "sha" matches (the "sha" alone decides); "upgrade": true refuses
    /// an image not newer than the running one; a chunk at any other offset than the expected one is not written and
    /// the expected offset is answered; the last chunk is checked against "sha" ("match"). A slot is listed only when it
    /// holds an image with a TLV area and a SHA-256 TLV (<c>img_mgmt_read_info</c>); its hash is that TLV. Flags and the
    /// state write follow <c>img_mgmt_state.c</c> (after an upload slot 1 has no flag; after test "pending"; after a test
    /// boot the running image is not "confirmed" and slot 1, the image to revert to, is). Errors: SMP v1 requests get the
    /// image group's code translated to an MCUmgr "rc", SMP v2 requests get <c>err: {group, rc}</c>. The bootloader
    /// validates slot 1 at the swap as MCUboot does (<c>McubootImageCheck</c>: SHA-256 TLV, and the signature with a
    /// verifier) and erases it instead of booting it when it does not validate. Packets larger than
    /// <see cref="BufferSize"/> minus the 2-byte length and 2-byte CRC are dropped silently, as Zephyr's serial transport
    /// does. Faults: <see cref="Faults"/>.
    /// </summary>
    public sealed class SimulatedSubDevice
    {
        private const int MaxPacket = 2048;

        private readonly ISerialPort _port;
        private readonly IClock _clock;
        private readonly IStreamingHash _hash;
        private readonly NorFlash[] _slots = new NorFlash[2];
        private readonly int[] _slotLength = new int[2];
        private readonly string[] _slotVersion = new string[2];
        private readonly byte[][] _slotHash = new byte[2][];
        private readonly SmpSerialDecoder _decoder = new SmpSerialDecoder(MaxPacket);
        private readonly SmpHeader _header = new SmpHeader();
        private readonly CborReader _reader;
        private readonly byte[] _response = new byte[MaxPacket];
        private readonly CborWriter _writer;
        private readonly byte[] _encoded = new byte[SmpSerialFramer.EncodedLength(MaxPacket)];
        private readonly byte[] _receive = new byte[256];
        private readonly byte[] _digest;

        private bool _primaryConfirmed = true;
        private bool _testBooted;
        private bool _secondaryPending;
        private bool _secondaryPermanent;

        private bool _uploadActive;
        private int _uploadOffset;
        private int _uploadLength;
        private byte[] _uploadSha;
        private byte[] _completedSha;
        private int _erasedUpTo;

        private long _linkDownUntil = -1;
        private int _bytesReceived;
        private bool _dropDone;
        private bool _rebootDone;
        private int _sentFrames;
        private int _receivedFrames;
        private int _receivedLinePosition;

        private readonly McubootImageCheck _check;
        private string _lastCheck;
        private readonly object _sync = new object();
        private Thread _thread;
        private bool _stop;

        /// <summary>Creates a device whose primary slot holds <paramref name="initialImage"/>, confirmed.</summary>
        /// <param name="port">Its end of the serial line.</param>
        /// <param name="clock">Time source for link-down and boot delays.</param>
        /// <param name="sha256">SHA-256 used to check uploads and to name images.</param>
        /// <param name="initialImage">The running image (an MCUboot header gives its version).</param>
        /// <param name="slotSize">Size of each slot (a multiple of 4096).</param>
        public SimulatedSubDevice(ISerialPort port, IClock clock, IStreamingHash sha256, byte[] initialImage, int slotSize)
            : this(port, clock, sha256, initialImage, slotSize, null)
        {
        }

        /// <summary>Creates a device whose bootloader also requires a signature that <paramref name="verifier"/> accepts
        /// (MCUboot built with a key).</summary>
        /// <param name="port">Its end of the serial line.</param>
        /// <param name="clock">Time source for link-down and boot delays.</param>
        /// <param name="sha256">SHA-256 used to check uploads and images (it must be the real SHA-256: the images carry
        /// imgtool's SHA-256 TLV).</param>
        /// <param name="initialImage">The running image (an MCUboot image with its TLV area).</param>
        /// <param name="slotSize">Size of each slot (a multiple of 4096).</param>
        /// <param name="verifier">The bootloader's trusted key, or null for an unsigned MCUboot.</param>
        public SimulatedSubDevice(ISerialPort port, IClock clock, IStreamingHash sha256, byte[] initialImage, int slotSize, IImageSignatureVerifier verifier)
        {
            if (port == null || clock == null || sha256 == null || initialImage == null)
            {
                throw new ArgumentNullException(port == null ? "port" : (clock == null ? "clock" : (sha256 == null ? "sha256" : "initialImage")));
            }

            if (initialImage.Length > slotSize)
            {
                throw new ArgumentOutOfRangeException("slotSize");
            }

            _port = port;
            _clock = clock;
            _hash = sha256;
            _digest = new byte[sha256.DigestSize];
            _slots[0] = new NorFlash(new MemoryFlashMedium(slotSize), 4096, 1);
            _slots[1] = new NorFlash(new MemoryFlashMedium(slotSize), 4096, 1);
            _reader = new CborReader(_response, 0, 0);
            _writer = new CborWriter(_response, SmpHeader.Size, MaxPacket - SmpHeader.Size);
            Faults = new SubDeviceFaults();
            BufferSize = DefaultBufferSize;
            BufferCount = 4;
            ParametersSupported = true;
            _check = new McubootImageCheck(sha256, verifier);
            _slots[0].Write(0, initialImage, 0, initialImage.Length);
            SetSlotImage(0, initialImage.Length);
            if (_slotHash[0] == null)
            {
                throw new ArgumentException("initialImage is not a valid MCUboot image: " + _lastCheck);
            }
        }

        /// <summary>CONFIG_MCUMGR_TRANSPORT_NETBUF_SIZE's default: 384 bytes, including the serial transport's 2-byte
        /// length and 2-byte CRC, so the largest SMP packet (header + CBOR) is 380 bytes.</summary>
        public const int DefaultBufferSize = 384;

        /// <summary>The SMP buffer size (CONFIG_MCUMGR_TRANSPORT_NETBUF_SIZE); larger packets are dropped unanswered.</summary>
        public int BufferSize { get; set; }

        /// <summary>The number of SMP buffers (CONFIG_MCUMGR_TRANSPORT_NETBUF_COUNT), as answered by the parameters command.</summary>
        public int BufferCount { get; set; }

        /// <summary>False to behave as a build without CONFIG_MCUMGR_GRP_OS_MCUMGR_PARAMS (the command is not supported).</summary>
        public bool ParametersSupported { get; set; }

        /// <summary>Packets dropped so far because they did not fit <see cref="BufferSize"/>.</summary>
        public int OversizePacketsDropped { get; private set; }

        /// <summary>Times the bootloader refused (and erased) a pending image that did not validate.</summary>
        public int ImagesRefusedAtBoot { get; private set; }

        /// <summary>Faults to inject.</summary>
        public SubDeviceFaults Faults { get; set; }

        /// <summary>How long the device stays silent after a reboot.</summary>
        public int BootMilliseconds { get; set; }

        /// <summary>Boots so far (not counting the first).</summary>
        public int BootCount { get; private set; }

        /// <summary>Upload requests received (including repeated and rejected ones).</summary>
        public int UploadRequests { get; private set; }

        /// <summary>Upload requests whose data was written to flash.</summary>
        public int ChunksWritten { get; private set; }

        /// <summary>Version of the running image.</summary>
        public string RunningVersion
        {
            get { return _slotVersion[0]; }
        }

        /// <summary>True when the running image is confirmed.</summary>
        public bool RunningConfirmed
        {
            get { return _primaryConfirmed; }
        }

        /// <summary>Version of the complete image in slot 1, or null.</summary>
        public string SecondaryVersion
        {
            get { return _slotHash[1] != null ? _slotVersion[1] : null; }
        }

        /// <summary>Copies the image in <paramref name="slot"/> (0 or 1), or returns null when the slot has none.</summary>
        public byte[] ReadSlot(int slot)
        {
            lock (_sync)
            {
                return CopySlot(slot);
            }
        }

        /// <summary>Serves requests on a background thread until <see cref="Stop"/>.</summary>
        public void Start()
        {
            _stop = false;
            _thread = new Thread(Run);
            _thread.Start();
        }

        /// <summary>Stops the background thread and waits for it.</summary>
        public void Stop()
        {
            _stop = true;
            if (_thread != null)
            {
                _thread.Join();
                _thread = null;
            }
        }

        /// <summary>Reads what arrives within <paramref name="timeoutMilliseconds"/> and answers complete requests.</summary>
        public void Poll(int timeoutMilliseconds)
        {
            int n = _port.Read(_receive, 0, _receive.Length, timeoutMilliseconds);
            lock (_sync)
            {
                for (int i = 0; i < n; i++)
                {
                    Receive(_receive[i]);
                }
            }
        }

        /// <summary>Resets the device as a power cycle would: RAM state is lost, the bootloader runs.</summary>
        public void PowerCycle()
        {
            lock (_sync)
            {
                Reboot();
            }
        }

        private void Run()
        {
            while (!_stop)
            {
                Poll(20);
            }
        }

        private bool LinkDown
        {
            get { return _linkDownUntil >= 0 && _clock.UptimeMilliseconds < _linkDownUntil; }
        }

        private void Receive(byte value)
        {
            _bytesReceived++;
            if (Faults.DropLinkAfterBytes >= 0 && !_dropDone && _bytesReceived > Faults.DropLinkAfterBytes)
            {
                _dropDone = true;
                _linkDownUntil = _clock.UptimeMilliseconds + Faults.LinkDownMilliseconds;
            }

            if (LinkDown || Faults.NeverAnswer)
            {
                _decoder.Reset();
                _receivedLinePosition = 0;
                return;
            }

            if (value == (byte)'\n')
            {
                _receivedLinePosition = 0;
            }
            else if (++_receivedLinePosition == 1)
            {
                _receivedFrames++;
            }
            else if (_receivedLinePosition == 4 && Faults.CorruptEveryKthReceivedFrame > 0 && _receivedFrames % Faults.CorruptEveryKthReceivedFrame == 0)
            {
                value = (byte)'*';
            }

            if (_decoder.Push(value) != SmpFrameEvent.PacketReady)
            {
                return;
            }

            // Zephyr's serial transport reassembles length + packet + CRC into one netbuf and drops what does not fit.
            if (_decoder.PacketLength + 4 > BufferSize)
            {
                OversizePacketsDropped++;
                return;
            }

            if (_header.TryReadFrom(_decoder.Packet, 0, _decoder.PacketLength)
                && (_header.Operation == (int)SmpOperation.Read || _header.Operation == (int)SmpOperation.Write))
            {
                _reader.Reset(_decoder.Packet, SmpHeader.Size, _header.DataLength);
                Handle();
            }
        }

        private void Handle()
        {
            int group = _header.Group;
            int command = _header.Command;
            bool write = _header.Operation == (int)SmpOperation.Write;
            _writer.Reset();
            if (group == SmpCommands.OsGroup && command == SmpCommands.OsEcho)
            {
                string text = FindText("d");
                if (text == null)
                {
                    Error(SmpErrorCode.InvalidValue, "d missing");
                }
                else
                {
                    _writer.WriteMapStart(1);
                    _writer.WriteText("r");
                    _writer.WriteText(text);
                }

                Send();
            }
            else if (group == SmpCommands.OsGroup && command == SmpCommands.OsMcumgrParameters && !write && ParametersSupported)
            {
                _writer.WriteMapStart(2);
                _writer.WriteText("buf_size");
                _writer.WriteUInt((ulong)BufferSize);
                _writer.WriteText("buf_count");
                _writer.WriteUInt((ulong)BufferCount);
                Send();
            }
            else if (group == SmpCommands.OsGroup && command == SmpCommands.OsReset && write)
            {
                _writer.WriteMapStart(0);
                if (!Faults.LoseResetResponses)
                {
                    Send();
                }

                Reboot();
            }
            else if (group == SmpCommands.ImageGroup && command == SmpCommands.ImageState)
            {
                if (!write || ApplyStateWrite())
                {
                    WriteState();
                }

                Send();
            }
            else if (group == SmpCommands.ImageGroup && command == SmpCommands.ImageUpload && write)
            {
                UploadRequests++;
                if (HandleUpload())
                {
                    Send();
                }
            }
            else
            {
                Error(SmpErrorCode.NotSupported, null);
                Send();
            }
        }

        // Returns false when the device rebooted instead of answering.
        private bool HandleUpload()
        {
            long off = -1;
            long len = -1;
            int dataOffset = -1;
            int dataLength = 0;
            int shaOffset = -1;
            int shaLength = 0;
            bool upgrade = false;
            int pairs;
            if (_reader.ReadMapStart(out pairs) != CborStatus.Ok)
            {
                return Refuse(SmpErrorCode.InvalidValue, "not a map");
            }

            for (int i = 0; pairs < 0 ? !_reader.TryReadBreak() : i < pairs; i++)
            {
                int o;
                int l;
                CborStatus status = _reader.ReadTextString(out o, out l);
                if (status == CborStatus.Ok)
                {
                    if (_reader.TextEquals(o, l, "off"))
                    {
                        status = _reader.ReadInt64(out off);
                    }
                    else if (_reader.TextEquals(o, l, "len"))
                    {
                        status = _reader.ReadInt64(out len);
                    }
                    else if (_reader.TextEquals(o, l, "data"))
                    {
                        status = _reader.ReadByteString(out dataOffset, out dataLength);
                    }
                    else if (_reader.TextEquals(o, l, "sha"))
                    {
                        status = _reader.ReadByteString(out shaOffset, out shaLength);
                    }
                    else if (_reader.TextEquals(o, l, "upgrade"))
                    {
                        status = _reader.ReadBool(out upgrade);
                    }
                    else
                    {
                        status = _reader.Skip();
                    }
                }

                if (status != CborStatus.Ok)
                {
                    return Refuse(SmpErrorCode.InvalidValue, "bad request");
                }
            }

            if (off < 0)
            {
                return ImageError(SmpImageError.InvalidOffset, "off missing");
            }

            if (dataOffset < 0)
            {
                dataOffset = 0;
                dataLength = 0;
            }

            byte[] packet = _decoder.Packet;
            if (off == 0)
            {
                // img_mgmt_upload_inspect, first chunk: header, len, magic and sha length first; then a session with
                // the same sha is resumed (the sha alone decides); then the slot and the version are checked.
                if (dataLength < McubootImage.HeaderSize)
                {
                    return ImageError(SmpImageError.InvalidImageHeader, "header malformed");
                }

                if (len < 0)
                {
                    return ImageError(SmpImageError.InvalidLength, "len missing");
                }

                string version;
                if (!McubootImage.TryReadVersion(packet, dataOffset, dataLength, out version))
                {
                    return ImageError(SmpImageError.InvalidImageHeaderMagic, "magic mismatch");
                }

                if (shaLength > 32)
                {
                    return ImageError(SmpImageError.InvalidHash, "sha longer than 32 bytes");
                }

                if (shaLength > 0 && _uploadActive && _uploadSha != null && SameBytes(packet, shaOffset, shaLength, _uploadSha))
                {
                    bool done = _uploadOffset == _uploadLength;
                    return Answer(_uploadOffset, done && _uploadSha.Length == 32, done && _slotHash[1] != null);
                }

                if (len > _slots[1].Size)
                {
                    return ImageError(SmpImageError.InvalidImageTooLarge, "img too large");
                }

                McubootVersion offered;
                McubootVersion running;
                if (upgrade && McubootVersion.TryParse(version, out offered) && McubootVersion.TryParse(_slotVersion[0], out running)
                    && McubootVersion.Compare(running, offered) >= 0)
                {
                    return ImageError(SmpImageError.CurrentVersionIsNewer, "downgrade");
                }

                if (_secondaryPending || !_primaryConfirmed)
                {
                    return ImageError(SmpImageError.NoFreeSlot, "no slot");
                }

                // CONFIG_IMG_ENABLE_IMAGE_CHECK: slot 1 already holds data with this full SHA-256: nothing to upload.
                if (_completedSha != null && _slotHash[1] != null && shaLength == 32 && len == _slotLength[1]
                    && SameBytes(packet, shaOffset, shaLength, _completedSha))
                {
                    return Answer((int)len, true, true);
                }

                _completedSha = null;
                _uploadActive = true;
                _uploadOffset = 0;
                _uploadLength = (int)len;
                _uploadSha = null;
                if (shaLength > 0)
                {
                    _uploadSha = new byte[shaLength];
                    Array.Copy(packet, shaOffset, _uploadSha, 0, shaLength);
                }

                _erasedUpTo = 0;
                _slotHash[1] = null;
                _hash.Reset();
            }

            if (!_uploadActive || off != _uploadOffset)
            {
                bool complete = _uploadActive && _uploadOffset == _uploadLength && _uploadSha != null && _uploadSha.Length == 32;
                return Answer(_uploadActive ? _uploadOffset : 0, complete, _slotHash[1] != null);
            }

            if (off + dataLength > _uploadLength)
            {
                return ImageError(SmpImageError.InvalidImageDataOverrun, "data overrun");
            }

            int end = _uploadOffset + dataLength;
            if (end > _erasedUpTo)
            {
                int eraseEnd = ((end + 4095) / 4096) * 4096;
                if (!_slots[1].Erase(_erasedUpTo, eraseEnd - _erasedUpTo).IsOk)
                {
                    return ImageError(SmpImageError.FlashEraseFailed, "fa erase fail");
                }

                _erasedUpTo = eraseEnd;
            }

            if (!_slots[1].Write(_uploadOffset, packet, dataOffset, dataLength).IsOk)
            {
                return ImageError(SmpImageError.FlashWriteFailed, "fa write fail");
            }

            _hash.Append(packet, dataOffset, dataLength);
            _uploadOffset = end;
            ChunksWritten++;
            if (Faults.RebootAtUploadOffset >= 0 && !_rebootDone && _uploadOffset >= Faults.RebootAtUploadOffset)
            {
                _rebootDone = true;
                Reboot();
                return false;
            }

            if (_uploadOffset < _uploadLength)
            {
                return Answer(_uploadOffset, false, false);
            }

            _hash.Finish(_digest, 0);
            _hash.Reset();
            bool fullSha = _uploadSha != null && _uploadSha.Length == 32;
            bool match = !fullSha || SameBytes(_digest, 0, _digest.Length, _uploadSha);
            SetSlotImage(1, _uploadLength);

            // Zephyr resets the upload state when the last chunk is written.
            _uploadActive = false;
            _completedSha = fullSha && match ? _uploadSha : null;
            return Answer(_uploadOffset, fullSha, match);
        }

        // Image state write as img_mgmt_state_write and img_mgmt_set_next_boot_slot (single image, swap mode).
        // Returns false (and writes an error) when the request is refused.
        private bool ApplyStateWrite()
        {
            byte[] hash = null;
            bool confirm = false;
            int pairs;
            if (_reader.ReadMapStart(out pairs) != CborStatus.Ok)
            {
                return Error(SmpErrorCode.InvalidValue, "not a map");
            }

            for (int i = 0; pairs < 0 ? !_reader.TryReadBreak() : i < pairs; i++)
            {
                int o;
                int l;
                CborStatus status = _reader.ReadTextString(out o, out l);
                if (status == CborStatus.Ok)
                {
                    if (_reader.TextEquals(o, l, "hash"))
                    {
                        status = _reader.ReadBytes(out hash);
                    }
                    else if (_reader.TextEquals(o, l, "confirm"))
                    {
                        status = _reader.ReadBool(out confirm);
                    }
                    else
                    {
                        status = _reader.Skip();
                    }
                }

                if (status != CborStatus.Ok)
                {
                    return Error(SmpErrorCode.InvalidValue, "bad request");
                }
            }

            int slot;
            if (hash == null || hash.Length == 0)
            {
                if (!confirm)
                {
                    ImageError(SmpImageError.InvalidHash, "test without a hash");
                    return false;
                }

                slot = 0;
            }
            else if (hash.Length != McubootFormat.HashLength)
            {
                ImageError(SmpImageError.InvalidHash, "hash of the wrong length");
                return false;
            }
            else
            {
                slot = SameBytes(hash, 0, hash.Length, _slotHash[0]) ? 0 : (SameBytes(hash, 0, hash.Length, _slotHash[1]) ? 1 : -1);
                if (slot < 0)
                {
                    ImageError(SmpImageError.HashNotFound, "no image with that hash");
                    return false;
                }
            }

            // Next boot: TEST (slot 1 pending once), NORMAL to slot 1 (pending permanent), REVERT (running image under
            // test, slot 1 holds the one to go back to), or NORMAL to slot 0.
            bool test = _secondaryPending && !_secondaryPermanent;
            bool revert = !_secondaryPending && !_primaryConfirmed;
            int nextBoot = _secondaryPending || revert ? 1 : 0;
            if (!confirm && slot == 0)
            {
                ImageError(SmpImageError.ImageSettingTestToActiveDenied, "test of the active slot");
                return false;
            }

            if (test)
            {
                if (!confirm && slot == nextBoot)
                {
                    return true;
                }

                ImageError(SmpImageError.ImageAlreadyPending, "already pending");
                return false;
            }

            if (revert)
            {
                if (!confirm)
                {
                    ImageError(SmpImageError.ImageAlreadyPending, "running image under test");
                    return false;
                }

                if (slot == nextBoot)
                {
                    return true;
                }
            }
            else
            {
                if (confirm && slot == nextBoot)
                {
                    return true;
                }

                if ((slot == 0 && nextBoot != 0) || (!confirm && slot != 0 && slot == nextBoot))
                {
                    ImageError(SmpImageError.ImageAlreadyPending, "already pending");
                    return false;
                }
            }

            if (slot == 0)
            {
                _primaryConfirmed = true;
                _testBooted = false;
            }
            else
            {
                _secondaryPending = true;
                _secondaryPermanent = confirm;
            }

            return true;
        }

        private void WriteState()
        {
            // img_mgmt_state_read: flags of the active slot and of the other one from the next boot type.
            bool test = _secondaryPending && !_secondaryPermanent;
            bool permanent = _secondaryPending && _secondaryPermanent;
            bool revert = !_secondaryPending && !_primaryConfirmed;
            int count = _slotHash[1] != null ? 2 : 1;
            _writer.WriteMapStart(2);
            _writer.WriteText("images");
            _writer.WriteArrayStart(count);
            for (int slot = 0; slot < count; slot++)
            {
                bool primary = slot == 0;
                _writer.WriteMapStart(8);
                _writer.WriteText("slot");
                _writer.WriteUInt((ulong)slot);
                _writer.WriteText("version");
                _writer.WriteText(_slotVersion[slot]);
                _writer.WriteText("hash");
                _writer.WriteBytes(_slotHash[slot], 0, _slotHash[slot].Length);
                _writer.WriteText("bootable");
                _writer.WriteBool(true);
                _writer.WriteText("pending");
                _writer.WriteBool(!primary && (test || permanent));
                _writer.WriteText("confirmed");
                _writer.WriteBool(primary ? !revert : revert);
                _writer.WriteText("active");
                _writer.WriteBool(primary);
                _writer.WriteText("permanent");
                _writer.WriteBool(!primary && permanent);
            }

            _writer.WriteText("splitStatus");
            _writer.WriteInt(0);
        }

        private bool Answer(int offset, bool withMatch, bool match)
        {
            _writer.Reset();
            _writer.WriteMapStart(withMatch ? 2 : 1);
            _writer.WriteText("off");
            _writer.WriteUInt((ulong)offset);
            if (withMatch)
            {
                _writer.WriteText("match");
                _writer.WriteBool(match);
            }

            return true;
        }

        // Writes an error response that is still to be sent.
        private bool Refuse(SmpErrorCode code, string reason)
        {
            Error(code, reason);
            return true;
        }

        // smp_add_cmd_err: an SMP v2 request gets err {group, rc}; an SMP v1 request the translated rc
        // (img_mgmt_translate_error_code). Returns true: the error response is still to be sent.
        private bool ImageError(SmpImageError code, string reason)
        {
            if (_header.Version >= 1)
            {
                _writer.Reset();
                _writer.WriteMapStart(reason != null ? 2 : 1);
                _writer.WriteText("err");
                _writer.WriteMapStart(2);
                _writer.WriteText("group");
                _writer.WriteUInt((ulong)SmpCommands.ImageGroup);
                _writer.WriteText("rc");
                _writer.WriteInt((int)code);
                if (reason != null)
                {
                    _writer.WriteText("rsn");
                    _writer.WriteText(reason);
                }

                return true;
            }

            Error(Translate(code), reason);
            return true;
        }

        private static SmpErrorCode Translate(SmpImageError code)
        {
            switch (code)
            {
                case SmpImageError.NoImage:
                case SmpImageError.NoTlvs:
                    return SmpErrorCode.NoEntry;
                case SmpImageError.NoFreeSlot:
                case SmpImageError.CurrentVersionIsNewer:
                case SmpImageError.ImageAlreadyPending:
                    return SmpErrorCode.BadState;
                case SmpImageError.InvalidOffset:
                case SmpImageError.InvalidLength:
                case SmpImageError.InvalidImageHeader:
                case SmpImageError.InvalidHash:
                    return SmpErrorCode.InvalidValue;
                default:
                    return SmpErrorCode.Unknown;
            }
        }

        private bool Error(SmpErrorCode code, string reason)
        {
            _writer.Reset();
            _writer.WriteMapStart(reason != null ? 2 : 1);
            _writer.WriteText("rc");
            _writer.WriteInt((int)code);
            if (reason != null)
            {
                _writer.WriteText("rsn");
                _writer.WriteText(reason);
            }

            return code == SmpErrorCode.Ok;
        }

        private void Send()
        {
            _header.Operation += 1;
            _header.DataLength = _writer.Length;
            _header.WriteTo(_response, 0);
            int length = SmpSerialFramer.Encode(_response, 0, SmpHeader.Size + _writer.Length, _encoded, 0);
            int frameStart = 0;
            for (int i = 0; i < length; i++)
            {
                if (_encoded[i] != (byte)'\n')
                {
                    continue;
                }

                _sentFrames++;
                int k = Faults.CorruptEveryKthSentFrame;
                if (k > 0 && _sentFrames % k == 0)
                {
                    int at = frameStart + 4;
                    bool breakCrc = (_sentFrames / k) % 2 == 1;
                    _encoded[at] = breakCrc ? (_encoded[at] == (byte)'A' ? (byte)'B' : (byte)'A') : (byte)'*';
                }

                frameStart = i + 1;
            }

            if (!LinkDown && !Faults.NeverAnswer)
            {
                _port.Write(_encoded, 0, length);
            }
        }

        private void Reboot()
        {
            _uploadActive = false;
            _uploadOffset = 0;
            _uploadSha = null;
            _decoder.Reset();
            _hash.Reset();
            if (_secondaryPending && !_check.Check(new SlotImage(this, 1)).IsOk)
            {
                // MCUboot's boot_validate_slot: a secondary image that does not validate is erased, not booted.
                ImagesRefusedAtBoot++;
                _slots[1].Erase(0, _slots[1].Size);
                _slotHash[1] = null;
                _slotLength[1] = 0;
                _secondaryPending = false;
                _secondaryPermanent = false;
            }
            else if (_secondaryPending)
            {
                _completedSha = null;
                SwapSlots();
                _primaryConfirmed = _secondaryPermanent;
                _testBooted = !_secondaryPermanent;
                _secondaryPending = false;
                _secondaryPermanent = false;
            }
            else if (_testBooted && !_primaryConfirmed)
            {
                SwapSlots();
                _primaryConfirmed = true;
                _testBooted = false;
            }

            BootCount++;
            if (BootMilliseconds > 0)
            {
                _linkDownUntil = _clock.UptimeMilliseconds + BootMilliseconds;
            }
        }

        private byte[] CopySlot(int slot)
        {
            if (_slotHash[slot] == null)
            {
                return null;
            }

            byte[] image = new byte[_slotLength[slot]];
            _slots[slot].Read(0, image, 0, image.Length);
            return image;
        }

        private void SwapSlots()
        {
            byte[] first = CopySlot(0);
            byte[] second = CopySlot(1);
            int[] lengths = new int[] { _slotLength[0], _slotLength[1] };
            string[] versions = new string[] { _slotVersion[0], _slotVersion[1] };
            byte[][] hashes = new byte[][] { _slotHash[0], _slotHash[1] };
            _slots[0].Erase(0, _slots[0].Size);
            _slots[1].Erase(0, _slots[1].Size);
            if (second != null)
            {
                _slots[0].Write(0, second, 0, second.Length);
            }

            if (first != null)
            {
                _slots[1].Write(0, first, 0, first.Length);
            }

            _slotLength[0] = lengths[1];
            _slotLength[1] = lengths[0];
            _slotVersion[0] = versions[1];
            _slotVersion[1] = versions[0];
            _slotHash[0] = hashes[1];
            _slotHash[1] = hashes[0];
        }

        // Lists the slot as img_mgmt_read_info does: header magic, TLV area, one SHA-256 TLV (its value is the hash).
        private void SetSlotImage(int slot, int length)
        {
            _slotLength[slot] = length;
            McubootCheckResult info = _check.ReadInfo(new SlotImage(this, slot));
            _slotHash[slot] = info.IsOk ? info.Hash : null;
            _slotVersion[slot] = info.IsOk ? info.Version : null;
            _lastCheck = info.IsOk ? null : McubootImageCheck.StatusName(info.Status) + ": " + info.Detail;
        }

        // One slot as the image reader sees it.
        private sealed class SlotImage : ISubDeviceImage
        {
            private readonly SimulatedSubDevice _device;
            private readonly int _slot;

            public SlotImage(SimulatedSubDevice device, int slot)
            {
                _device = device;
                _slot = slot;
            }

            public int Length
            {
                get { return _device._slotLength[_slot]; }
            }

            public byte[] Sha256
            {
                get { return null; }
            }

            public bool Read(int imageOffset, byte[] buffer, int offset, int count)
            {
                return imageOffset >= 0 && imageOffset + count <= Length
                    && _device._slots[_slot].Read(imageOffset, buffer, offset, count).IsOk;
            }
        }

        private string FindText(string key)
        {
            int pairs;
            if (_reader.ReadMapStart(out pairs) != CborStatus.Ok)
            {
                return null;
            }

            for (int i = 0; pairs < 0 ? !_reader.TryReadBreak() : i < pairs; i++)
            {
                int o;
                int l;
                if (_reader.ReadTextString(out o, out l) != CborStatus.Ok)
                {
                    return null;
                }

                string value;
                if (_reader.TextEquals(o, l, key))
                {
                    return _reader.ReadText(out value) == CborStatus.Ok ? value : null;
                }

                if (_reader.Skip() != CborStatus.Ok)
                {
                    return null;
                }
            }

            return null;
        }

        private static bool SameBytes(byte[] a, int offset, int length, byte[] b)
        {
            if (a == null || b == null || b.Length != length)
            {
                return false;
            }

            for (int i = 0; i < length; i++)
            {
                if (a[offset + i] != b[i])
                {
                    return false;
                }
            }

            return true;
        }
    }
}
