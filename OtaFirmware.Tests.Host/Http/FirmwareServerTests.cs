// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Net;
using System.Net.Http.Headers;
using OtaFirmware.LocalCloud.Firmware;

namespace OtaFirmware.Tests.Host.Http;

[TestClass]
public sealed class FirmwareServerTests
{
    private const int Size = 10_000;
    private static readonly byte[] Content = TestServer.Image(Size, 1);

    private static TestServer? _server;
    private static FirmwarePackage? _package;
    private static HttpClient? _client;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        _server = await TestServer.StartAsync();
        _package = _server.Server.Add("range.bin", "1.0.0", Content);
        _client = _server.TrustingClient();
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        _client?.Dispose();
        if (_server != null)
        {
            await _server.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task Get_NoRange_200WholeBody()
    {
        using HttpResponseMessage response = await Send(HttpMethod.Get, null);
        Assert.AreEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.AreEqual((long)Size, response.Content.Headers.ContentLength);
        Assert.IsNull(response.Content.Headers.ContentRange);
        Assert.AreEqual("bytes", response.Headers.AcceptRanges.Single());
        CollectionAssert.AreEqual(Content, await response.Content.ReadAsByteArrayAsync());
    }

    [TestMethod]
    public async Task Get_ClosedRange_206WithContentRange()
    {
        using HttpResponseMessage response = await Send(HttpMethod.Get, "bytes=100-199");
        Assert.AreEqual(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.AreEqual("bytes 100-199/10000", response.Content.Headers.GetValues("Content-Range").Single());
        Assert.AreEqual(100L, response.Content.Headers.ContentLength);
        CollectionAssert.AreEqual(Content[100..200], await response.Content.ReadAsByteArrayAsync());
    }

    [TestMethod]
    public async Task Get_OpenRangeAndEndPastLength_206ToTheEnd()
    {
        foreach (string range in new[] { "bytes=9000-", "bytes=9000-20000" })
        {
            using HttpResponseMessage response = await Send(HttpMethod.Get, range);
            Assert.AreEqual(HttpStatusCode.PartialContent, response.StatusCode, range);
            Assert.AreEqual("bytes 9000-9999/10000", response.Content.Headers.GetValues("Content-Range").Single(), range);
            CollectionAssert.AreEqual(Content[9000..], await response.Content.ReadAsByteArrayAsync(), range);
        }
    }

    [TestMethod]
    public async Task Get_Suffix_206LastBytes()
    {
        using HttpResponseMessage response = await Send(HttpMethod.Get, "bytes=-500");
        Assert.AreEqual(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.AreEqual("bytes 9500-9999/10000", response.Content.Headers.GetValues("Content-Range").Single());
        CollectionAssert.AreEqual(Content[9500..], await response.Content.ReadAsByteArrayAsync());

        using HttpResponseMessage longer = await Send(HttpMethod.Get, "bytes=-20000");
        Assert.AreEqual("bytes 0-9999/10000", longer.Content.Headers.GetValues("Content-Range").Single());
    }

    [TestMethod]
    public async Task Get_Unsatisfiable_416WithStarContentRange()
    {
        foreach (string range in new[] { "bytes=10000-", "bytes=20000-20010", "bytes=-0" })
        {
            using HttpResponseMessage response = await Send(HttpMethod.Get, range);
            Assert.AreEqual(HttpStatusCode.RequestedRangeNotSatisfiable, response.StatusCode, range);
            Assert.AreEqual("bytes */10000", response.Content.Headers.GetValues("Content-Range").Single(), range);
        }
    }

    [TestMethod]
    public async Task Get_MultipleOrMalformedRanges_200WholeBody()
    {
        foreach (string range in new[] { "bytes=0-9,20-29", "bytes=5-1", "items=0-9", "bytes=abc" })
        {
            using HttpResponseMessage response = await Send(HttpMethod.Get, range);
            Assert.AreEqual(HttpStatusCode.OK, response.StatusCode, range);
            Assert.AreEqual((long)Size, response.Content.Headers.ContentLength, range);
        }
    }

    [TestMethod]
    public async Task Head_Range_206HeadersWithoutBody()
    {
        using HttpResponseMessage response = await Send(HttpMethod.Head, "bytes=10-19");
        Assert.AreEqual(HttpStatusCode.PartialContent, response.StatusCode);
        Assert.AreEqual("bytes 10-19/10000", response.Content.Headers.GetValues("Content-Range").Single());
        Assert.AreEqual(10L, response.Content.Headers.ContentLength);
        Assert.AreEqual(0, (await response.Content.ReadAsByteArrayAsync()).Length);
    }

    [TestMethod]
    public async Task Get_UnknownFile_404()
    {
        using HttpResponseMessage response = await _client!.GetAsync(_server!.Server.HttpsBase + "firmware/missing.bin");
        Assert.AreEqual(HttpStatusCode.NotFound, response.StatusCode);
    }

    [TestMethod]
    public async Task Counters_CountBodyBytesAndRequests()
    {
        FirmwarePackage counted = _server!.Server.Add("counted.bin", "1.0.1", Content);
        using (HttpResponseMessage r = await _client!.GetAsync(_server.Server.UrlFor(counted)))
        {
            await r.Content.ReadAsByteArrayAsync();
        }

        var request = new HttpRequestMessage(HttpMethod.Get, _server.Server.UrlFor(counted));
        request.Headers.Range = new RangeHeaderValue(0, 99);
        using (HttpResponseMessage r = await _client.SendAsync(request))
        {
            await r.Content.ReadAsByteArrayAsync();
        }

        Assert.AreEqual((long)Size + 100, counted.BytesServed);
        Assert.AreEqual(2, counted.Requests);
    }

    [TestMethod]
    public async Task SignedUrl_ValidExpiredAndWrong_200Or403()
    {
        var signer = new UrlSigner("secret"u8.ToArray());
        await using TestServer signed = await TestServer.StartAsync(signer);
        FirmwarePackage package = signed.Server.Add("signed.bin", "2.0.0", Content);
        using HttpClient client = signed.TrustingClient();
        string baseUrl = signed.Server.HttpsBase!.GetLeftPart(UriPartial.Authority) + package.Path;

        string valid = signed.Server.UrlFor(package);
        StringAssert.Contains(valid, "expires=");
        using (HttpResponseMessage ok = await client.GetAsync(valid))
        {
            Assert.AreEqual(HttpStatusCode.OK, ok.StatusCode);
        }

        string expired = baseUrl + "?" + signer.Sign(package.Path, DateTimeOffset.UtcNow.AddSeconds(-5));
        using (HttpResponseMessage refused = await client.GetAsync(expired))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.AreEqual("expired", refused.Headers.GetValues("X-Refused").Single());
        }

        string tampered = valid.Replace("expires=", "expires=9");
        using (HttpResponseMessage refused = await client.GetAsync(tampered))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.AreEqual("bad signature", refused.Headers.GetValues("X-Refused").Single());
        }

        using (HttpResponseMessage refused = await client.GetAsync(baseUrl))
        {
            Assert.AreEqual(HttpStatusCode.Forbidden, refused.StatusCode);
        }
    }

    [TestMethod]
    public void ByteRangeRequest_Table_MatchesRfc9110()
    {
        // header, kind, first, last for a 100-byte resource
        (string? Header, ByteRangeKind Kind, long First, long Last)[] cases =
        [
            (null, ByteRangeKind.Whole, 0, 99),
            ("bytes=0-0", ByteRangeKind.Partial, 0, 0),
            ("bytes=99-", ByteRangeKind.Partial, 99, 99),
            ("bytes=50-150", ByteRangeKind.Partial, 50, 99),
            ("bytes=-1", ByteRangeKind.Partial, 99, 99),
            ("BYTES = 1-2", ByteRangeKind.Partial, 1, 2),
            ("bytes=100-", ByteRangeKind.Unsatisfiable, 0, 99),
            ("bytes=-0", ByteRangeKind.Unsatisfiable, 0, 99),
            ("bytes=2-1", ByteRangeKind.Whole, 0, 99),
            ("bytes=1-2,4-5", ByteRangeKind.Whole, 0, 99),
            ("bytes=-", ByteRangeKind.Whole, 0, 99),
            ("bytes=x-1", ByteRangeKind.Whole, 0, 99),
        ];
        foreach (var c in cases)
        {
            ByteRangeKind kind = ByteRangeRequest.Evaluate(c.Header, 100, out long first, out long last);
            Assert.AreEqual(c.Kind, kind, c.Header);
            if (kind == ByteRangeKind.Partial)
            {
                Assert.AreEqual(c.First, first, c.Header);
                Assert.AreEqual(c.Last, last, c.Header);
            }
        }
    }

    private static Task<HttpResponseMessage> Send(HttpMethod method, string? range)
    {
        var request = new HttpRequestMessage(method, _server!.Server.UrlFor(_package!));
        if (range != null)
        {
            request.Headers.TryAddWithoutValidation("Range", range);
        }

        return _client!.SendAsync(request);
    }
}
