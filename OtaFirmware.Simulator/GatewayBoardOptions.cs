// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Simulator;

/// <summary>Configuration of one <see cref="SimulatedGateway"/>.</summary>
public sealed class GatewayBoardOptions
{
    /// <summary>The gateway's product id.</summary>
    public string Product { get; init; } = "JR1WOKB7Q7";

    /// <summary>The gateway's device name.</summary>
    public string Name { get; init; } = "gw_deng1";

    /// <summary>Sub-devices as (product id, device name); the default is seed 001's four.</summary>
    public IReadOnlyList<(string Product, string Name)> SubDevices { get; init; } =
        [("E69UADXUYY", "light1"), ("E69UADXUYY", "light2"), ("E69UADXUYY", "light3"), ("YI7XCD5DRH", "airConditioner1")];

    /// <summary>Broker host.</summary>
    public string BrokerHost { get; init; } = "127.0.0.1";

    /// <summary>Broker port.</summary>
    public int BrokerPort { get; init; } = 1883;

    /// <summary>CA file for the broker's TLS listener, or null for plain MQTT.</summary>
    public string? MqttCaFile { get; init; }

    /// <summary>CA file for the HTTPS firmware server, or null for the system store.</summary>
    public string? HttpsCaFile { get; init; }

    /// <summary>Accept plain-HTTP URLs on loopback.</summary>
    public bool AllowHttp { get; init; }

    /// <summary>Size of the gateway's staging flash (journals + images).</summary>
    public int StagingSize { get; init; } = 512 * 1024;

    /// <summary>Each sub-device's slot size.</summary>
    public int SubDeviceSlotSize { get; init; } = 256 * 1024;

    /// <summary>Payload bytes of the sub-devices' factory image (version 1.0.0).</summary>
    public int FactoryPayload { get; init; } = 16 * 1024;

    /// <summary>SMP upload chunk (fits Zephyr's default 384-byte buffer).</summary>
    public int ChunkSize { get; init; } = 312;

    /// <summary>Gateway agent tuning.</summary>
    public OtaFirmware.Gateway.GatewayOptions Agent { get; init; } = new() { RetryDelayMilliseconds = 200 };

    /// <summary>The device secrets file the local cloud provisions (its entry for this device signs in); null: no credentials.</summary>
    public string? SecretsFile { get; init; }
}
