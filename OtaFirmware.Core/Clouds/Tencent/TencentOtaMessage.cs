// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Clouds.Tencent
{
    /// <summary>
    /// A message on <c>$ota/update/{productId}/{deviceName}</c>: <c>report_version_rsp</c> or <c>update_firmware</c>.
    /// Property names are the JSON keys. Every value is a string: the codec hands a JSON number over as its literal
    /// text (<c>"file_size":175436</c> gives "175436", <c>"result_code":0</c> gives "0"), and the dialect parses it.
    /// </summary>
    public sealed class TencentOtaMessage
    {
        /// <summary>Message type: "report_version_rsp" or "update_firmware".</summary>
        public string type { get; set; }

        /// <summary>report_version_rsp: "0" on success, otherwise the cloud's error code.</summary>
        public string result_code { get; set; }

        /// <summary>report_version_rsp: the cloud's text ("success").</summary>
        public string result_msg { get; set; }

        /// <summary>report_version_rsp: the version acknowledged; update_firmware: the target version.</summary>
        public string version { get; set; }

        /// <summary>update_firmware: download URL.</summary>
        public string url { get; set; }

        /// <summary>update_firmware: MD5 of the image, 32 hex digits.</summary>
        public string md5sum { get; set; }

        /// <summary>update_firmware: image size in bytes.</summary>
        public string file_size { get; set; }
    }
}
