// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OtaFirmware.LocalCloud.Firmware;

/// <summary>
/// The HTTPS firmware server (Kestrel on 127.0.0.1, TLS 1.2+). Serves <c>GET</c> and <c>HEAD /firmware/{name}</c> with
/// Range semantics written here rather than by static-file middleware: <c>bytes=a-b</c>, <c>a-</c> and <c>-n</c> give 206
/// with Content-Range and Content-Length; a range past the end gives 416 with <c>Content-Range: bytes */length</c>; no,
/// malformed or multiple ranges give 200 with the whole file. Optional signed URLs (<see cref="UrlSigner"/>; 403 when
/// missing, wrong or expired), per-file fault modes (<see cref="FirmwareFaults"/>) and per-file byte counters.
/// </summary>
public sealed class FirmwareServer : IAsyncDisposable
{
    private const int WriteBlock = 16 * 1024;

    private readonly ConcurrentDictionary<string, FirmwarePackage> _packages = new(StringComparer.Ordinal);
    private readonly X509Certificate2 _certificate;
    private readonly int _httpsPort;
    private readonly int _httpPort;
    private WebApplication? _app;

    /// <summary>Creates the server; <see cref="StartAsync"/> binds it.</summary>
    /// <param name="certificate">Server certificate with private key.</param>
    /// <param name="httpsPort">HTTPS port on 127.0.0.1; 0 picks a free one.</param>
    /// <param name="httpPort">Plain HTTP port too (for benchmarks without TLS); -1 = none, 0 = a free one.</param>
    /// <param name="signer">Signs and checks URLs, or null to serve unsigned URLs.</param>
    public FirmwareServer(X509Certificate2 certificate, int httpsPort = 0, int httpPort = -1, UrlSigner? signer = null)
    {
        _certificate = certificate ?? throw new ArgumentNullException(nameof(certificate));
        _httpsPort = httpsPort;
        _httpPort = httpPort;
        Signer = signer;
    }

    /// <summary>The signer, or null when URLs are not signed.</summary>
    public UrlSigner? Signer { get; }

    /// <summary>How long a signed URL stays valid.</summary>
    public TimeSpan SignedUrlLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Address the listeners bind (loopback unless real boards must reach the server).</summary>
    public IPAddress BindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>Host name put into <see cref="HttpsBase"/> and the URLs (the certificate must carry it); null: 127.0.0.1.</summary>
    public string? PublicHost { get; init; }

    /// <summary>Base HTTPS address, for example <c>https://127.0.0.1:5443</c>; set by <see cref="StartAsync"/>.</summary>
    public Uri? HttpsBase { get; private set; }

    /// <summary>Base plain HTTP address when enabled, otherwise null.</summary>
    public Uri? HttpBase { get; private set; }

    /// <summary>Every package added so far.</summary>
    public IReadOnlyCollection<FirmwarePackage> Packages => _packages.Values.ToArray();

    /// <summary>Adds (or replaces) a file. <paramref name="name"/> may contain letters, digits, '.', '-' and '_'.</summary>
    /// <returns>The package.</returns>
    /// <exception cref="ArgumentException">The name has other characters.</exception>
    public FirmwarePackage Add(string name, string version, byte[] content)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(content);
        if (name.Length == 0 || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_'))
        {
            throw new ArgumentException("firmware name must be [A-Za-z0-9._-]+", nameof(name));
        }

        var package = new FirmwarePackage(name, version, (byte[])content.Clone());
        _packages[name] = package;
        return package;
    }

    /// <summary>The package named <paramref name="name"/>, or null.</summary>
    /// <returns>The package or null.</returns>
    public FirmwarePackage? Find(string name) => _packages.TryGetValue(name, out FirmwarePackage? p) ? p : null;

    /// <summary>The URL a device gets for <paramref name="package"/>: HTTPS (or plain HTTP), signed when a signer is set.</summary>
    /// <param name="package">The package.</param>
    /// <param name="plainHttp">Use the plain HTTP listener.</param>
    /// <param name="device">The device the URL is for (covered by the signature), or null.</param>
    /// <returns>An absolute URL.</returns>
    /// <exception cref="InvalidOperationException">The server is not started (or plain HTTP is off).</exception>
    public string UrlFor(FirmwarePackage package, bool plainHttp = false, string? device = null)
    {
        Uri baseUri = (plainHttp ? HttpBase : HttpsBase) ?? throw new InvalidOperationException("server not started or listener disabled");
        return SignedUrl(baseUri.GetLeftPart(UriPartial.Authority) + package.Path, package, device);
    }

