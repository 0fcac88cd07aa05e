// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography.X509Certificates;
using OtaFirmware.Host.Tls;
using OtaFirmware.LocalCloud.Firmware;

namespace OtaFirmware.Tests.Host.Http;

/// <summary>A real Kestrel firmware server with the run's certificates, and an HttpClient that trusts only that CA.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly string _directory;

    private TestServer(string directory, RunCertificates certificates, FirmwareServer server)
    {
        _directory = directory;
        Certificates = certificates;
        Server = server;
    }

    public RunCertificates Certificates { get; }

    public FirmwareServer Server { get; }

    public static async Task<TestServer> StartAsync(UrlSigner? signer = null)
    {
        string directory = Directory.CreateTempSubdirectory("ota-http-tests-").FullName;
        RunCertificates certificates = RunCertificates.Create(directory);
        var server = new FirmwareServer(certificates.Server, 0, 0, signer);
        await server.StartAsync();
        return new TestServer(directory, certificates, server);
    }

    /// <summary>Deterministic pseudo-random content.</summary>
    public static byte[] Image(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public HttpClient TrustingClient() => new(new SocketsHttpHandler
    {
        SslOptions = new System.Net.Security.SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(Certificates.Authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return certificate != null && chain.Build(new X509Certificate2(certificate));
            },
        },
    })
    { Timeout = TimeSpan.FromSeconds(10) };

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        Certificates.Dispose();
        Directory.Delete(_directory, true);
    }
}
