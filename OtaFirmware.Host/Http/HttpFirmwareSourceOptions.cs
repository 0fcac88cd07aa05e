// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography.X509Certificates;

namespace OtaFirmware.Host.Http;

/// <summary>Trust and timeouts of a <see cref="HttpClientFirmwareSource"/>.</summary>
public sealed class HttpFirmwareSourceOptions
{
    /// <summary>
    /// The only CA trusted for HTTPS (the run's CA from Tls.RunCertificates, or the cloud's CA on the device). Null uses
    /// the operating system's trust store.
    /// </summary>
    public X509Certificate2? TrustedAuthority { get; init; }

    /// <summary>TCP connect and TLS handshake limit.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Limit from sending the request to having the response headers.</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Limit of one socket receive (the socket's receive timeout): a stalled body fails with Timeout after it. It also
    /// bounds each receive while waiting for the headers, so the header wait is the smaller of this and <see cref="ResponseTimeout"/>.
    /// </summary>
    public TimeSpan ReadTimeout { get; init; } = TimeSpan.FromSeconds(15);
}
