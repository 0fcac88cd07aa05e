// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Esp32;
using OtaFirmware.Esp32Ota;
using OtaFirmware.Flash;
using OtaFirmware.Security;
using OtaFirmware.Integrity;
using OtaFirmware.Update;
using nanoFramework.Runtime.Native;

namespace OtaFirmware.Device
{
    /// <summary>
    /// <see cref="IFirmwareSlot"/> on the OtaFirmware.Esp32Ota interop: one call per member, esp_err_t mapped by
    /// <see cref="EspErrorMap"/> into a <see cref="FlashResult"/> that keeps the code, and logged when it is not ESP_OK.
    /// With native hashes (<see cref="NativeStreamingHash"/>) a chunk is written and hashed in one interop call
    /// (<see cref="IHashingFirmwareSlot"/>, NativeOta.WriteAndHash).
    /// </summary>
    public sealed class Esp32FirmwareSlot : IHashingFirmwareSlot
    {
        private const int OtaSubtypeFirst = 0x10;
        private const int OtaSubtypeLast = 0x1F;

        private readonly ILog _log;
        private readonly int _capacity;
        private readonly int _eraseBlockSize;
        private readonly int _writeAlignment;
        private readonly int _runningSlot;
        private readonly string _runningVersion;
        private readonly int[] _state = new int[1];
        private Esp32AntiRollbackCounter _antiRollback;
        private ImagePolicy _policy;
        private byte[] _idleMd5State;
        private byte[] _idleSha256State;

        private Esp32FirmwareSlot(ILog log, int capacity, int eraseBlockSize, int writeAlignment, int runningSlot, string runningVersion)
        {
            _log = log;
            _capacity = capacity;
            _eraseBlockSize = eraseBlockSize;
            _writeAlignment = writeAlignment;
            _runningSlot = runningSlot;
            _runningVersion = runningVersion;
        }

        /// <summary>Opens the update slot. Fails on stock firmware (no interop) or a partition table without OTA slots.</summary>
        /// <param name="log">Where failures are logged.</param>
        /// <param name="slot">The slot, or null.</param>
        /// <returns>ESP_OK or the esp_err_t that prevented it.</returns>
        public static int TryOpen(ILog log, out Esp32FirmwareSlot slot)
        {
            slot = null;
            int[] update = new int[NativeOta.InfoLength];
            int err = NativeOta.GetPartitionInfo(NativeOta.UpdatePartition, update);
            if (err != EspErrorMap.Ok)
            {
                return err;
            }

            int[] running = new int[NativeOta.InfoLength];
            err = NativeOta.GetPartitionInfo(NativeOta.RunningPartition, running);
            if (err != EspErrorMap.Ok)
            {
                return err;
            }

            int subtype = running[NativeOta.InfoSubtype];
            int runningSlot = subtype >= OtaSubtypeFirst && subtype <= OtaSubtypeLast ? subtype - OtaSubtypeFirst : -1;

            byte[] version = new byte[32];
            string runningVersion = NativeOta.GetRunningAppVersion(version) == EspErrorMap.Ok ? CString(version) : string.Empty;

            slot = new Esp32FirmwareSlot(
                log,
                update[NativeOta.InfoSize],
                update[NativeOta.InfoEraseSize],
                update[NativeOta.InfoEncrypted] != 0 ? 16 : 1,
                runningSlot,
                runningVersion);
            return EspErrorMap.Ok;
        }

        /// <inheritdoc />
        public int Capacity
        {
            get { return _capacity; }
        }

        /// <inheritdoc />
        public int EraseBlockSize
        {
            get { return _eraseBlockSize; }
        }

        /// <inheritdoc />
        public int WriteAlignment
        {
            get { return _writeAlignment; }
        }

        /// <inheritdoc />
        public ImageState RunningState
        {
            get
            {
                lock (_state)
                {
                    int err = NativeOta.GetRunningImageState(_state);
                    return EspErrorMap.ToImageState(err, _state[0]);
                }
            }
        }

        /// <inheritdoc />
        public string RunningVersion
        {
            get { return _runningVersion; }
        }

        /// <inheritdoc />
        public int RunningSlot
        {
            get { return _runningSlot; }
        }

        /// <inheritdoc />
        public FlashResult EraseBlock(int offset)
        {
            if (offset < 0 || offset >= _capacity || offset % _eraseBlockSize != 0)
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            return Map("erase", NativeOta.Erase(NativeOta.UpdatePartition, offset, _eraseBlockSize));
        }

        /// <inheritdoc />
        public FlashResult Write(int offset, byte[] buffer, int bufferOffset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || bufferOffset < 0 || bufferOffset > buffer.Length - count
                || offset > _capacity - count)
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            return Map("write", NativeOta.Write(NativeOta.UpdatePartition, offset, buffer, bufferOffset, count));
        }

        /// <summary>True when both hashes (where given) are native ones of the right algorithm: only their state
        /// arrays can be appended to inside NativeOta.WriteAndHash. The managed fallback hashes are not.</summary>
        public bool CanHash(IStreamingHash md5, IStreamingHash sha256)
        {
            return IsNative(md5, NativeOta.HashMd5) && IsNative(sha256, NativeOta.HashSha256);
        }

