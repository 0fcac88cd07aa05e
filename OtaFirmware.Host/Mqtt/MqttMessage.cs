// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Host.Mqtt;

/// <summary>A message delivered by the broker (copied out of libmosquitto's buffers).</summary>
/// <param name="Topic">Topic it was published on.</param>
/// <param name="Payload">Payload bytes (empty, never null).</param>
/// <param name="Qos">QoS it was delivered at.</param>
/// <param name="Retain">True when it was a retained message.</param>
public sealed record MqttMessage(string Topic, byte[] Payload, int Qos, bool Retain);
