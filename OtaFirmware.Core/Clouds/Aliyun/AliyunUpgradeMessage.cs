// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Clouds.Aliyun
{
    /// <summary>
    /// A message on <c>/ota/device/upgrade/{productKey}/{deviceName}</c>. Property names are the JSON keys. Every
    /// scalar is a string: the codec hands a JSON number over as its literal text (<c>"id":1507707025</c> gives
    /// "1507707025"), and the dialect parses it.
    /// </summary>
    public sealed class AliyunUpgradeMessage
    {
        /// <summary>"1000" when the message carries a firmware.</summary>
        public string code { get; set; }

        /// <summary>The firmware.</summary>
        public AliyunUpgradeData data { get; set; }

        /// <summary>Message id, echoed in progress reports.</summary>
        public string id { get; set; }

        /// <summary>"success" or the cloud's text.</summary>
        public string message { get; set; }
    }
}
