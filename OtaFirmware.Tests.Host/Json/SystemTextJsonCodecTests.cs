// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Host.Json;

namespace OtaFirmware.Tests.Host.Json;

[TestClass]
public class SystemTextJsonCodecTests
{
    [TestMethod]
    public void TryDeserialize_NumbersIntoStrings_LiteralText()
    {
        var codec = new SystemTextJsonCodec();
        Assert.IsTrue(codec.TryDeserialize("{\"file_size\":175436,\"result_code\":-1.50e3,\"type\":\"x\"}", typeof(TencentOtaMessage), out object value, out string error), error);
        var message = (TencentOtaMessage)value;
        Assert.AreEqual("175436", message.file_size);
        Assert.AreEqual("-1.50e3", message.result_code);
        Assert.AreEqual("x", message.type);
    }

    [TestMethod]
    public void TryDeserialize_NestedClassAndUnknownKeys_Parsed()
    {
        var codec = new SystemTextJsonCodec();
        Assert.IsTrue(codec.TryDeserialize("{\"code\":\"1000\",\"extra\":{\"a\":[1,2]},\"data\":{\"size\":10,\"md5\":\"ab\"}}", typeof(AliyunUpgradeMessage), out object value, out _));
        var message = (AliyunUpgradeMessage)value;
        Assert.AreEqual("1000", message.code);
        Assert.AreEqual("10", message.data.size);
        Assert.AreEqual("ab", message.data.md5);
    }

    [TestMethod]
    public void TryDeserialize_BadInputs_FalseWithReasonNeverThrows()
    {
        var codec = new SystemTextJsonCodec();
        string[] inputs =
        {
            "", "   ", "null", "[]", "{", "{\"type\":true}", "{\"type\":{}}", "{\"type\":\"a\",\"type\":\"b\"}", "{\"type\":\"a\",}", "// c\n{}",
            new string('[', 20) + new string(']', 20), "{\"type\":\"\\ud800\"}x", "\u0000",
        };
        foreach (string input in inputs)
        {
            bool ok = codec.TryDeserialize(input, typeof(TencentOtaMessage), out object value, out string error);
            Assert.IsFalse(ok, "accepted: " + input);
            Assert.IsNull(value);
            Assert.IsFalse(string.IsNullOrEmpty(error), input);
        }
    }

    [TestMethod]
    public void TryDeserialize_DuplicateKey_ReasonSaysDuplicate()
    {
        Assert.IsFalse(new SystemTextJsonCodec().TryDeserialize("{\"type\":\"a\",\"type\":\"b\"}", typeof(TencentOtaMessage), out _, out string error));
        Assert.Contains("uplicate", error);
    }

    [TestMethod]
    public void TryDeserialize_CaseDiffers_PropertyNotSet()
    {
        Assert.IsTrue(new SystemTextJsonCodec().TryDeserialize("{\"Type\":\"update_firmware\"}", typeof(TencentOtaMessage), out object value, out _));
        Assert.IsNull(((TencentOtaMessage)value).type);
    }

    [TestMethod]
    public void Serialize_NullsOmitted_ExactNames()
    {
        string json = new SystemTextJsonCodec().Serialize(new TencentOtaMessage { type = "report_version", version = "1.0.0" });
        Assert.AreEqual("{\"type\":\"report_version\",\"version\":\"1.0.0\"}", json);
    }
}
