// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Net;
using System.Security.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OtaFirmware.Host.Http;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.Update;

namespace OtaFirmware.Tests.Host.Http;

/// <summary>
/// The host source follows redirects by the same portable rules as the device's HttpWebRequestSource
/// (<see cref="HttpRedirect"/>): up to 3 hops, never from https to plain http. A real Kestrel redirector in front of the
/// real firmware server.
/// </summary>
[TestClass]
public sealed class HttpClientFirmwareSourceRedirectTests
{
    private const int Size = 50_000;
    private static readonly byte[] Content = TestServer.Image(Size, 5);
    private static TestServer? _server;
    private static WebApplication? _redirector;
    private static string _httpsBase = string.Empty;
    private static string _httpBase = string.Empty;
    private static FirmwarePackage? _package;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        _server = await TestServer.StartAsync();
        _package = _server.Server.Add("redirected.bin", "1.0.0", Content);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        int httpsPort = FreePort();
        int httpPort = FreePort();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, httpsPort, listen => listen.UseHttps(_server.Certificates.Server, https => https.SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13));
            kestrel.Listen(IPAddress.Loopback, httpPort);
        });
        WebApplication app = builder.Build();

        // /hop/{n}: n more redirects on this server (relative Location), then one to the firmware server
        app.MapGet("/hop/{n:int}", (HttpContext http, int n) =>
        {
            http.Response.StatusCode = n % 2 == 0 ? 302 : 307;
            http.Response.Headers.Location = n > 0 ? (n - 1).ToString() : _server.Server.UrlFor(_package);
        });
        app.MapGet("/to-plain-http", (HttpContext http) =>
        {
            http.Response.StatusCode = 301;
            http.Response.Headers.Location = _server.Server.UrlFor(_package, plainHttp: true);
        });
        await app.StartAsync();
        _redirector = app;
        _httpsBase = "https://127.0.0.1:" + httpsPort;
        _httpBase = "http://127.0.0.1:" + httpPort;
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        if (_redirector != null)
        {
            await _redirector.DisposeAsync();
        }

        if (_server != null)
        {
            await _server.DisposeAsync();
        }
    }

    [TestMethod]
    public void Open_ThreeRedirects_FollowedWithTheRangeKept()
    {
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;

        Assert.AreEqual(SourceStatus.Ok, source.Open(_httpsBase + "/hop/2", 1000, 4096, ref facts)); // hop/2 -> 1 -> 0 -> firmware

        Assert.AreEqual(206, facts.StatusCode);
        Assert.AreEqual(1000, facts.RangeFirst);
        Assert.AreEqual(5095, facts.RangeLast);
        CollectionAssert.AreEqual(Content[1000..5096], ReadAll(source));
    }

    [TestMethod]
    public void Open_FourRedirects_HttpErrorWithTheRedirectStatus()
    {
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;

        Assert.AreEqual(SourceStatus.HttpError, source.Open(_httpsBase + "/hop/3", 0, 4096, ref facts));

        Assert.AreEqual(302, facts.StatusCode); // the fourth hop (hop/0) is not followed
    }

    [TestMethod]
    public void Open_RedirectFromHttpsToPlainHttp_Refused()
    {
        using HttpClientFirmwareSource source = Trusting();
        HttpFacts facts = default;

        Assert.AreEqual(SourceStatus.HttpError, source.Open(_httpsBase + "/to-plain-http", 0, 4096, ref facts));
        Assert.AreEqual(301, facts.StatusCode);

        // plain http to plain http is followed, as on the device
        Assert.AreEqual(SourceStatus.Ok, source.Open(_httpBase + "/to-plain-http", 0, 4096, ref facts));
        Assert.AreEqual(206, facts.StatusCode);
        source.Close();
    }

    private static HttpClientFirmwareSource Trusting() =>
        new(new HttpFirmwareSourceOptions { TrustedAuthority = _server!.Certificates.Authority });

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static byte[] ReadAll(HttpClientFirmwareSource source)
    {
        using var result = new MemoryStream();
        var chunk = new byte[777];
        while (true)
        {
            Assert.AreEqual(SourceStatus.Ok, source.Read(chunk, 0, chunk.Length, out int n));
            if (n == 0)
            {
                return result.ToArray();
            }

            result.Write(chunk, 0, n);
        }
    }
}
