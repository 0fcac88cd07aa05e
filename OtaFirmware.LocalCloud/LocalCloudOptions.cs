// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.LocalCloud.Clouds;

namespace OtaFirmware.LocalCloud;

/// <summary>Where the local cloud listens, which broker it uses and how it signs URLs.</summary>
public sealed class LocalCloudOptions
{
    /// <summary>Directory for the run's certificates (ca.pem is what devices trust); null makes a temporary one.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>HTTPS port of the firmware server on 127.0.0.1; 0 picks a free one.</summary>
    public int HttpsPort { get; init; }

    /// <summary>Plain HTTP port as well (benchmarks without TLS); -1 = none, 0 = a free one.</summary>
    public int HttpPort { get; init; } = -1;

    /// <summary>Start a private mosquitto (plain and TLS listeners on free ports) instead of using <see cref="BrokerHost"/>.</summary>
    public bool StartBroker { get; init; }

    /// <summary>Broker host when <see cref="StartBroker"/> is false.</summary>
    public string BrokerHost { get; init; } = "127.0.0.1";

    /// <summary>Broker port when <see cref="StartBroker"/> is false.</summary>
    public int BrokerPort { get; init; } = 1883;

    /// <summary>HMAC key for expiring signed firmware URLs; null serves unsigned URLs.</summary>
    public byte[]? UrlSigningSecret { get; init; }

    /// <summary>How long a signed URL stays valid.</summary>
    public TimeSpan SignedUrlLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The dialects to serve; null serves Tencent, Aliyun and JD Cloud.</summary>
    public IReadOnlyList<ICloudProtocol>? Clouds { get; init; }

    /// <summary>Where log lines go (device messages in and out, pushes); null discards them.</summary>
    public Action<string>? Log { get; init; }
}
