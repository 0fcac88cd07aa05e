// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>The SMP groups and command ids this code speaks (Zephyr MCUmgr groups 0 and 1).</summary>
    public static class SmpCommands
    {
        /// <summary>OS management group.</summary>
        public const int OsGroup = 0;

        /// <summary>Image management group.</summary>
        public const int ImageGroup = 1;

        /// <summary>OS group: echo ("d" in, "r" out).</summary>
        public const int OsEcho = 0;

        /// <summary>OS group: system reset (the device answers, then resets).</summary>
        public const int OsReset = 5;

        /// <summary>OS group: MCUmgr parameters (OS_MGMT_ID_MCUMGR_PARAMS, read): answers "buf_size" and "buf_count".</summary>
        public const int OsMcumgrParameters = 6;

        /// <summary>Image group: read (op 0) or write (op 2, test/confirm) the state of images.</summary>
        public const int ImageState = 0;

        /// <summary>Image group: upload one chunk (op 2).</summary>
        public const int ImageUpload = 1;
    }
}
