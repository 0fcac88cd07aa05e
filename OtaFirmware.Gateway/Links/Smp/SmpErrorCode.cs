// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>MCUmgr result codes ("rc", mcumgr_err_t); the values are the wire values.</summary>
    public enum SmpErrorCode
    {
        /// <summary>MGMT_ERR_EOK: success.</summary>
        Ok = 0,

        /// <summary>MGMT_ERR_EUNKNOWN: unknown error.</summary>
        Unknown = 1,

        /// <summary>MGMT_ERR_ENOMEM: insufficient memory.</summary>
        NoMemory = 2,

        /// <summary>MGMT_ERR_EINVAL: error in an input value.</summary>
        InvalidValue = 3,

        /// <summary>MGMT_ERR_ETIMEOUT: operation timed out.</summary>
        Timeout = 4,

        /// <summary>MGMT_ERR_ENOENT: no such entry (for example no image with that hash).</summary>
        NoEntry = 5,

        /// <summary>MGMT_ERR_EBADSTATE: the current state disallows the command.</summary>
        BadState = 6,

        /// <summary>MGMT_ERR_EMSGSIZE: response too large.</summary>
        MessageTooLarge = 7,

        /// <summary>MGMT_ERR_ENOTSUP: command not supported.</summary>
        NotSupported = 8,

        /// <summary>MGMT_ERR_ECORRUPT: corrupt data.</summary>
        Corrupt = 9,

        /// <summary>MGMT_ERR_EBUSY: blocked by another command.</summary>
        Busy = 10,

        /// <summary>MGMT_ERR_EACCESSDENIED: access denied.</summary>
        AccessDenied = 11,

        /// <summary>MGMT_ERR_UNSUPPORTED_TOO_OLD: SMP version too old.</summary>
        UnsupportedTooOld = 12,

        /// <summary>MGMT_ERR_UNSUPPORTED_TOO_NEW: SMP version too new.</summary>
        UnsupportedTooNew = 13,

        /// <summary>MGMT_ERR_EPERUSER: first user-defined code.</summary>
        PerUser = 256,
    }
}
