// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links
{
    /// <summary>
    /// Management link from the gateway to one sub-device with a dual-slot bootloader: upload into the secondary slot
    /// in resumable chunks, read the slots, mark the new image for a test boot, confirm, reset. Every call is one
    /// request with its own timeout and retries; every expected failure is a <see cref="SubDeviceLinkResult"/>.
    /// <see cref="SubDeviceUpdater"/> drives a whole update over this interface.
    /// </summary>
    public interface ISubDeviceLink
    {
        /// <summary>Most image bytes <see cref="SendChunk"/> sends per request (fewer for the last chunk, or when the
        /// device's buffer cannot hold a full one).</summary>
        int ChunkSize { get; }

        /// <summary>Checks that the device answers.</summary>
        /// <returns>Ok, NoResponse, DeviceError or BadResponse.</returns>
        SubDeviceLinkResult Ping();

        /// <summary>Reads the state of every image slot; the active entry carries the running version.</summary>
        /// <returns>Ok (with <paramref name="images"/>), NoResponse, DeviceError or BadResponse.</returns>
        SubDeviceLinkResult ReadImages(out SubDeviceImageInfo[] images);

        /// <summary>
        /// Sends the chunk of <paramref name="image"/> starting at <paramref name="offset"/>; offset 0 also announces
        /// the length and SHA-256 (and lets the device resume a session it still holds for that SHA-256).
        /// <paramref name="nextOffset"/> is where the device wants the next chunk: it may differ from what was sent
        /// (after a lost response, a device reboot, or a resumed session); continue from it. The upload is complete
        /// when it equals the image length.
        /// </summary>
        /// <returns>Ok, NoResponse, DeviceError (for example a busy or pending slot), BadResponse, SourceReadFailed or
        /// VerificationFailed (the device says the bytes do not match the SHA-256).</returns>
        SubDeviceLinkResult SendChunk(ISubDeviceImage image, int offset, out int nextOffset);

        /// <summary>Marks the image with <paramref name="imageHash"/> (the device's hash from <see cref="ReadImages"/>)
        /// to be booted once on the next reset, reverting unless confirmed.</summary>
        /// <returns>Ok, NoResponse, DeviceError, BadResponse or ImageNotFound.</returns>
        SubDeviceLinkResult MarkForTest(byte[] imageHash);

        /// <summary>Confirms the running image so the bootloader keeps it.</summary>
        /// <returns>Ok, NoResponse, DeviceError or BadResponse.</returns>
        SubDeviceLinkResult ConfirmRunning();

        /// <summary>Asks the device to reset (it answers first); the bootloader then applies pending swaps or reverts.
        /// Sent once and never repeated: a repeated reset can reach the freshly booted test image and make the
        /// bootloader revert it. NoResponse therefore means "unknown": read the images to find out.</summary>
        /// <returns>Ok, NoResponse, DeviceError or BadResponse.</returns>
        SubDeviceLinkResult Reset();
    }
}