        /// <summary>
        /// One interop crossing per chunk: NativeOta.WriteAndHash programs the bytes (esp_partition_write) and, only when
        /// that succeeded, appends the first <paramref name="hashCount"/> of them to the native hash states, in place.
        /// </summary>
        /// <remarks>The native call checks both state arrays even when only one is appended to, so a hash the job does
        /// not use (null) is stood in for by an idle, reset state of its algorithm, made once.</remarks>
        /// <returns>As <see cref="Write"/>; a failed write leaves both hashes unchanged.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="hashCount"/> is outside 0 to <paramref name="count"/>.</exception>
        /// <exception cref="ArgumentException">A hash that <see cref="CanHash"/> does not accept.</exception>
        /// <exception cref="InvalidOperationException">A hash was finished and not reset.</exception>
        public FlashResult WriteAndHash(int offset, byte[] buffer, int bufferOffset, int count, int hashCount, IStreamingHash md5, IStreamingHash sha256)
        {
            if (hashCount < 0 || hashCount > count)
            {
                throw new ArgumentOutOfRangeException("hashCount");
            }

            if (!CanHash(md5, sha256))
            {
                throw new ArgumentException("WriteAndHash needs native hashes (CanHash)");
            }

            if (buffer == null || offset < 0 || count < 0 || bufferOffset < 0 || bufferOffset > buffer.Length - count
                || offset > _capacity - count)
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            int mask = (md5 != null ? NativeOta.HashMaskMd5 : 0) | (sha256 != null ? NativeOta.HashMaskSha256 : 0);
            byte[] md5State = md5 != null ? ((NativeStreamingHash)md5).StateToAppend() : IdleState(NativeOta.HashMd5);
            byte[] sha256State = sha256 != null ? ((NativeStreamingHash)sha256).StateToAppend() : IdleState(NativeOta.HashSha256);
            return Map("write", NativeOta.WriteAndHash(NativeOta.UpdatePartition, offset, buffer, bufferOffset, count, hashCount, mask, md5State, sha256State));
        }

        /// <inheritdoc />
        public FlashResult Read(int offset, byte[] buffer, int bufferOffset, int count)
        {
            if (buffer == null || offset < 0 || count < 0 || bufferOffset < 0 || bufferOffset > buffer.Length - count
                || offset > _capacity - count)
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            return Map("read", NativeOta.Read(NativeOta.UpdatePartition, offset, buffer, bufferOffset, count));
        }

        /// <inheritdoc />
        public FlashResult Activate(int imageSize)
        {
            if (imageSize <= 0 || imageSize > _capacity)
            {
                return FlashResult.Fail(FlashStatus.InvalidImage);
            }

            // esp_ota_set_boot_partition verifies the image (segments, checksum, appended SHA-256) first.
            return Map("set boot partition", NativeOta.SetBootToUpdatePartition());
        }

        /// <inheritdoc />
        public FlashResult MarkRunningValid()
        {
            FlashResult result = Map("mark valid", NativeOta.MarkAppValidCancelRollback());
            if (result.IsOk && _antiRollback != null)
            {
                // with anti-rollback on, esp_ota_mark_app_valid_cancel_rollback has just raised the eFuse counter
                _antiRollback.Apply(_policy);
            }

            return result;
        }

        /// <summary>After each successful <see cref="MarkRunningValid"/>, re-reads the anti-rollback counter into <paramref name="policy"/>.</summary>
        /// <param name="counter">The counter reader.</param>
        /// <param name="policy">The device's image policy.</param>
        public void AfterConfirmed(Esp32AntiRollbackCounter counter, ImagePolicy policy)
        {
            _antiRollback = counter;
            _policy = policy;
        }

        /// <inheritdoc />
        public FlashResult MarkRunningInvalid()
        {
            return Map("mark invalid", NativeOta.MarkAppInvalidRollback());
        }

        /// <inheritdoc />
        public void Reboot()
        {
            _log.Write("slot: rebooting");
            Power.RebootDevice();
        }

        private FlashResult Map(string operation, int err)
        {
            FlashResult result = EspErrorMap.ToResult(err);
            if (!result.IsOk)
            {
                _log.Write("slot: " + operation + " failed: " + result.ToString());
            }

            return result;
        }

        private static bool IsNative(IStreamingHash hash, int algorithm)
        {
            NativeStreamingHash native = hash as NativeStreamingHash;
            return hash == null || (native != null && native.Algorithm == algorithm);
        }

        private byte[] IdleState(int algorithm)
        {
            if (algorithm == NativeOta.HashMd5)
            {
                if (_idleMd5State == null)
                {
                    _idleMd5State = NativeStreamingHash.CreateMd5().StateToAppend();
                }

                return _idleMd5State;
            }

            if (_idleSha256State == null)
            {
                _idleSha256State = NativeStreamingHash.CreateSha256().StateToAppend();
            }

            return _idleSha256State;
        }

        private static string CString(byte[] bytes)
        {
            int length = 0;
            while (length < bytes.Length && bytes[length] != 0)
            {
                length++;
            }

            return Encoding.UTF8.GetString(bytes, 0, length);
        }
    }
}
