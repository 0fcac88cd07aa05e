// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Update;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>
    /// <see cref="ISubDeviceLink"/> over MCUmgr SMP (SMP v1 "rc" errors; SMP v2 "err" maps are understood too): OS
    /// group echo, reset and MCUmgr parameters, image group state read/write and upload. Before the first upload the
    /// link asks the device's SMP buffer size (OS group, command 6); every upload request is then as large as fits in
    /// it, at most <see cref="ChunkSize"/> image bytes, computed from the request's real CBOR encoding. The request
    /// with offset 0 carries "len" and "sha" so the device can resume a broken session; the device's "off" in every
    /// upload response says where to continue. SMP v2 errors keep their group (<see cref="SubDeviceLinkResult.DeviceGroup"/>).
    /// </summary>
    /// <remarks>Why the limit matters: Zephyr's serial transport drops a packet that does not fit its buffer
    /// (CONFIG_MCUMGR_TRANSPORT_NETBUF_SIZE, 384 by default, including the 2-byte length and 2-byte CRC: at most 380
    /// bytes of header + CBOR) without answering, so an oversized request looks like a dead link. The first upload
    /// request costs chunk + 67 bytes (chunk + 69 for images of 64 KiB or more, whose "len" takes a 5-byte integer;
    /// 9 more with "upgrade": true).</remarks>
    public sealed class SmpSubDeviceLink : ISubDeviceLink
    {
        /// <summary>Request buffer room besides the chunk bytes (header, map keys, len, off, sha): more than the first
        /// upload request's real overhead.</summary>
        public const int RequestOverhead = SmpHeader.Size + 64;

        /// <summary>The buffer assumed when the device does not support the parameters command: Zephyr's default
        /// CONFIG_MCUMGR_TRANSPORT_NETBUF_SIZE (384, including the serial transport's 2-byte length and 2-byte CRC).</summary>
        public const int DefaultDeviceBufferSize = 384;

        /// <summary>Bytes of the device's SMP buffer the serial transport uses besides the packet (length and CRC).</summary>
        public const int SerialTransportOverhead = 4;

        private readonly SmpClient _client;
        private readonly byte[] _chunk;
        private int _devicePacketLimit;

        /// <summary>Creates a link.</summary>
        /// <param name="port">The serial line to the device.</param>
        /// <param name="clock">Time source for timeouts.</param>
        /// <param name="chunkSize">Most image bytes per upload request; fewer are sent when the device's SMP buffer (asked
        /// with the parameters command, else <see cref="DefaultDeviceBufferSize"/>) cannot hold the request.</param>
        /// <param name="timeoutMilliseconds">How long one attempt waits for its response.</param>
        /// <param name="maxAttempts">How many times each request is sent before NoResponse.</param>
        public SmpSubDeviceLink(ISerialPort port, IClock clock, int chunkSize, int timeoutMilliseconds, int maxAttempts)
        {
            if (chunkSize < 1 || chunkSize > SmpSerialFramer.MaxPacketLength - RequestOverhead)
            {
                throw new ArgumentOutOfRangeException("chunkSize");
            }

            _client = new SmpClient(port, clock, chunkSize + RequestOverhead, timeoutMilliseconds, maxAttempts);
            _chunk = new byte[chunkSize];
        }

        /// <summary>Most image bytes per upload request (a request carries fewer when the device's buffer is smaller).</summary>
        public int ChunkSize
        {
            get { return _chunk.Length; }
        }

        /// <summary>The SMP version of requests: 0 (SMP v1, default) or 1 (SMP v2, whose group errors keep their group in
        /// <see cref="SubDeviceLinkResult.DeviceGroup"/>).</summary>
        public int ProtocolVersion
        {
            get { return _client.ProtocolVersion; }
            set { _client.ProtocolVersion = value; }
        }

        /// <summary>When true, the first upload request carries <c>"upgrade": true</c>: the device refuses an image that is
        /// not newer than the one it runs (Zephyr's <c>img_mgmt_upload_inspect</c>: IMG_MGMT_ERR_CURRENT_VERSION_IS_NEWER)
        /// before it erases anything.</summary>
        public bool RequireNewerImage { get; set; }

        /// <summary>Largest request packet (header + CBOR) the device accepts, once known (0 before the first upload
        /// request or <see cref="ReadParameters"/>).</summary>
        public int DevicePacketLimit
        {
            get { return _devicePacketLimit; }
        }

        /// <summary>
        /// Asks the device its SMP buffer size and count (MCUmgr parameters, OS group command 6, Zephyr's
        /// <c>os_mgmt_mcumgr_params</c>) and sets <see cref="DevicePacketLimit"/> to the buffer size less the serial
        /// transport's length and CRC. A device without the command gets <see cref="DefaultDeviceBufferSize"/>.
        /// </summary>
        /// <returns>Ok (also when the default was assumed), or NoResponse.</returns>
        public SubDeviceLinkResult ReadParameters()
        {
            _client.BeginRequest().WriteMapStart(0);
            CborReader response;
            if (_client.Send(SmpOperation.Read, SmpCommands.OsGroup, SmpCommands.OsMcumgrParameters, out response) != SmpTransferStatus.Ok)
            {
                return NoResponse;
            }

            long bufferSize = -1;
            int rc = 0;
            int group = -1;
            string reason = null;
            int pairs;
            bool valid = response.ReadMapStart(out pairs) == CborStatus.Ok;
            for (int i = 0; valid && (pairs < 0 ? !response.TryReadBreak() : i < pairs); i++)
            {
                int keyOffset;
                int keyLength;
                valid = response.ReadTextString(out keyOffset, out keyLength) == CborStatus.Ok
                    && (response.TextEquals(keyOffset, keyLength, "buf_size")
                        ? response.ReadInt64(out bufferSize)
                        : ReadCommonField(response, keyOffset, keyLength, ref group, ref rc, ref reason)) == CborStatus.Ok;
            }

            if (!valid || rc != 0 || bufferSize <= SerialTransportOverhead + SmpHeader.Size)
            {
                bufferSize = DefaultDeviceBufferSize;
            }

            _devicePacketLimit = bufferSize - SerialTransportOverhead > SmpSerialFramer.MaxPacketLength
                ? SmpSerialFramer.MaxPacketLength
                : (int)bufferSize - SerialTransportOverhead;
            return SubDeviceLinkResult.Success;
        }


        /// <summary>The SMP client underneath (for its diagnostics counters).</summary>
        public SmpClient Client
        {
            get { return _client; }
        }

        /// <inheritdoc />
        public SubDeviceLinkResult Ping()
        {
            CborWriter writer = _client.BeginRequest();
            writer.WriteMapStart(1);
            writer.WriteText("d");
            writer.WriteText("ping");
            return Simple(SmpOperation.Write, SmpCommands.OsGroup, SmpCommands.OsEcho, 0);
        }

        /// <inheritdoc />
        public SubDeviceLinkResult Reset()
        {
            _client.BeginRequest().WriteMapStart(0);
            return Simple(SmpOperation.Write, SmpCommands.OsGroup, SmpCommands.OsReset, 1);
        }

        /// <inheritdoc />
        public SubDeviceLinkResult ConfirmRunning()
        {
            SubDeviceImageInfo[] ignored;
            CborWriter writer = _client.BeginRequest();
            writer.WriteMapStart(1);
            writer.WriteText("confirm");
            writer.WriteBool(true);
            return StateExchange(SmpOperation.Write, out ignored);
        }

        /// <inheritdoc />
        public SubDeviceLinkResult MarkForTest(byte[] imageHash)
        {
            if (imageHash == null)
            {
                throw new ArgumentNullException("imageHash");
            }

            SubDeviceImageInfo[] ignored;
            CborWriter writer = _client.BeginRequest();
            writer.WriteMapStart(2);
            writer.WriteText("hash");
            writer.WriteBytes(imageHash, 0, imageHash.Length);
            writer.WriteText("confirm");
            writer.WriteBool(false);
            SubDeviceLinkResult result = StateExchange(SmpOperation.Write, out ignored);
            if (result.Status == SubDeviceLinkStatus.DeviceError
                && ((result.DeviceGroup < 0 && result.DeviceCode == (int)SmpErrorCode.NoEntry)
                    || (result.DeviceGroup == SmpCommands.ImageGroup && result.DeviceCode == (int)SmpImageError.HashNotFound)))
            {
                return new SubDeviceLinkResult(SubDeviceLinkStatus.ImageNotFound, result.DeviceGroup, result.DeviceCode, "no image with that hash");
            }

            return result;
        }

        /// <inheritdoc />
        public SubDeviceLinkResult ReadImages(out SubDeviceImageInfo[] images)
        {
            _client.BeginRequest().WriteMapStart(0);
            return StateExchange(SmpOperation.Read, out images);
        }

        /// <inheritdoc />
        public SubDeviceLinkResult SendChunk(ISubDeviceImage image, int offset, out int nextOffset)
        {
            if (image == null)
            {
                throw new ArgumentNullException("image");
            }

            if (offset < 0 || offset > image.Length)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            nextOffset = offset;
            if (_devicePacketLimit == 0 && !ReadParameters().IsOk)
            {
                return NoResponse;
            }

            byte[] sha = offset == 0 ? image.Sha256 : null;
            CborWriter writer = _client.BeginRequest();
            bool upgrade = offset == 0 && RequireNewerImage;
            writer.WriteMapStart((offset == 0 ? (sha != null ? 4 : 3) : 2) + (upgrade ? 1 : 0));
            if (offset == 0)
            {
                writer.WriteText("len");
                writer.WriteUInt((ulong)image.Length);
            }

            if (upgrade)
            {
                writer.WriteText("upgrade");
                writer.WriteBool(true);
            }

            writer.WriteText("off");
            writer.WriteUInt((ulong)offset);
            if (sha != null)
            {
                writer.WriteText("sha");
                writer.WriteBytes(sha, 0, sha.Length);
            }

            writer.WriteText("data");

            // As many bytes as the device's buffer (and ours) holds, measured on the encoding written so far plus the
            // byte string's own head (1, 2 or 3 bytes for up to 23, 255 or 65535 bytes).
            int limit = _devicePacketLimit < _client.MaxRequestLength ? _devicePacketLimit : _client.MaxRequestLength;
            int prefix = SmpHeader.Size + writer.Length;
            int remaining = image.Length - offset;
            int count = remaining < _chunk.Length ? remaining : _chunk.Length;
            if (count > limit - prefix - 1)
            {
                count = limit - prefix - 1;
            }

            while (count > 0 && prefix + ByteStringHeadLength(count) + count > limit)
            {
                count--;
            }

            if (count <= 0 && remaining > 0)
            {
                return BadResponse("the device's SMP buffer (" + _devicePacketLimit.ToString() + " bytes per packet) cannot hold an upload request");
            }

            if (count > 0 && !image.Read(offset, _chunk, 0, count))
            {
                return new SubDeviceLinkResult(SubDeviceLinkStatus.SourceReadFailed, 0, "staged image read failed at " + offset.ToString());
            }

            writer.WriteBytes(_chunk, 0, count);

            CborReader response;
            if (_client.Send(SmpOperation.Write, SmpCommands.ImageGroup, SmpCommands.ImageUpload, out response) != SmpTransferStatus.Ok)
            {
                return NoResponse;
            }

            int pairs;
            if (response.ReadMapStart(out pairs) != CborStatus.Ok)
            {
                return BadResponse("upload response is not a map");
            }

            int rc = 0;
            int group = -1;
            long off = -1;
            bool matchSeen = false;
            bool match = false;
            string reason = null;
            for (int i = 0; pairs < 0 ? !response.TryReadBreak() : i < pairs; i++)
            {
                int keyOffset;
                int keyLength;
                if (response.ReadTextString(out keyOffset, out keyLength) != CborStatus.Ok)
                {
                    return BadResponse("upload response key");
                }

                CborStatus status;
                if (response.TextEquals(keyOffset, keyLength, "off"))
                {
                    status = response.ReadInt64(out off);
                }
                else if (response.TextEquals(keyOffset, keyLength, "match"))
                {
                    matchSeen = true;
                    status = response.ReadBool(out match);
                }
                else
                {
                    status = ReadCommonField(response, keyOffset, keyLength, ref group, ref rc, ref reason);
                }

                if (status != CborStatus.Ok)
                {
                    return BadResponse("upload response value");
                }
            }

            if (rc != 0)
            {
                bool notNewer = group == SmpCommands.ImageGroup && rc == (int)SmpImageError.CurrentVersionIsNewer;
                return new SubDeviceLinkResult(notNewer ? SubDeviceLinkStatus.ImageNotNewer : SubDeviceLinkStatus.DeviceError, group, rc, reason);
            }

            if (off < 0 || off > image.Length)
            {
                return BadResponse("upload response without a valid off");
            }

            nextOffset = (int)off;
            if (matchSeen && !match)
            {
                return new SubDeviceLinkResult(SubDeviceLinkStatus.VerificationFailed, 0, "device: uploaded data does not match sha");
            }

            return SubDeviceLinkResult.Success;
        }

        private static readonly SubDeviceLinkResult NoResponse =
            new SubDeviceLinkResult(SubDeviceLinkStatus.NoResponse, 0, "no valid response after all attempts");

        private static SubDeviceLinkResult BadResponse(string detail)
        {
            return new SubDeviceLinkResult(SubDeviceLinkStatus.BadResponse, 0, detail);
        }

        private static int ByteStringHeadLength(int length)
        {
            return length < 24 ? 1 : (length < 256 ? 2 : 3);
        }

        // Reads "rc" (group -1), "rsn" or the SMP v2 "err" map (group and rc); skips any other value.
        private static CborStatus ReadCommonField(CborReader reader, int keyOffset, int keyLength, ref int group, ref int rc, ref string reason)
        {
            if (reader.TextEquals(keyOffset, keyLength, "rc"))
            {
                return reader.ReadInt32(out rc);
            }

            if (reader.TextEquals(keyOffset, keyLength, "rsn"))
            {
                return reader.ReadText(out reason);
            }

            if (reader.TextEquals(keyOffset, keyLength, "err"))
            {
                int pairs;
                CborStatus status = reader.ReadMapStart(out pairs);
                for (int i = 0; status == CborStatus.Ok && (pairs < 0 ? !reader.TryReadBreak() : i < pairs); i++)
                {
                    int o;
                    int l;
                    status = reader.ReadTextString(out o, out l);
                    if (status == CborStatus.Ok)
                    {
                        if (reader.TextEquals(o, l, "rc"))
                        {
                            status = reader.ReadInt32(out rc);
                        }
                        else if (reader.TextEquals(o, l, "group"))
                        {
                            status = reader.ReadInt32(out group);
                        }
                        else
                        {
                            status = reader.Skip();
                        }
                    }
                }

                return status;
            }

            return reader.Skip();
        }

        // attempts 0: the client's default.
        private SubDeviceLinkResult Simple(SmpOperation operation, int group, int command, int attempts)
        {
            CborReader response;
            SmpTransferStatus status = attempts > 0
                ? _client.Send(operation, group, command, attempts, out response)
                : _client.Send(operation, group, command, out response);
            if (status != SmpTransferStatus.Ok)
            {
                return NoResponse;
            }

            int pairs;
            if (response.ReadMapStart(out pairs) != CborStatus.Ok)
            {
                return BadResponse("response is not a map");
            }

            int rc = 0;
            int errGroup = -1;
            string reason = null;
            for (int i = 0; pairs < 0 ? !response.TryReadBreak() : i < pairs; i++)
            {
                int keyOffset;
                int keyLength;
                if (response.ReadTextString(out keyOffset, out keyLength) != CborStatus.Ok
                    || ReadCommonField(response, keyOffset, keyLength, ref errGroup, ref rc, ref reason) != CborStatus.Ok)
                {
                    return BadResponse("response field");
                }
            }

            return rc == 0 ? SubDeviceLinkResult.Success : new SubDeviceLinkResult(SubDeviceLinkStatus.DeviceError, errGroup, rc, reason);
        }

        private SubDeviceLinkResult StateExchange(SmpOperation operation, out SubDeviceImageInfo[] images)
        {
            images = null;
            CborReader response;
            if (_client.Send(operation, SmpCommands.ImageGroup, SmpCommands.ImageState, out response) != SmpTransferStatus.Ok)
            {
                return NoResponse;
            }

            int pairs;
            if (response.ReadMapStart(out pairs) != CborStatus.Ok)
            {
                return BadResponse("state response is not a map");
            }

            int rc = 0;
            int group = -1;
            string reason = null;
            ArrayList list = null;
            for (int i = 0; pairs < 0 ? !response.TryReadBreak() : i < pairs; i++)
            {
                int keyOffset;
                int keyLength;
                if (response.ReadTextString(out keyOffset, out keyLength) != CborStatus.Ok)
                {
                    return BadResponse("state response key");
                }

                if (response.TextEquals(keyOffset, keyLength, "images"))
                {
                    list = new ArrayList();
                    if (!ReadImageArray(response, list))
                    {
                        return BadResponse("state response images");
                    }
                }
                else if (ReadCommonField(response, keyOffset, keyLength, ref group, ref rc, ref reason) != CborStatus.Ok)
                {
                    return BadResponse("state response field");
                }
            }

            if (rc != 0)
            {
                return new SubDeviceLinkResult(SubDeviceLinkStatus.DeviceError, group, rc, reason);
            }

            if (list == null)
            {
                return BadResponse("state response without images");
            }

            images = new SubDeviceImageInfo[list.Count];
            for (int i = 0; i < list.Count; i++)
            {
                images[i] = (SubDeviceImageInfo)list[i];
            }

            return SubDeviceLinkResult.Success;
        }

        private static bool ReadImageArray(CborReader reader, ArrayList list)
        {
            int items;
            if (reader.ReadArrayStart(out items) != CborStatus.Ok)
            {
                return false;
            }

            for (int i = 0; items < 0 ? !reader.TryReadBreak() : i < items; i++)
            {
                int pairs;
                if (reader.ReadMapStart(out pairs) != CborStatus.Ok)
                {
                    return false;
                }

                SubDeviceImageInfo info = new SubDeviceImageInfo();
                bool slotSeen = false;
                for (int j = 0; pairs < 0 ? !reader.TryReadBreak() : j < pairs; j++)
                {
                    int o;
                    int l;
                    if (reader.ReadTextString(out o, out l) != CborStatus.Ok)
                    {
                        return false;
                    }

                    CborStatus status;
                    int number;
                    bool flag;
                    if (reader.TextEquals(o, l, "image"))
                    {
                        status = reader.ReadInt32(out number);
                        info.Image = number;
                    }
                    else if (reader.TextEquals(o, l, "slot"))
                    {
                        status = reader.ReadInt32(out number);
                        info.Slot = number;
                        slotSeen = true;
                    }
                    else if (reader.TextEquals(o, l, "version"))
                    {
                        string version;
                        status = reader.ReadText(out version);
                        info.Version = version;
                    }
                    else if (reader.TextEquals(o, l, "hash"))
                    {
                        byte[] hash;
                        status = reader.ReadBytes(out hash);
                        info.Hash = hash;
                    }
                    else if (IsFlag(reader, o, l))
                    {
                        status = reader.ReadBool(out flag);
                        SetFlag(reader, info, o, l, flag);
                    }
                    else
                    {
                        status = reader.Skip();
                    }

                    if (status != CborStatus.Ok)
                    {
                        return false;
                    }
                }

                if (!slotSeen)
                {
                    return false;
                }

                list.Add(info);
            }

            return true;
        }

        private static bool IsFlag(CborReader reader, int o, int l)
        {
            return reader.TextEquals(o, l, "bootable") || reader.TextEquals(o, l, "pending")
                || reader.TextEquals(o, l, "confirmed") || reader.TextEquals(o, l, "active")
                || reader.TextEquals(o, l, "permanent");
        }

        private static void SetFlag(CborReader reader, SubDeviceImageInfo info, int o, int l, bool value)
        {
            if (reader.TextEquals(o, l, "bootable"))
            {
                info.Bootable = value;
            }
            else if (reader.TextEquals(o, l, "pending"))
            {
                info.Pending = value;
            }
            else if (reader.TextEquals(o, l, "confirmed"))
            {
                info.Confirmed = value;
            }
            else if (reader.TextEquals(o, l, "active"))
            {
                info.Active = value;
            }
            else
            {
                info.Permanent = value;
            }
        }
    }
}
