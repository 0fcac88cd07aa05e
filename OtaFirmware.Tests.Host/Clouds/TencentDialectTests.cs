// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Text;
using OtaFirmware.Clouds.Tencent;
using static OtaFirmware.Tests.Host.Clouds.HostileCase;

namespace OtaFirmware.Tests.Host.Clouds;

[TestClass]
public class TencentDialectTests
{
    private const string Topic = "$ota/update/S3EUVBRJLB/test_device";
    private const string Md5 = "ad4615b866c13afb8b293a679bfa5dc4";
    private const string Url = "https://ota-1255858890.cos.ap-guangzhou.myqcloud.com/";

    // Seed 000: {"file_size":175436,"md5sum":"ad46..","type":"update_firmware","url":"https://ota-..myqcloud.com/","version":"1.3.0"}
    private static readonly (string, string?)[] Update =
    {
        ("file_size", "175436"), ("md5sum", S(Md5)), ("type", S("update_firmware")), ("url", S(Url)), ("version", S("1.3.0")),
    };

    private static string U(params (string, string?)[] overrides) => Obj(Merge(Update, overrides));

    private static HostileCase Ok(string name, string json, string correlation = "1.3.0") => Json(name, Topic, json, CommandKind.Update, null, correlation);

    private static HostileCase Bad(string name, string json, string reason, string? correlation = "1.3.0") => Json(name, Topic, json, CommandKind.Rejected, reason, correlation);

