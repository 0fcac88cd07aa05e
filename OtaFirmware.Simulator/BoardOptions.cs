// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Simulator;

/// <summary>How one simulated board is wired: identity, cloud dialect, broker, trust, flash and behaviour.</summary>
public sealed class BoardOptions
{
    /// <summary>Device name (Tencent deviceName, Aliyun deviceName, JD identifier).</summary>
    public required string Name { get; init; }

    /// <summary>"tencent", "aliyun" or "jdcloud".</summary>
    public string Cloud { get; init; } = "tencent";

    /// <summary>Product id (Tencent) or product key (Aliyun, JD).</summary>
    public string Product { get; init; } = "OTASIMPROD";

    /// <summary>Broker host.</summary>
    public string BrokerHost { get; init; } = "127.0.0.1";

    /// <summary>Broker port.</summary>
    public int BrokerPort { get; init; } = 1883;

    /// <summary>CA (PEM) for MQTT over TLS; null for plain MQTT.</summary>
    public string? MqttCaFile { get; init; }

    /// <summary>CA (PEM) the firmware server's certificate must chain to.</summary>
    public string? HttpsCaFile { get; init; }

    /// <summary>File holding the simulated flash; null keeps it in memory (a power cut then loses nothing but the process).</summary>
    public string? FlashFile { get; init; }

    /// <summary>Flash layout: "esp32-4mb" or "esp32s3-8mb".</summary>
    public string Board { get; init; } = "esp32-4mb";

    /// <summary>Version flashed at the factory (used when the flash is blank).</summary>
    public string FactoryVersion { get; init; } = "1.0.0";

    /// <summary>Size of the factory image.</summary>
    public int FactoryImageSize { get; init; } = 256 * 1024;

    /// <summary>Versions whose health check fails (to demonstrate rollback).</summary>
    public IReadOnlyList<string> UnhealthyVersions { get; init; } = Array.Empty<string>();

    /// <summary>Seconds the health check waits for the broker.</summary>
    public int HealthCheckSeconds { get; init; } = 15;

    /// <summary>Agent tunables (chunk size, request window, progress governor, retries).</summary>
    public OtaFirmware.Agent.AgentOptions Agent { get; init; } = new();

    /// <summary>Accept http:// URLs on loopback (local cloud without TLS).</summary>
    public bool AllowHttp { get; init; }

    /// <summary>The device secrets file the local cloud provisions (its entry for this device signs in); null: no credentials.</summary>
    public string? SecretsFile { get; init; }

    /// <summary>
    /// Hex SHA-256 digests of the public keys whose Secure Boot v2 signatures the board accepts (device_info.json
    /// <c>signing_key_digests</c>; <c>otafw-sign digest</c> prints one). Empty: images are not verified, which the board
    /// logs at every boot (development only, like <c>allow_unsigned_images</c>).
    /// </summary>
    public IReadOnlyList<string> TrustedKeyDigests { get; init; } = Array.Empty<string>();

    /// <summary>Accept jobs older than the running version (device_info.json <c>allow_downgrade</c>); false refuses them.</summary>
    public bool AllowDowngrade { get; init; }
}
