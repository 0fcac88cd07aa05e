// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway
{
    /// <summary>One sub-device the gateway serves: its cloud identity and the local link it is reached over.</summary>
    public sealed class GatewaySubDevice
    {
        /// <summary>Creates the entry.</summary>
        public GatewaySubDevice(SubDeviceId id, ISubDeviceLink link)
        {
            if (id == null || link == null)
            {
                throw new ArgumentNullException();
            }

            Id = id;
            Link = link;
        }

        /// <summary>Product id and device name in the cloud.</summary>
        public SubDeviceId Id { get; private set; }

        /// <summary>The link (serial SMP on the device and in the simulator).</summary>
        public ISubDeviceLink Link { get; private set; }
    }
}