    public static IEnumerable<object[]> Cases()
    {
        var cases = new List<HostileCase>
        {
            Ok("seed update_firmware", U()),
            Ok("file_size as string", U(("file_size", S("175436")))),
            Ok("md5 upper case", U(("md5sum", S(Md5.ToUpperInvariant())))),
            Ok("extra unknown fields", U(("fw_type", S("mcu")), ("task_id", "77"))),
            Ok("size at the 16 MiB limit", U(("file_size", "16777216"))),
            Ok("version as a number", U(("version", "2")), "2"),
            Ok("escaped version text", U(("version", "\"\\u0031.3.0\""))),
            Bad("size missing", U(("file_size", null)), "missing size"),
            Bad("size null", U(("file_size", "null")), "missing size"),
            Bad("size zero", U(("file_size", "0")), "size is zero"),
            Bad("size negative", U(("file_size", "-1")), "is negative"),
            Bad("size fractional", U(("file_size", "1.5")), "not a whole number"),
            Bad("size exponent", U(("file_size", "1e3")), "not a whole number"),
            Bad("size over limit", U(("file_size", "16777217")), "exceeds the 16777216-byte limit"),
            Bad("size huge", U(("file_size", "99999999999999999999999999")), "exceeds the 16777216-byte limit"),
            Bad("size text", U(("file_size", S("abc"))), "not a decimal integer"),
            Bad("size bool", U(("file_size", "true")), "invalid JSON", null),
            Bad("size object", U(("file_size", "{}")), "invalid JSON", null),
            Bad("size array", U(("file_size", "[1]")), "invalid JSON", null),
            Bad("md5 missing", U(("md5sum", null)), "missing md5"),
            Bad("md5 null", U(("md5sum", "null")), "missing md5"),
            Bad("md5 empty", U(("md5sum", S(""))), "md5 is empty"),
            Bad("md5 31 chars", U(("md5sum", S(Md5[..31]))), "md5 is 31 characters"),
            Bad("md5 33 chars", U(("md5sum", S(Md5 + "0"))), "md5 is 33 characters"),
            Bad("md5 non-hex", U(("md5sum", S("zz" + Md5[2..]))), "md5 has a non-hex character at 0"),
            Bad("md5 number", U(("md5sum", "123")), "md5 is 3 characters"),
            Bad("url ftp", U(("url", S("ftp://example.com/fw.bin"))), "scheme 'ftp' is not allowed"),
            Bad("url file", U(("url", S("file:///etc/passwd"))), "scheme 'file' is not allowed"),
            Bad("url javascript", U(("url", S("javascript:alert(1)"))), "scheme 'javascript' is not allowed"),
            Bad("url http", U(("url", S("http://example.com/fw.bin"))), "scheme 'http' is not allowed"),
            Bad("url missing", U(("url", null)), "missing url"),
            Bad("url whitespace", U(("url", S("https://example.com/a b"))), "whitespace"),
            Bad("url user info", U(("url", S("https://user:pw@example.com/fw"))), "user info"),
            Bad("url without host", U(("url", S("https:///fw.bin"))), "no host"),
            Bad("version missing", U(("version", null)), "missing version", null),
            Bad("version empty", U(("version", S(""))), "missing version", null),
            Bad("version 32 chars", U(("version", S(new string('1', 32)))), "longer than 31", null),
            Bad("version control char", U(("version", "\"1.3\\u0001\"")), "non-printable", null),
            Bad("version non-ASCII", U(("version", "\"1.3.\\u00e9\"")), "non-ASCII", null),
            Bad("type missing", U(("type", null)), "missing type"),
            Bad("type null", U(("type", "null")), "missing type"),
            Bad("key case differs", U(("type", null), ("Type", S("update_firmware"))), "missing type"),
            Json("type unknown", Topic, U(("type", S("delete_firmware"))), CommandKind.Ignore, "unknown message type 'delete_firmware'"),
            Json("type number", Topic, U(("type", "5")), CommandKind.Ignore, "unknown message type '5'"),
            Json("version ack numeric 0", Topic, "{\"result_code\":0,\"result_msg\":\"success\",\"type\":\"report_version_rsp\",\"version\":\"1.0.0\"}", CommandKind.VersionAcknowledged, "1.0.0"),
            Json("version ack string 0", Topic, "{\"result_code\":\"0\",\"type\":\"report_version_rsp\",\"version\":\"1.0.0\"}", CommandKind.VersionAcknowledged, "acknowledged"),
            Json("version refused", Topic, "{\"result_code\":1,\"result_msg\":\"bad version\",\"type\":\"report_version_rsp\",\"version\":\"1.0.0\"}", CommandKind.CloudError, "result_code 1: bad version"),
            Bad("version rsp without code", "{\"type\":\"report_version_rsp\",\"version\":\"1.0.0\"}", "without result_code", null),
            new("garbage bytes", Topic, new byte[] { 0x00, 0x01, 0xFE, 0xFF, 0x13, 0x37 }, CommandKind.Rejected, "not valid UTF-8", null),
            new("invalid UTF-8 in a value", Topic, Concat("{\"type\":\"update_firmware\",\"version\":\"1.", new byte[] { 0xC3, 0x28 }, "\"}"), CommandKind.Rejected, "not valid UTF-8", null),
            new("overlong UTF-8 slash", Topic, Concat("{\"type\":\"", new byte[] { 0xC0, 0xAF }, "\"}"), CommandKind.Rejected, "not valid UTF-8", null),
            Bad("5000-byte payload", U(("pad", S(new string('a', 5000)))), "exceeds the 4096-byte limit", null),
            Bad("deeply nested", Nested(200), "invalid JSON", null),
            Bad("array instead of object", "[" + U() + "]", "invalid JSON", null),
            Bad("JSON null", "null", "JSON is null", null),
            Bad("JSON string", "\"update_firmware\"", "invalid JSON", null),
            new("empty payload", Topic, Array.Empty<byte>(), CommandKind.Rejected, "empty payload", null),
            Bad("not JSON", "hello", "invalid JSON", null),
            Bad("truncated JSON", U()[..40], "invalid JSON", null),
            Bad("duplicate type", "{\"type\":\"report_version_rsp\",\"type\":\"update_firmware\"}", "invalid JSON", null),
            Bad("duplicate version", U(("version", S("1.3.0"))).Replace("}", ",\"version\":\"9.9.9\"}"), "invalid JSON", null),
            Bad("trailing comma", U().Replace("}", ",}"), "invalid JSON", null),
            Bad("comment", "/* x */" + U(), "invalid JSON", null),
            Bad("byte order mark", "\uFEFF" + U(), "invalid JSON", null),
            Json("another device", "$ota/update/S3EUVBRJLB/other_device", U(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("another product", "$ota/update/OTHERPRODU/test_device", U(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("own report topic", "$ota/report/S3EUVBRJLB/test_device", U(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("wildcard topic", "$ota/update/+/test_device", U(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("topic with suffix", Topic + "/x", U(), CommandKind.Ignore, "not this device's OTA topic"),
            Json("null topic", null, U(), CommandKind.Ignore, "not this device's OTA topic"),
        };
        cases.AddRange(ReaderCases(Topic, U(), "1.3.0"));
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
    public void Parse_SeedUpdate_JobFields()
    {
        byte[] payload = Encoding.UTF8.GetBytes(U());
        CloudCommand command = Create().Parse(Topic, payload, payload.Length);
        Assert.AreEqual(CommandKind.Update, command.Kind);
        Assert.AreEqual("1.3.0", command.Job.Version);
        Assert.AreEqual(175436, command.Job.Size);
        Assert.AreEqual(Md5, Hex.ToLower(command.Job.Md5));
        Assert.IsNull(command.Job.Sha256);
        Assert.AreEqual(Url, command.Job.Url);
    }

    [TestMethod]
    public void Parse_LengthShorterThanBuffer_OnlyLengthRead()
    {
        byte[] payload = Encoding.UTF8.GetBytes(U() + "GARBAGE");
        CloudCommand command = Create().Parse(Topic, payload, payload.Length - 7);
        Assert.AreEqual(CommandKind.Update, command.Kind);
    }

    [TestMethod]
    public void Parse_HttpLoopbackWhenAllowed_Update()
    {
        var dialect = new TencentDialect("S3EUVBRJLB", "test_device", new DialectOptions { AllowHttpOnLoopback = true });
        byte[] local = Encoding.UTF8.GetBytes(U(("url", S("http://127.0.0.1:8080/fw.bin"))));
        Assert.AreEqual(CommandKind.Update, dialect.Parse(Topic, local, local.Length).Kind);
        byte[] remote = Encoding.UTF8.GetBytes(U(("url", S("http://ota.example.com/fw.bin"))));
        CloudCommand refused = dialect.Parse(Topic, remote, remote.Length);
        Assert.AreEqual(CommandKind.Rejected, refused.Kind);
        Assert.Contains("loopback", refused.Error);
    }

    [TestMethod]
    public void Parse_SmallerMaxImageSize_Enforced()
    {
        var dialect = new TencentDialect("S3EUVBRJLB", "test_device", new DialectOptions { MaxImageSize = 100000 });
        byte[] payload = Encoding.UTF8.GetBytes(U());
        CloudCommand command = dialect.Parse(Topic, payload, payload.Length);
        Assert.AreEqual(CommandKind.Rejected, command.Kind);
        Assert.AreEqual("size 175436 exceeds the 100000-byte limit", command.Error);
    }

    [TestMethod]
    public void RejectedThenReported_FailWithVersion()
    {
        TencentDialect dialect = Create();
        byte[] payload = Encoding.UTF8.GetBytes(U(("md5sum", S(Md5[..31]))));
        CloudCommand command = dialect.Parse(Topic, payload, payload.Length);
        OutgoingMessage? report = dialect.ReportRejected(command.CorrelationId, command.Error);
        Assert.IsNotNull(report);
        Assert.AreEqual(
            "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"fail\",\"result_code\":\"-5\",\"result_msg\":\"rejected update command: md5 is 31 characters, expected 32 hex digits\"},\"version\":\"1.3.0\"}}",
            Encoding.UTF8.GetString(report.Payload));
    }

    private static TencentDialect Create() => new("S3EUVBRJLB", "test_device");

    internal static byte[] Concat(string head, byte[] middle, string tail)
        => Encoding.UTF8.GetBytes(head).Concat(middle).Concat(Encoding.UTF8.GetBytes(tail)).ToArray();
}
