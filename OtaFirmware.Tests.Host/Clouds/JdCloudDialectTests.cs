// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Text;
using OtaFirmware.Clouds.JdCloud;
using static OtaFirmware.Tests.Host.Clouds.HostileCase;

namespace OtaFirmware.Tests.Host.Clouds;

[TestClass]
public class JdCloudDialectTests
{
    private const string Upgrade = "/sys/pk1/id1/ota/firmware/upgrade";
    private const string Reply = "/sys/pk1/id1/ota/firmware/get_reply";
    private const string Md5 = "93230c3bde425a9d7984a594ac55ea1e";
    private const string Sha = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string Url = "https://jdcloud-iot-ota.s3.cn-north-1.jdcloud-oss.com/fw/1.1.0.bin?sig=abc";

    // Seed 002 upgrade push (keys without the document's stray spaces).
    private static readonly (string, string?)[] Data =
    {
        ("policy", S("standard")), ("size", "432945"), ("firmwareVersion", S("1.1.0")), ("url", S(Url)), ("sign", S(Md5)), ("signMethod", S("Md5")),
    };

    private static string M(params (string, string?)[] dataOverrides) => Top(Obj(Merge(Data, dataOverrides)));

    private static string Top(string? data, params (string, string?)[] overrides)
        => Obj(Merge(new (string, string?)[] { ("msgId", S("123")), ("version", S("1.0")), ("data", data) }, overrides));

    private static HostileCase Ok(string name, string json, string? correlation = "123") => Json(name, Upgrade, json, CommandKind.Update, null, correlation);

    private static HostileCase Bad(string name, string json, string reason, string? correlation = "123") => Json(name, Upgrade, json, CommandKind.Rejected, reason, correlation);