    /// <summary><paramref name="url"/> with the signature query for <paramref name="package"/> and <paramref name="device"/> (unchanged without a signer).</summary>
    /// <returns>The URL.</returns>
    public string SignedUrl(string url, FirmwarePackage package, string? device)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(package);
        return Signer == null ? url : url + "?" + Signer.Sign(package.Path, DateTimeOffset.UtcNow + SignedUrlLifetime, device);
    }

    /// <summary>Binds Kestrel and starts serving.</summary>
    /// <returns>A task that completes when the listeners are bound.</returns>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;

            // The slow fault mode goes below Kestrel's default minimum of 240 B/s on purpose.
            kestrel.Limits.MinResponseDataRate = null;
            kestrel.Listen(BindAddress, _httpsPort, listen => listen.UseHttps(_certificate, https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13));
            if (_httpPort >= 0)
            {
                kestrel.Listen(BindAddress, _httpPort);
            }
        });
        WebApplication app = builder.Build();
        app.MapMethods("/firmware/{name}", ["GET", "HEAD"], (HttpContext context, string name) => ServeAsync(context, name));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        _app = app;

        foreach (string address in app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses)
        {
            var uri = new Uri(address);
            if (uri.Scheme == Uri.UriSchemeHttps)
            {
                HttpsBase = new Uri("https://" + (PublicHost ?? "127.0.0.1") + ":" + uri.Port);
            }
            else
            {
                HttpBase = new Uri("http://" + (PublicHost ?? "127.0.0.1") + ":" + uri.Port);
            }
        }
    }

    /// <summary>Stops Kestrel.</summary>
    /// <returns>A task that completes when stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        if (_app != null)
        {
            await _app.StopAsync().ConfigureAwait(false);
            await _app.DisposeAsync().ConfigureAwait(false);
            _app = null;
        }
    }

    /// <summary>
    /// Ends the connection in the middle of the body the way a broken link looks to the client: the bytes written so far
    /// arrive, then the stream ends early. A bare abort sends a TCP reset, which makes the client's kernel discard data
    /// it has not read yet (even the headers, and HttpClient then silently retries the request), so the send side is
    /// shut down first and the abort follows once the client has closed its side (at most 5 s later).
    /// </summary>
    private static async Task DropAsync(HttpContext context)
    {
        await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
        await Task.Delay(20).ConfigureAwait(false);
        System.Net.Sockets.Socket? socket = context.Features.Get<Microsoft.AspNetCore.Connections.Features.IConnectionSocketFeature>()?.Socket;
        bool halfClosed = false;
        try
        {
            socket?.Shutdown(System.Net.Sockets.SocketShutdown.Send);
            halfClosed = socket != null;
        }
        catch (System.Net.Sockets.SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }

        try
        {
            await Task.Delay(halfClosed ? 5000 : 500, context.RequestAborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client closed the connection: it has read everything it will read.
        }

        context.Abort();
    }

    private async Task ServeAsync(HttpContext context, string name)
    {
        HttpResponse response = context.Response;
        FirmwarePackage? package = Find(name);
        if (package == null)
        {
            response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        package.CountRequest();
        FirmwareFaults faults = package.Faults;
        if (faults.HeaderDelay > TimeSpan.Zero)
        {
            await Task.Delay(faults.HeaderDelay, context.RequestAborted).ConfigureAwait(false);
        }

        if (Signer != null)
        {
            string? why = Signer.Check(package.Path, context.Request.Query["device"], context.Request.Query["expires"], context.Request.Query["sig"], DateTimeOffset.UtcNow);
            if (why != null)
            {
                response.StatusCode = StatusCodes.Status403Forbidden;
                response.Headers["X-Refused"] = why;
                return;
            }
        }

        if (faults.ForcedStatus != 0)
        {
            response.StatusCode = faults.ForcedStatus;
            return;
        }

        long length = package.Size;
        string etag = "\"" + package.Sha256[..16] + "\"";
        response.Headers.AcceptRanges = "bytes";
        response.Headers.ETag = etag;
        response.ContentType = "application/octet-stream";
        string? rangeHeader = faults.IgnoreRange ? null : context.Request.Headers.Range.ToString();

        // RFC 9110 13.1.5: a Range with an If-Range whose validator does not match (strong comparison; no
        // Last-Modified is sent, so a date never matches) is ignored and the whole representation sent with 200.
        string ifRange = context.Request.Headers.IfRange.ToString();
        if (ifRange.Length > 0 && ifRange != etag)
        {
            rangeHeader = null;
        }
        ByteRangeKind kind = ByteRangeRequest.Evaluate(rangeHeader, length, out long first, out long last);
        if (kind == ByteRangeKind.Unsatisfiable)
        {
            response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
            response.Headers.ContentRange = "bytes */" + length;
            response.ContentLength = 0;
            return;
        }

        if (kind == ByteRangeKind.Partial)
        {
            response.StatusCode = StatusCodes.Status206PartialContent;
            long shift = faults.WrongContentRange ? 1 : 0;
            response.Headers.ContentRange = "bytes " + (first + shift) + "-" + (last + shift) + "/" + length;
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
            first = 0;
            last = length - 1;
        }

        long count = last - first + 1;
        response.ContentLength = count;
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        long dropAfter = package.TakeDrop() ? faults.DropAfterBytes : -1;
        int rate = faults.BytesPerSecond;
        var clock = Stopwatch.StartNew();
        long sent = 0;
        while (sent < count)
        {
            int block = (int)Math.Min(WriteBlock, count - sent);
            if (rate > 0)
            {
                block = Math.Min(block, Math.Max(1, rate / 10));
            }

            if (dropAfter >= 0 && sent + block > dropAfter)
            {
                block = (int)(dropAfter - sent);
            }

            if (block > 0)
            {
                await response.Body.WriteAsync(package.Content.AsMemory((int)(first + sent), block), context.RequestAborted).ConfigureAwait(false);
                package.CountBytes(block);
                sent += block;
            }

            if (dropAfter >= 0 && sent >= dropAfter)
            {
                await DropAsync(context).ConfigureAwait(false);
                return;
            }

            if (rate > 0)
            {
                await response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
                long due = sent * 1000 / rate;
                long wait = due - clock.ElapsedMilliseconds;
                if (wait > 0)
                {
                    await Task.Delay((int)wait, context.RequestAborted).ConfigureAwait(false);
                }
            }
        }
    }
}
