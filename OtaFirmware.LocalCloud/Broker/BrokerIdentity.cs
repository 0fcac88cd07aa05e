// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.LocalCloud.Clouds;

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>Who an authenticated broker connection is: a provisioned device, or the cloud's own operator account.</summary>
/// <param name="ClientId">The MQTT client id it connected with.</param>
/// <param name="Device">The device it signed in as, or null for the cloud account.</param>
public sealed record BrokerIdentity(string ClientId, DeviceAddress? Device)
{
    /// <summary>True for the cloud's own account (every topic).</summary>
    public bool IsCloud => Device == null;

    /// <inheritdoc />
    public override string ToString() => Device == null ? "cloud (" + ClientId + ")" : Device.Cloud + "/" + Device.Product + "/" + Device.Device;
}
