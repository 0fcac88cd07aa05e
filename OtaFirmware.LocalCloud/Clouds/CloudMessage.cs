// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;

namespace OtaFirmware.LocalCloud.Clouds;

/// <summary>A message the cloud publishes to a device.</summary>
/// <param name="Topic">MQTT topic.</param>
/// <param name="Payload">UTF-8 JSON.</param>
/// <param name="Qos">QoS (1 for every cloud command).</param>
public sealed record CloudMessage(string Topic, byte[] Payload, int Qos = 1)
{
    /// <summary>The payload as text (for logs and tests).</summary>
    public string Text => Encoding.UTF8.GetString(Payload);
}
