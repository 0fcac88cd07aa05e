// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>What one byte fed to <see cref="SmpSerialDecoder.Push"/> completed. Values are pinned.</summary>
    public enum SmpFrameEvent
    {
        /// <summary>Nothing complete yet (or a non-SMP console line was skipped).</summary>
        None = 0,

        /// <summary>A whole packet with a good CRC is in <see cref="SmpSerialDecoder.Packet"/>.</summary>
        PacketReady = 1,

        /// <summary>A frame's body was not valid base64; the packet being assembled was dropped.</summary>
        DroppedBadBase64 = 2,

        /// <summary>The CRC of a complete packet did not match; the packet was dropped.</summary>
        DroppedBadCrc = 3,

        /// <summary>A frame longer than the limit, or a packet larger than the buffer, was dropped.</summary>
        DroppedTooLong = 4,

        /// <summary>A continuation frame arrived with no packet started; it was dropped.</summary>
        DroppedOrphanContinuation = 5,

        /// <summary>The frames carried more bytes than the total length announced; the packet was dropped.</summary>
        DroppedLengthMismatch = 6,
    }
}
