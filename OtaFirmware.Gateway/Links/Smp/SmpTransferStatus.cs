// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>Outcome of one SMP request/response exchange. Values are pinned.</summary>
    public enum SmpTransferStatus
    {
        /// <summary>A response with the request's sequence number, group and command arrived.</summary>
        Ok = 0,

        /// <summary>No matching response within the timeout on any attempt.</summary>
        NoResponse = 1,

        /// <summary>The request does not fit the packet buffer.</summary>
        RequestTooLarge = 2,
    }
}
