// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Clouds.Tencent.Gateway
{
    /// <summary>A sub-device as the Tencent cloud names it: product id and device name.</summary>
    public sealed class SubDeviceId
    {
        /// <summary>Creates an id.</summary>
        public SubDeviceId(string productId, string deviceName)
        {
            if (productId == null)
            {
                throw new ArgumentNullException("productId");
            }

            if (deviceName == null)
            {
                throw new ArgumentNullException("deviceName");
            }

            ProductId = productId;
            DeviceName = deviceName;
        }

        /// <summary>Product id ("E69UADXUYY").</summary>
        public string ProductId { get; private set; }

        /// <summary>Device name ("light1").</summary>
        public string DeviceName { get; private set; }

        /// <summary>"productId/deviceName": the key the gateway stages jobs under, and the Tencent client id form.</summary>
        public string Key
        {
            get { return ProductId + "/" + DeviceName; }
        }

        /// <summary>True when both parts are equal.</summary>
        public bool SameAs(SubDeviceId other)
        {
            return other != null && other.ProductId == ProductId && other.DeviceName == DeviceName;
        }
    }
}
