// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Agent
{
    /// <summary>
    /// Decides, on the first boot of a new image (PENDING_VERIFY), whether it is healthy enough to keep. It should
    /// include "can reach the cloud": an image that cannot be updated again must not be confirmed.
    /// </summary>
    public interface IHealthCheck
    {
        /// <summary>Runs the check.</summary>
        /// <param name="reason">Why the image is unhealthy, or null when healthy.</param>
        /// <returns>True to confirm the image, false to roll back.</returns>
        bool Check(out string reason);
    }
}
