// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>What one <see cref="UpdatePipeline.Step"/> achieved. Values are pinned.</summary>
    public enum StepStatus
    {
        /// <summary>Bytes moved (or a restart was arranged); call Step again.</summary>
        InProgress = 0,

        /// <summary>The whole image is in the slot and its digests match; call Activate.</summary>
        Downloaded = 1,

        /// <summary>The step failed; the result says why and whether retrying can help.</summary>
        Failed = 2,
    }
}
