// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Configuration
{
    /// <summary>The cloud a device talks to (the <c>cloud</c> key of <c>device_info.json</c>). Values are pinned.</summary>
    public enum CloudKind
    {
        /// <summary>Not known: the configuration is not valid.</summary>
        Unknown = 0,

        /// <summary>Tencent IoT Hub / IoT Explorer (<c>"tencent"</c>, the default when the key is absent).</summary>
        Tencent = 1,

        /// <summary>Aliyun IoT Platform (<c>"aliyun"</c>).</summary>
        Aliyun = 2,

        /// <summary>JD Cloud IoT Engine (<c>"jdcloud"</c>).</summary>
        JdCloud = 3,
    }
}
