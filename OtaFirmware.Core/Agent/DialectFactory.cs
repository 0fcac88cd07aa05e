// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.JdCloud;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Configuration;

namespace OtaFirmware.Agent
{
    /// <summary>
    /// The one place that turns a cloud kind and a device identity into its <see cref="ICloudDialect"/>: used by the
    /// device app and the simulator alike, so both speak the same dialect for the same configuration.
    /// </summary>
    public static class DialectFactory
    {
        /// <summary>Creates the dialect of <paramref name="cloud"/>.</summary>
        /// <param name="cloud">The cloud.</param>
        /// <param name="product">Tencent: the product id; Aliyun and JD Cloud: the product key.</param>
        /// <param name="device">Tencent and Aliyun: the device name; JD Cloud: the device identifier.</param>
        /// <param name="options">What the dialect accepts, or null for the field defaults.</param>
        /// <returns>The dialect, or null for <see cref="CloudKind.Unknown"/>.</returns>
        public static ICloudDialect Create(CloudKind cloud, string product, string device, DialectOptions options)
        {
            DialectOptions accepted = options != null ? options : new DialectOptions();
            switch (cloud)
            {
                case CloudKind.Tencent:
                    return new TencentDialect(product, device, accepted);
                case CloudKind.Aliyun:
                    return new AliyunDialect(product, device, accepted);
                case CloudKind.JdCloud:
                    return new JdCloudDialect(product, device, accepted);
                default:
                    return null;
            }
        }
    }
}
