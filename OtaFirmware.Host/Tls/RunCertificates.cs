// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OtaFirmware.Host.Tls;

/// <summary>
/// A certificate authority and a server certificate for 127.0.0.1, ::1, localhost and optionally the host name the
/// local cloud announces (so that clients that check DNS names only, such as the Tencent C SDK, verify it), made fresh for one run
/// (ECDSA P-256, valid from an hour ago for 7 days) and written as PEM files: <see cref="CaPemPath"/> is what the
/// board and the MQTT clients trust; <see cref="ServerCertificatePemPath"/> and <see cref="ServerKeyPemPath"/> are what
/// an external broker's TLS listener serves. Kestrel and the embedded broker use <see cref="Server"/> directly. The
/// private key is written 0600 in a 0700 directory (<see cref="PrivateFiles"/>).
/// </summary>
public sealed class RunCertificates : IDisposable
{
    private RunCertificates(X509Certificate2 authority, X509Certificate2 server, string directory)
    {
        Authority = authority;
        Server = server;
        Directory = directory;
        CaPemPath = Path.Combine(directory, "ca.pem");
        ServerCertificatePemPath = Path.Combine(directory, "server.pem");
        ServerKeyPemPath = Path.Combine(directory, "server.key");
    }

    /// <summary>The CA certificate (public part only).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The server certificate with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>Where the PEM files are.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate as PEM.</summary>
    public string CaPemPath { get; }

    /// <summary>The server certificate as PEM.</summary>
    public string ServerCertificatePemPath { get; }

    /// <summary>The server's private key as unencrypted PKCS#8 PEM.</summary>
    public string ServerKeyPemPath { get; }

    /// <summary>Generates the CA and the server certificate and writes the three PEM files into <paramref name="directory"/> (created if needed).</summary>
    /// <param name="directory">Output directory.</param>
    /// <param name="authorityName">Common name of the CA (tests make a second, untrusted CA with another name).</param>
    /// <param name="hostName">A DNS name the server certificate also carries (and its common name), or null.</param>
    /// <returns>The certificates.</returns>
    public static RunCertificates Create(string directory, string authorityName = "OtaFirmware run CA", string? hostName = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        PrivateFiles.CreateDirectory(directory);
        DateTimeOffset notBefore = DateTimeOffset.UtcNow.AddHours(-1);
        DateTimeOffset notAfter = notBefore.AddDays(7);

        using ECDsa caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=" + authorityName, caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using X509Certificate2 caWithKey = caRequest.CreateSelfSigned(notBefore, notAfter.AddDays(1));

        using ECDsa serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=" + (hostName ?? "localhost"), serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        names.AddDnsName("localhost");
        if (hostName != null && hostName != "localhost")
        {
            if (IPAddress.TryParse(hostName, out IPAddress? address))
            {
                names.AddIpAddress(address);
            }
            else
            {
                names.AddDnsName(hostName);
            }
        }
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid("1.3.6.1.5.5.7.3.1") }, false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caWithKey, true, false));
        byte[] serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        using X509Certificate2 serverPublic = serverRequest.Create(caWithKey, notBefore, notAfter, serial);
        using X509Certificate2 serverWithKey = serverPublic.CopyWithPrivateKey(serverKey);

        // Round trip through PKCS#12 so the key is usable by SslStream on every platform.
        X509Certificate2 server = X509CertificateLoader.LoadPkcs12(serverWithKey.Export(X509ContentType.Pkcs12), null);
        X509Certificate2 authority = X509CertificateLoader.LoadCertificate(caWithKey.RawData);

        var result = new RunCertificates(authority, server, directory);
        File.WriteAllText(result.CaPemPath, authority.ExportCertificatePem() + "\n");
        File.WriteAllText(result.ServerCertificatePemPath, serverPublic.ExportCertificatePem() + "\n");
        PrivateFiles.WriteAllText(result.ServerKeyPemPath, serverKey.ExportPkcs8PrivateKeyPem() + "\n");
        return result;
    }

    /// <summary>Loads a CA certificate from a PEM file (what a device does with the file <see cref="CaPemPath"/> names).</summary>
    /// <returns>The certificate.</returns>
    public static X509Certificate2 LoadPem(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));

    /// <summary>Frees the certificates (the files stay).</summary>
    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
    }
}
