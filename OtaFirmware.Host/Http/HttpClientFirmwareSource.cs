// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using OtaFirmware.Update;

namespace OtaFirmware.Host.Http;

/// <summary>
/// <see cref="IFirmwareSource"/> on HttpClient: one SocketsHttpHandler per source (keep-alive, so the Range requests of
/// one download share a TLS connection), synchronous calls, the body read straight into the caller's buffer (no
/// allocation per <see cref="Read"/>). HTTPS trusts only <see cref="HttpFirmwareSourceOptions.TrustedAuthority"/> when
/// one is given. Reports what the server said and maps transport failures to <see cref="SourceStatus"/>; it never
/// judges a 200 where a 206 was asked (the pipeline does). One download at a time; the simulated board runs it inside
/// <see cref="BoundedFirmwareSource"/> as the device runs its HttpWebRequest source, so Open and Read run on the wrapper's
/// worker and <see cref="Close"/> may come from the agent's thread meanwhile: it disposes the body stream, which ends a
/// blocked read (reported as a failure the wrapper discards); a response a late Open returns is closed by the wrapper.
/// </summary>
public sealed class HttpClientFirmwareSource : IFirmwareSource, IDisposable
{
    private readonly HttpFirmwareSourceOptions _options;
    private readonly HttpClient _client;
    private HttpResponseMessage? _response;
    private Stream? _body;

