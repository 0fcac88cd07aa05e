// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Mcuboot;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway
{
    /// <summary>One sub-device the gateway serves: its cloud identity and the local link it is reached over.</summary>
    public sealed class GatewaySubDevice
    {
        /// <summary>Creates the entry.</summary>
        public GatewaySubDevice(SubDeviceId id, ISubDeviceLink link)
            : this(id, link, null)
        {
        }

        /// <summary>Creates the entry for a sub-device whose MCUboot requires images signed with a key.</summary>
        /// <param name="verifier">Verifies imgtool's signature TLV against the sub-device's trusted key; null when its
        /// images need no signature (the SHA-256 TLV is checked either way).</param>
        public GatewaySubDevice(SubDeviceId id, ISubDeviceLink link, IImageSignatureVerifier verifier)
        {
            if (id == null || link == null)
            {
                throw new ArgumentNullException();
            }

            Id = id;
            Link = link;
            ImageVerifier = verifier;
        }

        /// <summary>The trusted key's verifier the gateway checks images with before uploading them, or null.</summary>
        public IImageSignatureVerifier ImageVerifier { get; private set; }

        /// <summary>Product id and device name in the cloud.</summary>
        public SubDeviceId Id { get; private set; }

        /// <summary>The link (serial SMP on the device and in the simulator).</summary>
        public ISubDeviceLink Link { get; private set; }
    }
}
