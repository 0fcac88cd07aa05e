// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Net;
using System.Net.Http.Headers;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.Tests.Host.Http;

namespace OtaFirmware.Tests.Host.LocalCloud;

/// <summary>RFC 9110 13.1.5 on the firmware server: a Range with an If-Range that does not match gets the whole file with 200.</summary>
[TestClass]
public sealed class IfRangeTests
{
    [TestMethod]
    [DataRow("matching entity tag", true)]
    [DataRow("other entity tag", false)]
    [DataRow("weak entity tag", false)]
    [DataRow("date", false)]
    public async Task Get_RangeWithIfRange_PartialOnlyWhenTheValidatorMatches(string validator, bool partial)
    {
        await using TestServer server = await TestServer.StartAsync();
        byte[] image = TestServer.Image(10_000, 7);
        FirmwarePackage package = server.Server.Add("if-range.bin", "1.0.0", image);
        using HttpClient client = server.TrustingClient();
        string etag;
        using (HttpResponseMessage head = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, server.Server.UrlFor(package))))
        {
            etag = head.Headers.ETag!.Tag;
        }

        var request = new HttpRequestMessage(HttpMethod.Get, server.Server.UrlFor(package));
        request.Headers.Range = new RangeHeaderValue(100, 199);
        request.Headers.TryAddWithoutValidation("If-Range", validator switch
        {
            "matching entity tag" => etag,
            "other entity tag" => "\"0000000000000000\"",
            "weak entity tag" => "W/" + etag,
            _ => "Fri, 04 Dec 2026 10:00:00 GMT",
        });
        using HttpResponseMessage response = await client.SendAsync(request);
        byte[] body = await response.Content.ReadAsByteArrayAsync();

        Assert.AreEqual(partial ? HttpStatusCode.PartialContent : HttpStatusCode.OK, response.StatusCode, validator);
        CollectionAssert.AreEqual(partial ? image[100..200] : image, body, validator);
    }
}
