// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;
using OtaFirmware.Esp32;
using OtaFirmware.Esp32Ota;
using OtaFirmware.Flash;

namespace OtaFirmware.Device
{
    /// <summary>
    /// <see cref="IFlashRegion"/> over one of OtaFirmware's partitions through the OtaFirmware.Esp32Ota interop, which
    /// finds them by custom type 0x40, subtype and label: <c>otarec</c> (subtype 0x00, the resume journal) or
    /// <c>staging</c> (subtype 0x01, the gateway's staged sub-device images). NOR flash silently ANDs bits, so every write is read back to report
    /// <see cref="FlashStatus.NotErased"/> like the simulated flash does.
    /// </summary>
    public sealed class Esp32PartitionRegion : IFlashRegion
    {
        private const int VerifyChunk = 64;

        private readonly ILog _log;
        private readonly string _name;
        private readonly int _partition;
        private readonly int _size;
        private readonly int _eraseBlockSize;
        private readonly int _writeAlignment;
        private readonly byte[] _verify = new byte[VerifyChunk];

        private Esp32PartitionRegion(ILog log, string name, int partition, int size, int eraseBlockSize, int writeAlignment)
        {
            _log = log;
            _name = name;
            _partition = partition;
            _size = size;
            _eraseBlockSize = eraseBlockSize;
            _writeAlignment = writeAlignment;
        }

        /// <summary>Opens the journal partition.</summary>
        /// <param name="log">Where failures are logged.</param>
        /// <param name="region">The region, or null.</param>
        /// <returns>ESP_OK, or the esp_err_t (ESP_ERR_NOT_FOUND: the partition table has no <c>otarec</c>).</returns>
        public static int TryOpenJournal(ILog log, out Esp32PartitionRegion region)
        {
            return TryOpen(log, "journal", NativeOta.JournalPartition, out region);
        }

        /// <summary>Opens the gateway's staging partition.</summary>
        /// <param name="log">Where failures are logged.</param>
        /// <param name="region">The region, or null.</param>
        /// <returns>ESP_OK, or the esp_err_t (ESP_ERR_NOT_FOUND: the partition table has no <c>staging</c>;
        /// ESP_ERR_INVALID_ARG: the nanoCLR's interop predates the staging selector).</returns>
        public static int TryOpenStaging(ILog log, out Esp32PartitionRegion region)
        {
            return TryOpen(log, "staging", NativeOta.StagingPartition, out region);
        }

        private static int TryOpen(ILog log, string name, int partition, out Esp32PartitionRegion region)
        {
            region = null;
            int[] info = new int[NativeOta.InfoLength];
            int err = NativeOta.GetPartitionInfo(partition, info);
            if (err != EspErrorMap.Ok)
            {
                return err;
            }

            region = new Esp32PartitionRegion(
                log,
                name,
                partition,
                info[NativeOta.InfoSize],
                info[NativeOta.InfoEraseSize],
                info[NativeOta.InfoEncrypted] != 0 ? 16 : 1);
            return EspErrorMap.Ok;
        }

        /// <inheritdoc />
        public int Size
        {
            get { return _size; }
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
        public byte ErasedValue
        {
            get { return 0xFF; }
        }

        /// <inheritdoc />
        public FlashResult Read(int address, byte[] buffer, int offset, int count)
        {
            if (!Fits(address, buffer, offset, count))
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            return Map("read", NativeOta.Read(_partition, address, buffer, offset, count));
        }

        /// <inheritdoc />
        public FlashResult Write(int address, byte[] buffer, int offset, int count)
        {
            if (!Fits(address, buffer, offset, count))
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            if (address % _writeAlignment != 0 || count % _writeAlignment != 0)
            {
                return FlashResult.Fail(FlashStatus.Unaligned);
            }

            FlashResult status = Map("write", NativeOta.Write(_partition, address, buffer, offset, count));
            if (!status.IsOk)
            {
                return status;
            }

            lock (_verify)
            {
                for (int done = 0; done < count; done += VerifyChunk)
                {
                    int n = count - done < VerifyChunk ? count - done : VerifyChunk;
                    status = Map("verify", NativeOta.Read(_partition, address + done, _verify, 0, n));
                    if (!status.IsOk)
                    {
                        return status;
                    }

                    for (int i = 0; i < n; i++)
                    {
                        if (_verify[i] != buffer[offset + done + i])
                        {
                            return FlashResult.Fail(FlashStatus.NotErased);
                        }
                    }
                }
            }

            return FlashResult.Ok;
        }

        /// <inheritdoc />
        public FlashResult Erase(int address, int length)
        {
            if (address < 0 || length < 0 || address > _size - length)
            {
                return FlashResult.Fail(FlashStatus.OutOfRange);
            }

            if (address % _eraseBlockSize != 0 || length % _eraseBlockSize != 0)
            {
                return FlashResult.Fail(FlashStatus.Unaligned);
            }

            return Map("erase", NativeOta.Erase(_partition, address, length));
        }

        private bool Fits(int address, byte[] buffer, int offset, int count)
        {
            return buffer != null && address >= 0 && count >= 0 && offset >= 0 && offset <= buffer.Length - count
                && address <= _size - count;
        }

        private FlashResult Map(string operation, int err)
        {
            FlashResult result = EspErrorMap.ToResult(err);
            if (!result.IsOk)
            {
                _log.Write(_name + ": " + operation + " failed: " + result.ToString());
            }

            return result;
        }
    }
}
