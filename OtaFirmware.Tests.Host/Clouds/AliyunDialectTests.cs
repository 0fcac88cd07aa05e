// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Text;
using OtaFirmware.Clouds.Aliyun;
using static OtaFirmware.Tests.Host.Clouds.HostileCase;

namespace OtaFirmware.Tests.Host.Clouds;

[TestClass]
public class AliyunDialectTests
{
    private const string Topic = "/ota/device/upgrade/a1pk/dev1";
    private const string Md5 = "93230c3bde425a9d7984a594ac55ea1e";
    private const string Sha = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";
    private const string Url = "https://iotx-ota.oss-cn-shanghai.aliyuncs.com/fw.bin?Expires=1502955804&OSSAccessKeyId=X&Signature=XfgJu7P6DWWejstKJgXJEH0qAKU%3D";
    private const string Id = "1507707025";

    // Seed 004 upgrade message.
    private static readonly (string, string?)[] Data =
    {
        ("size", "432945"), ("version", S("2.0.0")), ("url", S(Url)), ("md5", S(Md5)),
    };

    private static string M(params (string, string?)[] dataOverrides) => Top(Obj(Merge(Data, dataOverrides)));

    private static string Top(string? data, params (string, string?)[] overrides)
        => Obj(Merge(new (string, string?)[] { ("code", S("1000")), ("data", data), ("id", Id), ("message", S("success")) }, overrides));

    private static HostileCase Ok(string name, string json, string? correlation = Id) => Json(name, Topic, json, CommandKind.Update, null, correlation);

    private static HostileCase Bad(string name, string json, string reason, string? correlation = Id) => Json(name, Topic, json, CommandKind.Rejected, reason, correlation);

