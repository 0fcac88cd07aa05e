// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>Who a device is on its cloud: the cloud's name ("tencent", "aliyun", "jdcloud"), product id/key and device name/identifier.</summary>
/// <param name="Cloud">Cloud name, as <see cref="ICloudProtocol.Name"/>.</param>
/// <param name="Product">Tencent productId, Aliyun productKey, JD productKey.</param>
/// <param name="Device">Tencent deviceName, Aliyun deviceName, JD identifier.</param>
public sealed record DeviceAddress(string Cloud, string Product, string Device)
{
    /// <summary><c>{product}/{name}</c>: how the local cloud names a device (its table key; push targets, <see cref="LocalCloud.Device"/>).</summary>
    /// <remarks>Why the product: device names are unique only within a product on every cloud, so two products may each have a "light1".</remarks>
    public string Key => Product + "/" + Device;
}