    /// <summary>Creates the source.</summary>
    /// <param name="options">Trust and timeouts; null for the defaults (system trust store).</param>
    public HttpClientFirmwareSource(HttpFirmwareSourceOptions? options = null)
    {
        _options = options ?? new HttpFirmwareSourceOptions();
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            AutomaticDecompression = System.Net.DecompressionMethods.None,
            UseCookies = false,
            UseProxy = false,
            ConnectTimeout = _options.ConnectTimeout,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(60),
            ConnectCallback = ConnectAsync,
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                RemoteCertificateValidationCallback = _options.TrustedAuthority == null ? null : ValidateAgainstAuthority,
            },
        };
        _client = new HttpClient(handler, true) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <inheritdoc />
    /// <returns>
    /// <see cref="SourceStatus.Ok"/> for a 2xx response with its body open (after up to
    /// <see cref="HttpRedirect.MaxRedirects"/> redirects); <see cref="SourceStatus.HttpError"/> for any other status (facts
    /// say which; a redirect past the limit, to another scheme or from https to http is reported with its own status); <see cref="SourceStatus.BadUrl"/> for a URL that is not absolute http(s);
    /// <see cref="SourceStatus.ConnectFailed"/> when DNS, TCP or TLS (including an untrusted certificate) failed;
    /// <see cref="SourceStatus.Timeout"/> when connecting or the headers took too long; <see cref="SourceStatus.ConnectionDropped"/>
    /// when the connection broke before the headers.
    /// </returns>
    /// <exception cref="ArgumentNullException"><paramref name="url"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
    public SourceStatus Open(string url, int offset, int length, ref HttpFacts facts)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        Close();
        facts.Reset();
        if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return SourceStatus.BadUrl;
        }

        // Redirects follow the portable rules the device's HttpWebRequestSource uses (HttpRedirect: up to 3 hops, no
        // https -> http), not HttpClient's own, so that both sides behave alike.
        string current = url;
        HttpResponseMessage response;
        for (int hop = 0; ; hop++)
        {
            SourceStatus sent = Send(new Uri(current), offset, length, out response);
            if (sent != SourceStatus.Ok)
            {
                return sent;
            }

            int code = (int)response.StatusCode;
            if (!HttpRedirect.IsRedirect(code))
            {
                break;
            }

            string? location = response.Headers.Location?.OriginalString;
            response.Dispose();
            string? next = hop < HttpRedirect.MaxRedirects && location != null ? HttpRedirect.Resolve(current, location) : null;
            if (next == null)
            {
                facts.StatusCode = code;
                return SourceStatus.HttpError;
            }

            current = next;
        }

        facts.StatusCode = (int)response.StatusCode;
        long? contentLength = response.Content.Headers.ContentLength;
        facts.ContentLength = contentLength is >= 0 and <= int.MaxValue ? (int)contentLength.Value : -1;
        if (response.Content.Headers.TryGetValues("Content-Range", out IEnumerable<string>? values))
        {
            ContentRange.Apply(values.FirstOrDefault(), ref facts);
        }

        if (facts.StatusCode < 200 || facts.StatusCode > 299)
        {
            response.Dispose();
            return SourceStatus.HttpError;
        }

        try
        {
            _body = response.Content.ReadAsStream();
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            response.Dispose();
            return Classify(ex, beforeHeaders: false);
        }

        _response = response;
        return SourceStatus.Ok;
    }

    private SourceStatus Send(Uri uri, int offset, int length, out HttpResponseMessage response)
    {
        response = null!;
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (offset > 0 || length > 0)
        {
            request.Headers.Range = length > 0
                ? new RangeHeaderValue(offset, (long)offset + length - 1)
                : new RangeHeaderValue(offset, null);
        }

        using var headersDeadline = new CancellationTokenSource(_options.ResponseTimeout);
        try
        {
            response = _client.Send(request, HttpCompletionOption.ResponseHeadersRead, headersDeadline.Token);
            return SourceStatus.Ok;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            return Classify(ex, beforeHeaders: true);
        }
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">No response is open.</exception>
    public SourceStatus Read(byte[] buffer, int offset, int count, out int bytesRead)
    {
        bytesRead = 0;
        Stream body = _body ?? throw new InvalidOperationException("no response is open");
        try
        {
            bytesRead = body.Read(buffer, offset, count);
            return SourceStatus.Ok;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ObjectDisposedException or OperationCanceledException)
        {
            Close();
            return Classify(ex, beforeHeaders: false);
        }
    }

    /// <inheritdoc />
    public void Close()
    {
        _body?.Dispose();
        _body = null;
        _response?.Dispose();
        _response = null;
    }

    /// <summary>Closes the open response and the connections.</summary>
    public void Dispose()
    {
        Close();
        _client.Dispose();
    }

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(context.DnsEndPoint, cancellationToken).ConfigureAwait(false);

            // Synchronous reads (Send + Stream.Read) honour the socket's receive timeout.
            socket.ReceiveTimeout = (int)_options.ReadTimeout.TotalMilliseconds;
            socket.SendTimeout = (int)_options.ReadTimeout.TotalMilliseconds;
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private bool ValidateAgainstAuthority(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (certificate == null || (errors & (SslPolicyErrors.RemoteCertificateNotAvailable | SslPolicyErrors.RemoteCertificateNameMismatch)) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(_options.TrustedAuthority!);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationFlags = X509VerificationFlags.NoFlag;
        if (presented != null)
        {
            foreach (X509ChainElement element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static SourceStatus Classify(Exception ex, bool beforeHeaders)
    {
        for (Exception? e = ex; e != null; e = e.InnerException)
        {
            if (e is OperationCanceledException or TimeoutException)
            {
                return SourceStatus.Timeout;
            }

            if (e is SocketException { SocketErrorCode: SocketError.TimedOut or SocketError.WouldBlock })
            {
                return SourceStatus.Timeout;
            }
        }

        if (ex is HttpRequestException request)
        {
            switch (request.HttpRequestError)
            {
                case HttpRequestError.NameResolutionError:
                case HttpRequestError.ConnectionError:
                case HttpRequestError.SecureConnectionError:
                case HttpRequestError.ProxyTunnelError:
                    return SourceStatus.ConnectFailed;
            }

            if (ex.InnerException is AuthenticationException)
            {
                return SourceStatus.ConnectFailed;
            }
        }

        return beforeHeaders && ex is HttpRequestException { HttpRequestError: HttpRequestError.Unknown } && ex.InnerException is SocketException
            ? SourceStatus.ConnectFailed
            : SourceStatus.ConnectionDropped;
    }
}
