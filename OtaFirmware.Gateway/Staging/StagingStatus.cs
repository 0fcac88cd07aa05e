// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;

namespace OtaFirmware.Gateway.Staging
{
    /// <summary>Outcome of a <see cref="StagedImageStore"/> or <see cref="StagedImage"/> operation. Values are pinned.</summary>
    public enum StagingStatus
    {
        /// <summary>Done.</summary>
        Ok = 0,

        /// <summary>The image is larger than the whole staging region: the job can never be staged here.
        /// Reported before any byte is fetched.</summary>
        TooSmall = 1,

        /// <summary>The image would fit the region, but other pending jobs' images hold the space now; retry after
        /// they finish. Reported before any byte is fetched.</summary>
        NoSpace = 2,

        /// <summary>The table of staged images is full.</summary>
        TableFull = 3,

        /// <summary>A write that is not the next sequential one, or beyond the image size.</summary>
        OutOfRange = 4,

        /// <summary>The flash region failed (erase, write or read).</summary>
        FlashError = 5,

        /// <summary>The image is not completely staged and verified yet, or it was freed.</summary>
        NotReady = 6,
    }
}
