// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>SMP operation codes (mcumgr_op_t); the values are the wire values.</summary>
    public enum SmpOperation
    {
        /// <summary>Read request.</summary>
        Read = 0,

        /// <summary>Response to a read.</summary>
        ReadResponse = 1,

        /// <summary>Write request.</summary>
        Write = 2,

        /// <summary>Response to a write.</summary>
        WriteResponse = 3,
    }
}
