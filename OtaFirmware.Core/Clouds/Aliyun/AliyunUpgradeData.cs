// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Clouds.Aliyun
{
    /// <summary>The <c>data</c> object of an Aliyun upgrade message (strings as in <see cref="AliyunUpgradeMessage"/>).</summary>
    public sealed class AliyunUpgradeData
    {
        /// <summary>Image size in bytes.</summary>
        public string size { get; set; }

        /// <summary>Target version.</summary>
        public string version { get; set; }

        /// <summary>Download URL (signed, valid about 30 minutes).</summary>
        public string url { get; set; }

        /// <summary>MD5 of the image, 32 hex digits (older messages).</summary>
        public string md5 { get; set; }

        /// <summary>Digest of the image, hex; its algorithm is <see cref="signMethod"/>.</summary>
        public string sign { get; set; }

        /// <summary>"Md5", "SHA256" or "Sha256".</summary>
        public string signMethod { get; set; }

        /// <summary>Module the firmware is for; absent or "default" for the device's own application.</summary>
        public string module { get; set; }

        /// <summary>"1" (or "true") for a differential package, which this agent cannot apply.</summary>
        public string isDiff { get; set; }
    }
}
