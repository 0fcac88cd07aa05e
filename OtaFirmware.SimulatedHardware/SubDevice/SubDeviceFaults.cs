// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.SimulatedHardware.SubDevice
{
    /// <summary>Faults the <see cref="SimulatedSubDevice"/> injects; set before starting it. -1 / 0 / false mean off.</summary>
    public sealed class SubDeviceFaults
    {
        /// <summary>Creates a fault set with every fault off.</summary>
        public SubDeviceFaults()
        {
            DropLinkAfterBytes = -1;
            RebootAtUploadOffset = -1;
        }

        /// <summary>After this many received bytes the link goes down for <see cref="LinkDownMilliseconds"/>: bytes
        /// in both directions are lost, including the partial frame. Once per device.</summary>
        public int DropLinkAfterBytes { get; set; }

        /// <summary>How long a dropped link stays down.</summary>
        public int LinkDownMilliseconds { get; set; }

        /// <summary>Every K-th frame the device sends is corrupted (alternately a wrong base64 character, which breaks
        /// the CRC, and an invalid one, which breaks the base64). 0 = off.</summary>
        public int CorruptEveryKthSentFrame { get; set; }

        /// <summary>Every K-th frame the device receives is corrupted (an invalid base64 character). 0 = off.</summary>
        public int CorruptEveryKthReceivedFrame { get; set; }

        /// <summary>When an upload reaches this offset the device reboots before answering (RAM upload state lost,
        /// flash kept). Once per device.</summary>
        public int RebootAtUploadOffset { get; set; }

        /// <summary>The device resets on a reset request but its answer is lost (as when the UART is not flushed).</summary>
        public bool LoseResetResponses { get; set; }

        /// <summary>The device reads everything and answers nothing.</summary>
        public bool NeverAnswer { get; set; }
    }
}
