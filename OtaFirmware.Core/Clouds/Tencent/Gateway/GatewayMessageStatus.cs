// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.


namespace OtaFirmware.Clouds.Tencent.Gateway
{
    /// <summary>Outcome of parsing a Tencent gateway message. Values are pinned.</summary>
    public enum GatewayMessageStatus
    {
        /// <summary>Parsed.</summary>
        Ok = 0,

        /// <summary>Not valid JSON, or not the expected shape.</summary>
        Malformed = 1,

        /// <summary>A "type" other than online or offline (for example bind/unbind/describe_sub_devices, not handled here).</summary>
        UnknownType = 2,

        /// <summary>A device entry without product_id or device_name.</summary>
        MissingField = 3,
    }
}
