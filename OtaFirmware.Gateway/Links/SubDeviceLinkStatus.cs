// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links
{
    /// <summary>Outcome of one request to a sub-device. Values are pinned: they appear in logs and reports.</summary>
    public enum SubDeviceLinkStatus
    {
        /// <summary>The device answered and accepted the request.</summary>
        Ok = 0,

        /// <summary>No valid answer within the timeout, after every retry (link down, device busy or rebooting).</summary>
        NoResponse = 1,

        /// <summary>The device answered with an error; <see cref="SubDeviceLinkResult.DeviceCode"/> holds its code.</summary>
        DeviceError = 2,

        /// <summary>The device answered something that is not a valid response (bad CBOR, missing fields).</summary>
        BadResponse = 3,

        /// <summary>The device holds no image the request could apply to (no uploaded image, unknown hash).</summary>
        ImageNotFound = 4,

        /// <summary>The device reports that the uploaded bytes do not match the announced SHA-256.</summary>
        VerificationFailed = 5,

        /// <summary>The gateway could not read the image from its own storage.</summary>
        SourceReadFailed = 6,

        /// <summary>The device is not running the image that was expected after an activation.</summary>
        WrongImageRunning = 7,

        /// <summary>The gateway refused the image before sending it (no valid MCUboot TLV area, SHA-256 TLV or signature),
        /// or the device lists another hash for the uploaded image than the image's SHA-256 TLV.</summary>
        ImageRejected = 8,

        /// <summary>The device refused an upload marked as an upgrade because the image is not newer than the one it runs
        /// (SMP v2 <c>err: {group 1, rc 27}</c>, IMG_MGMT_ERR_CURRENT_VERSION_IS_NEWER; over SMP v1 Zephyr translates it
        /// to the generic MGMT_ERR_EBADSTATE, which stays a <see cref="DeviceError"/>).</summary>
        ImageNotNewer = 9,
    }
}
