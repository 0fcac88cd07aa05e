// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Clouds.JdCloud
{
    /// <summary>
    /// A message on <c>/sys/{productKey}/{identifier}/ota/firmware/upgrade</c> or <c>.../get_reply</c>. Property
    /// names are the JSON keys (the JD document prints "msgId " and "data " with a trailing space; that is taken as a
    /// typo, only the plain keys are read). Every scalar is a string: the codec hands a JSON number over as its literal
    /// text (<c>"code":404</c> gives "404").
    /// </summary>
    public sealed class JdFirmwareMessage
    {
        /// <summary>Message id, echoed in reports.</summary>
        public string msgId { get; set; }

        /// <summary>Protocol version ("1.0"); not the firmware version.</summary>
        public string version { get; set; }

        /// <summary>get_reply only: 404 when no firmware exists for the requested version; absent or 200 otherwise.</summary>
        public string code { get; set; }

        /// <summary>get_reply only: the cloud's text ("FirmwareVersion 1.2.0 not existed").</summary>
        public string message { get; set; }

        /// <summary>The firmware.</summary>
        public JdFirmwareData data { get; set; }
    }
}
