// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Update;

namespace OtaFirmware.SimulatedHardware
{
    /// <summary>What the <see cref="SimulatedBootloader"/> decided on one reset: the app it started, or why none.</summary>
    public sealed class BootResult
    {
        /// <summary>Slot index of a factory app.</summary>
        public const int FactorySlot = -1;

        private BootResult(bool succeeded, PartitionTable table, PartitionEntry partition, int slot, string version, ImageState state, string log, string failureReason)
        {
            IsOk = succeeded;
            Table = table;
            Partition = partition;
            Slot = slot;
            Version = version;
            State = state;
            Log = log;
            FailureReason = failureReason;
        }

        /// <summary>True when an app was started.</summary>
        public bool IsOk { get; private set; }

        /// <summary>The partition table read from 0x8000 (null when it could not be read).</summary>
        public PartitionTable Table { get; private set; }

        /// <summary>The partition of the app started (null on failure).</summary>
        public PartitionEntry Partition { get; private set; }

        /// <summary>OTA slot index of the app started (0 for ota_0), <see cref="FactorySlot"/> for factory.</summary>
        public int Slot { get; private set; }

        /// <summary>Version from the app descriptor of the app started (empty on failure).</summary>
        public string Version { get; private set; }

        /// <summary>otadata state of the started slot after the boot (PENDING_VERIFY after a NEW image), Undefined when no entry names it.</summary>
        public ImageState State { get; private set; }

        /// <summary>What the bootloader did, one decision per line.</summary>
        public string Log { get; private set; }

        /// <summary>Why nothing booted (empty on success).</summary>
        public string FailureReason { get; private set; }

        internal static BootResult Booted(PartitionTable table, PartitionEntry partition, int slot, string version, ImageState state, string log)
        {
            return new BootResult(true, table, partition, slot, version, state, log, string.Empty);
        }

        internal static BootResult Failed(PartitionTable table, string log, string reason)
        {
            return new BootResult(false, table, null, FactorySlot, string.Empty, ImageState.Undefined, log, reason);
        }
    }
}
