// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Host.Broker;

/// <summary>How <see cref="MosquittoBroker.Start"/> runs mosquitto.</summary>
public sealed class MosquittoBrokerOptions
{
    /// <summary>PEM server certificate for a TLS listener; with <see cref="TlsKeyFile"/>, adds one (see Tls.RunCertificates).</summary>
    public string? TlsCertificateFile { get; init; }

    /// <summary>PEM private key of <see cref="TlsCertificateFile"/>.</summary>
    public string? TlsKeyFile { get; init; }

    /// <summary>Plain listener port; 0 picks a free one.</summary>
    public int Port { get; init; }

    /// <summary>TLS listener port; 0 picks a free one.</summary>
    public int TlsPort { get; init; }

    /// <summary>Directory for the generated config; null makes a temporary one (deleted on dispose).</summary>
    public string? WorkDirectory { get; init; }

    /// <summary>The mosquitto executable; null looks in /usr/sbin, /usr/bin, /usr/local/sbin and PATH.</summary>
    public string? Executable { get; init; }

    /// <summary>How long to wait for the listeners to accept connections.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