    public static IEnumerable<object[]> Cases()
    {
        var cases = new List<HostileCase>
        {
            Ok("seed upgrade", M()),
            Ok("id as string", Top(Obj(Data), ("id", S(Id)))),
            Ok("code as number", Top(Obj(Data), ("code", "1000"))),
            Ok("message not success", Top(Obj(Data), ("message", S("ok")))),
            Ok("sign Md5 without md5", M(("md5", null), ("sign", S(Md5)), ("signMethod", S("Md5")))),
            Ok("sign Md5 equals md5 in other case", M(("sign", S(Md5.ToUpperInvariant())), ("signMethod", S("Md5")))),
            Ok("sign SHA256 with md5", M(("sign", S(Sha)), ("signMethod", S("SHA256")))),
            Ok("sign Sha256 only", M(("md5", null), ("sign", S(Sha)), ("signMethod", S("Sha256")))),
            Ok("isDiff 0", M(("isDiff", "0"))),
            Ok("size as string", M(("size", S("432945")))),
            Ok("md5 upper case", M(("md5", S(Md5.ToUpperInvariant())))),
            Ok("unsafe id not echoed", Top(Obj(Data), ("id", "\"a\\\"b\"")), null),
            Ok("extra fields", M(("digestsign", S("x")), ("extData", "{\"k\":1}"))),
            Ok("module default", M(("module", S("default")))),
            Bad("module of another MCU", M(("module", S("mcu"))), "firmware for module 'mcu'"),
            Bad("md5 and sign disagree", M(("sign", S(Sha[..32])), ("signMethod", S("Md5"))), "md5 and sign disagree"),
            Bad("signMethod unknown", M(("sign", S(Sha)), ("signMethod", S("RSA"))), "unsupported signMethod 'RSA'"),
            Bad("sign without signMethod", M(("sign", S(Sha))), "sign without signMethod"),
            Bad("signMethod without sign", M(("signMethod", S("Md5"))), "signMethod without sign"),
            Bad("sha256 63 chars", M(("md5", null), ("sign", S(Sha[..63])), ("signMethod", S("SHA256"))), "sha256 is 63 characters"),
            Bad("sha256 non-hex", M(("md5", null), ("sign", S("x" + Sha[1..])), ("signMethod", S("SHA256"))), "sha256 has a non-hex character at 0"),
            Bad("no digest at all", M(("md5", null)), "missing digest"),
            Bad("differential package", M(("isDiff", "1")), "differential packages are not supported"),
            Json("code 1001", Topic, Top(Obj(Data), ("code", S("1001")), ("message", S("firmware not found"))), CommandKind.CloudError, "code 1001: firmware not found"),
            Bad("code missing", Top(Obj(Data), ("code", null)), "missing code"),
            Bad("data missing", Top(null), "missing data"),
            Bad("data null", Top("null"), "missing data"),
            Bad("data array", Top("[]"), "invalid JSON", null),
            Bad("data string", Top(S("x")), "invalid JSON", null),
            Bad("size missing", M(("size", null)), "missing size"),
            Bad("size zero", M(("size", "0")), "size is zero"),
            Bad("size negative", M(("size", "-432945")), "is negative"),
            Bad("size fractional", M(("size", "432945.5")), "not a whole number"),
            Bad("size 2^31", M(("size", "2147483648")), "exceeds the 16777216-byte limit"),
            Bad("size huge", M(("size", "1" + new string('0', 40))), "exceeds the 16777216-byte limit"),
            Bad("size text", M(("size", S("big"))), "not a decimal integer"),
            Bad("size bool", M(("size", "false")), "invalid JSON", null),
            Bad("version missing", M(("version", null)), "missing version"),
            Bad("version empty", M(("version", S(""))), "missing version"),
            Bad("version 40 chars", M(("version", S(new string('v', 40)))), "longer than 31"),
            Bad("version newline", M(("version", "\"2.0\\n\"")), "non-printable"),
            Bad("url ftp", M(("url", S("ftp://a.example/fw"))), "scheme 'ftp' is not allowed"),
            Bad("url file", M(("url", S("file:///dev/mem"))), "scheme 'file' is not allowed"),
            Bad("url javascript", M(("url", S("javascript:void(0)"))), "scheme 'javascript' is not allowed"),
            Bad("url http", M(("url", S("http://a.example/fw"))), "scheme 'http' is not allowed"),
            Bad("url missing", M(("url", null)), "missing url"),
            Bad("url with spaces (seed layout)", M(("url", S("https://iotx-ota-pre.oss-cn-shanghai.aliyuncs.com/x.tar.gz?    Expires=1"))), "whitespace"),
            Bad("url number", M(("url", "42")), "no scheme"),
            Bad("md5 31 chars", M(("md5", S(Md5[..31]))), "md5 is 31 characters"),
            Bad("md5 33 chars", M(("md5", S(Md5 + "a"))), "md5 is 33 characters"),
            Bad("md5 non-hex", M(("md5", S(Md5[..31] + "-"))), "md5 has a non-hex character at 31"),
            new("garbage bytes", Topic, new byte[] { 0xFF, 0xFE, 0x00, 0x7B }, CommandKind.Rejected, "not valid UTF-8", null),
            new("surrogate in UTF-8", Topic, TencentDialectTests.Concat("{\"code\":\"", new byte[] { 0xED, 0xA0, 0x80 }, "\"}"), CommandKind.Rejected, "not valid UTF-8", null),
            Bad("5000-byte payload", M(("pad", S(new string('p', 5000)))), "exceeds the 4096-byte limit", null),
            Bad("deeply nested", Nested(100), "invalid JSON", null),
            Bad("array instead of object", "[" + M() + "]", "invalid JSON", null),
            Bad("JSON null", "null", "JSON is null", null),
            new("empty payload", Topic, Array.Empty<byte>(), CommandKind.Rejected, "empty payload", null),
            Bad("not JSON", "<xml/>", "invalid JSON", null),
            Bad("duplicate code", M().Replace("{\"code\"", "{\"code\":\"1001\",\"code\""), "invalid JSON", null),
            Bad("duplicate url in data", M().Replace("\"md5\"", "\"url\":\"https://evil.example/x\",\"md5\""), "invalid JSON", null),
            Bad("id object", Top(Obj(Data), ("id", "{}")), "invalid JSON", null),
            Json("another device", "/ota/device/upgrade/a1pk/dev2", M(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("another product", "/ota/device/upgrade/b2pk/dev1", M(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("progress topic", "/ota/device/progress/a1pk/dev1", M(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("request topic", "/ota/device/request/a1pk/dev1", M(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("inform topic", "/ota/device/inform/a1pk/dev1", M(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("null topic", null, M(), CommandKind.Ignore, "not this device's OTA topic"),
        };
        cases.AddRange(ReaderCases(Topic, M(), Id));
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
        CloudCommand command = Parse(M());
        Assert.AreEqual(CommandKind.Update, command.Kind);
        Assert.AreEqual("2.0.0", command.Job.Version);
        Assert.AreEqual(432945, command.Job.Size);
        Assert.AreEqual(Md5, Hex.ToLower(command.Job.Md5));
        Assert.IsNull(command.Job.Sha256);
        Assert.AreEqual(Url, command.Job.Url);
        Assert.AreEqual(Id, command.Job.CorrelationId);
    }

    [TestMethod]
    public void Parse_Sha256AndMd5_BothDigests()
    {
        CloudCommand command = Parse(M(("sign", S(Sha)), ("signMethod", S("SHA256"))));
        Assert.AreEqual(Md5, Hex.ToLower(command.Job.Md5));
        Assert.AreEqual(Sha, Hex.ToLower(command.Job.Sha256));
        CloudCommand shaOnly = Parse(M(("md5", null), ("sign", S(Sha.ToUpperInvariant())), ("signMethod", S("Sha256"))));
        Assert.IsNull(shaOnly.Job.Md5);
        Assert.AreEqual(Sha, Hex.ToLower(shaOnly.Job.Sha256));
    }

    [TestMethod]
    public void RejectedThenReported_StepMinus1WithId()
    {
        AliyunDialect dialect = Create();
        byte[] payload = Encoding.UTF8.GetBytes(M(("size", "0")));
        CloudCommand command = dialect.Parse(Topic, payload, payload.Length);
        OutgoingMessage? report = dialect.ReportRejected(command.CorrelationId, command.Error);
        Assert.IsNotNull(report);
        Assert.AreEqual("/ota/device/progress/a1pk/dev1", report.Topic);
        Assert.AreEqual("{\"id\":\"1507707025\",\"params\":{\"step\":\"-1\",\"desc\":\"rejected upgrade message: size is zero\"}}", Encoding.UTF8.GetString(report.Payload));
    }

    private static CloudCommand Parse(string json)
    {
        byte[] payload = Encoding.UTF8.GetBytes(json);
        return Create().Parse(Topic, payload, payload.Length);
    }

    private static AliyunDialect Create() => new("a1pk", "dev1");
}
