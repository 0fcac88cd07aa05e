// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links
{
    /// <summary>The firmware file to send to a sub-device, readable at any offset (a staged image on the gateway).</summary>
    public interface ISubDeviceImage
    {
        /// <summary>Exact length of the file in bytes.</summary>
        int Length { get; }

        /// <summary>SHA-256 of the whole file (32 bytes), or null when unknown (the device then cannot resume a session
        /// after losing its offset, nor verify the upload).</summary>
        byte[] Sha256 { get; }

        /// <summary>Copies <paramref name="count"/> bytes of the file from <paramref name="imageOffset"/>.</summary>
        /// <returns>True when read; false when the storage failed.</returns>
        bool Read(int imageOffset, byte[] buffer, int offset, int count);
    }
}
