// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Net;
using OtaFirmware.LocalCloud.Clouds;

namespace OtaFirmware.LocalCloud;

/// <summary>Where the local cloud listens, which broker it uses, how it signs URLs and what it bounds.</summary>
public sealed class LocalCloudOptions
{
    /// <summary>Directory for the run's certificates (ca.pem is what devices trust) and the provisioned device secrets
    /// (<c>devices/</c>); made 0700. Null makes a temporary one.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>HTTPS port of the firmware server; 0 picks a free one.</summary>
    public int HttpsPort { get; init; }

    /// <summary>Plain HTTP port as well (benchmarks without TLS); -1 = none, 0 = a free one.</summary>
    public int HttpPort { get; init; } = -1;

    /// <summary>
    /// Use an external broker at <see cref="BrokerHost"/>:<see cref="BrokerPort"/> (mosquitto, EMQX, ...) instead of the
    /// embedded authenticating broker. The external broker then owns device authentication and topic permissions.
    /// </summary>
    public bool ExternalBroker { get; init; }

    /// <summary>External broker host.</summary>
    public string BrokerHost { get; init; } = "127.0.0.1";

    /// <summary>External broker port.</summary>
    public int BrokerPort { get; init; } = 1883;

    /// <summary>User name of the cloud's account on the external broker, or null.</summary>
    public string? BrokerUserName { get; init; }

    /// <summary>Password of the cloud's account on the external broker, or null.</summary>
    public string? BrokerPassword { get; init; }

    /// <summary>CA (PEM) of the external broker's TLS listener, or null for plain MQTT.</summary>
    public string? BrokerCaFile { get; init; }

    /// <summary>TLS port of the embedded broker; 0 picks a free one.</summary>
    public int EmbeddedBrokerPort { get; init; }

    /// <summary>Address the embedded broker and the firmware server bind; loopback unless real boards must reach them.</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>
    /// The host name the cloud announces (in firmware URLs, and as the broker host devices are told); its certificate
    /// is made for this name. Null announces 127.0.0.1.
    /// </summary>
    public string? PublicHost { get; init; }

    /// <summary>
    /// Base URL of an external firmware origin (a CDN or any HTTPS server holding the same files by name); firmware URLs
    /// then point there (<c>{base}/{name}</c>, with the signature query, which such an origin may ignore). Null serves
    /// from the cloud's own HTTPS server.
    /// </summary>
    public Uri? FirmwareBaseUrl { get; init; }

    /// <summary>HMAC key for expiring signed firmware URLs; null generates a random one (signing is always on unless <see cref="UnsignedUrls"/>).</summary>
    public byte[]? UrlSigningSecret { get; init; }

    /// <summary>Serve unsigned firmware URLs (benchmarks, an origin that must not see query strings).</summary>
    public bool UnsignedUrls { get; init; }

    /// <summary>How long a signed URL stays valid.</summary>
    public TimeSpan SignedUrlLifetime { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How many devices the cloud tracks at most; reports from further unknown devices are dropped.</summary>
    public int MaxDevices { get; init; } = 10_000;

    /// <summary>Largest device message the cloud parses (and the embedded broker accepts).</summary>
    public int MaxMessageBytes { get; init; } = 16 * 1024;

    /// <summary>The time the embedded broker checks sign-ins against; null is the system clock (tests pass a fake one).</summary>
    public Func<DateTimeOffset>? Clock { get; init; }

    /// <summary>The dialects to serve; null serves Tencent, Aliyun and JD Cloud.</summary>
    public IReadOnlyList<ICloudProtocol>? Clouds { get; init; }

    /// <summary>Where log lines go (device messages in and out, pushes, refusals); null discards them.</summary>
    public Action<string>? Log { get; init; }
}
