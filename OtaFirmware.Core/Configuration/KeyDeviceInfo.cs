// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Configuration
{
    /// <summary>The <c>key_deviceinfo</c> object of <c>device_info.json</c> (key authentication).</summary>
    public sealed class KeyDeviceInfo
    {
        /// <summary>Creates an empty object.</summary>
        public KeyDeviceInfo()
        {
        }

        /// <summary>The device secret as the console issued it (base64 on Tencent, plain text on Aliyun).</summary>
        public string deviceSecret { get; set; }
    }
}