    public static IEnumerable<object[]> Cases()
    {
        var cases = new List<HostileCase>
        {
            Ok("seed upgrade", M()),
            Ok("policy silent", M(("policy", S("silent")))),
            Ok("policy absent", M(("policy", null))),
            Ok("msgId as number", Top(Obj(Data), ("msgId", "123"))),
            Ok("signMethod md5 lower case", M(("signMethod", S("md5")))),
            Ok("signMethod SHA256", M(("sign", S(Sha)), ("signMethod", S("SHA256")))),
            Ok("sign upper case", M(("sign", S(Md5.ToUpperInvariant())))),
            Ok("size as string", M(("size", S("432945")))),
            Ok("protocol version absent", Top(Obj(Data), ("version", null))),
            Ok("msgId key with the document's trailing space", Obj(("msgId ", S("123")), ("version", S("1.0")), ("data", Obj(Data))), null),
            Ok("code 200 on upgrade", Top(Obj(Data), ("code", "200"))),
            Bad("upgrade with error code", Top(Obj(Data), ("code", "500")), "upgrade message with code 500"),
            Bad("data key with the document's trailing space", Obj(("msgId", S("123")), ("version", S("1.0")), ("data ", Obj(Data))), "missing data"),
            Bad("policy unknown", M(("policy", S("later"))), "unknown policy 'later'"),
            Bad("signMethod missing", M(("signMethod", null)), "sign without signMethod"),
            Bad("signMethod unknown", M(("signMethod", S("RSA"))), "unsupported signMethod 'RSA'"),
            Bad("sign missing", M(("sign", null)), "missing sign"),
            Bad("sign empty", M(("sign", S(""))), "missing sign"),
            Bad("sign 31 chars", M(("sign", S(Md5[..31]))), "md5 is 31 characters"),
            Bad("sign 33 chars", M(("sign", S(Md5 + "f"))), "md5 is 33 characters"),
            Bad("sign non-hex", M(("sign", S("g" + Md5[1..]))), "md5 has a non-hex character at 0"),
            Bad("SHA256 sign is an md5", M(("signMethod", S("SHA256"))), "sha256 is 32 characters"),
            Bad("data missing", Top(null), "missing data"),
            Bad("data null", Top("null"), "missing data"),
            Bad("data number", Top("7"), "invalid JSON", null),
            Bad("size missing", M(("size", null)), "missing size"),
            Bad("size zero", M(("size", "0")), "size is zero"),
            Bad("size negative", M(("size", "-1")), "is negative"),
            Bad("size fractional", M(("size", "0.5")), "not a whole number"),
            Bad("size over limit", M(("size", "33554432")), "exceeds the 16777216-byte limit"),
            Bad("size object", M(("size", "{\"v\":1}")), "invalid JSON", null),
            Bad("firmwareVersion missing", M(("firmwareVersion", null)), "missing version"),
            Bad("firmwareVersion 32 chars", M(("firmwareVersion", S(new string('9', 32)))), "longer than 31"),
            Bad("firmwareVersion tab", M(("firmwareVersion", "\"1.1\\t\"")), "non-printable"),
            Bad("url ftp", M(("url", S("ftp://x.example/fw"))), "scheme 'ftp' is not allowed"),
            Bad("url file", M(("url", S("file:/fw.bin"))), "scheme 'file' is not allowed"),
            Bad("url javascript", M(("url", S("javascript:fetch()"))), "scheme 'javascript' is not allowed"),
            Bad("url http", M(("url", S("http://x.example/fw"))), "scheme 'http' is not allowed"),
            Bad("url missing", M(("url", null)), "missing url"),
            Bad("url relative", M(("url", S("/fw/1.1.0.bin"))), "no scheme"),
            Bad("url too long", M(("url", S("https://x.example/" + new string('a', 3000)))), "longer than 2048"),
            Json("get_reply 404", Reply, "{\"msgId\":\"123\",\"code\":404,\"message\":\"FirmwareVersion 1.1.0 not existed\"}", CommandKind.NoUpdatePending, "FirmwareVersion 1.1.0 not existed"),
            Json("get_reply 404 as string", Reply, "{\"msgId\":\"123\",\"code\":\"404\",\"message\":\"FirmwareVersion 1.1.0 not existed\"}", CommandKind.NoUpdatePending, "not existed"),
            Json("get_reply 500", Reply, "{\"msgId\":\"123\",\"code\":500,\"message\":\"internal\"}", CommandKind.CloudError, "code 500: internal"),
            Json("get_reply with size", Reply, Top(Obj(Merge(Data, new (string, string?)[] { ("policy", null) }))), CommandKind.Update, null, "123"),
            Json("get_reply as documented (no size)", Reply, Top(Obj(("firmwareVersion", S("1.1.0")), ("url", S(Url)), ("sign", S(Md5)), ("signMethod", S("Md5")))), CommandKind.Rejected, "firmware info without size", "123"),
            Json("get_reply 200 without size", Reply, Top(Obj(("firmwareVersion", S("1.1.0")), ("url", S(Url)), ("sign", S(Md5)), ("signMethod", S("Md5"))), ("code", "200")), CommandKind.Rejected, "without size", "123"),
            Json("get_reply without data", Reply, "{\"msgId\":\"9\"}", CommandKind.Rejected, "missing data", "9"),
            new("garbage bytes", Upgrade, new byte[] { 0x80, 0x81, 0x82 }, CommandKind.Rejected, "not valid UTF-8", null),
            new("truncated UTF-8 sequence", Upgrade, TencentDialectTests.Concat("{\"msgId\":\"", new byte[] { 0xE4, 0xBA }, "\"}"), CommandKind.Rejected, "not valid UTF-8", null),
            Bad("5000-byte payload", M(("pad", S(new string('z', 5000)))), "exceeds the 4096-byte limit", null),
            Bad("deeply nested", Nested(64), "invalid JSON", null),
            Bad("array instead of object", "[]", "invalid JSON", null),
            Bad("JSON null", "null", "JSON is null", null),
            new("empty payload", Upgrade, Array.Empty<byte>(), CommandKind.Rejected, "empty payload", null),
            Bad("not JSON", "msgId=123", "invalid JSON", null),
            Bad("duplicate msgId", M().Replace("{\"msgId\"", "{\"msgId\":\"1\",\"msgId\""), "invalid JSON", null),
            Bad("duplicate sign", M().Replace("\"signMethod\"", "\"sign\":\"00000000000000000000000000000000\",\"signMethod\""), "invalid JSON", null),
            Json("another device", "/sys/pk1/id2/ota/firmware/upgrade", M(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("another product", "/sys/pk2/id1/ota/firmware/upgrade", M(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("own get topic", "/sys/pk1/id1/ota/firmware/get", M(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("own progress topic", "/sys/pk1/id1/ota/firmware/progress", M(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("wildcard topic", "/sys/pk1/+/ota/firmware/upgrade", M(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("null topic", null, M(), CommandKind.Ignore, "not this device's OTA topic"),
        };
        cases.AddRange(ReaderCases(Upgrade, M(), "123"));
        return cases.Select(c => new object[] { c });
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public void Parse_HostileInput_ExactKindAndSpecificReason(HostileCase c)
    {
        DialectAssert.Check(Create(), c);
    }

    [TestMethod]
    public void Cases_AtLeastFifty()
    {
        Assert.IsGreaterThanOrEqualTo(50, Cases().Count());
    }

    [TestMethod]
    public void Parse_SeedUpgrade_JobFields()
    {
        byte[] payload = Encoding.UTF8.GetBytes(M());
        CloudCommand command = Create().Parse(Upgrade, payload, payload.Length);
        Assert.AreEqual(CommandKind.Update, command.Kind);
        Assert.AreEqual("1.1.0", command.Job.Version);
        Assert.AreEqual(432945, command.Job.Size);
        Assert.AreEqual(Md5, Hex.ToLower(command.Job.Md5));
        Assert.IsNull(command.Job.Sha256);
        Assert.AreEqual(Url, command.Job.Url);
        Assert.AreEqual("123", command.Job.CorrelationId);
    }

    [TestMethod]
    public void RejectedThenReported_FailedMinus1WithMsgId()
    {
        JdCloudDialect dialect = Create();
        byte[] payload = Encoding.UTF8.GetBytes(M(("policy", S("later"))));
        CloudCommand command = dialect.Parse(Upgrade, payload, payload.Length);
        OutgoingMessage? report = dialect.ReportRejected(command.CorrelationId, command.Error);
        Assert.IsNotNull(report);
        Assert.AreEqual(
            "{\"msgId\":\"123\",\"version\":\"1.0\",\"data\":{\"status\":\"failed\",\"progress\":0,\"code\":-1,\"desc\":\"rejected firmware message: unknown policy 'later'\"}}",
            Encoding.UTF8.GetString(report.Payload));
    }

    private static JdCloudDialect Create() => new("pk1", "id1");
}
