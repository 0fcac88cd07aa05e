// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Clouds.JdCloud
{
    /// <summary>The <c>data</c> object of a JD Cloud firmware message (strings as in <see cref="JdFirmwareMessage"/>).</summary>
    public sealed class JdFirmwareData
    {
        /// <summary>"standard" or "silent"; absent in a get_reply.</summary>
        public string policy { get; set; }

        /// <summary>Image size in bytes; absent in a get_reply per the JD document.</summary>
        public string size { get; set; }

        /// <summary>Target firmware version.</summary>
        public string firmwareVersion { get; set; }

        /// <summary>Download URL.</summary>
        public string url { get; set; }

        /// <summary>Digest of the image in hex (despite the name, not a signature).</summary>
        public string sign { get; set; }

        /// <summary>"Md5" (SHA256/Sha256 also accepted).</summary>
        public string signMethod { get; set; }
    }
}
