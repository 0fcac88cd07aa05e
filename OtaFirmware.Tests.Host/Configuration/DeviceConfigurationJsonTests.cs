// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using Microsoft.VisualStudio.TestTools.UnitTesting;
using OtaFirmware.Configuration;

namespace OtaFirmware.Tests.Host.Configuration;

/// <summary>
/// device_info.json as text: the keys of the Tencent SDK file (seeds 000 and 003) plus OtaFirmware's keys must land
/// in <see cref="DeviceConfiguration"/> through the portable JSON reader the device uses.
/// </summary>
[TestClass]
public sealed class DeviceConfigurationJsonTests
{
    private const string TencentFile = """
        {
          "auth_mode":"KEY",
          "productId":"S3EUVBRJLB",
          "deviceName":"test_device",
          "key_deviceinfo":{
              "deviceSecret":"vX6PQqazsGsMyf5SMfs6OA6y"
          },
          "cloud":"tencent",
          "ca_cert":"tencent_root.pem",
          "signing_key_digests":["3b1e5a2c9d7f4e6a8b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708"],
          "wifi_ssid":"lab",
          "wifi_password":"password123"
        }
        """;

    [TestMethod]
    public void Parse_SeedKeysPlusDeviceKeys_ValidTencentConfiguration()
    {
        ConfigurationResult result = DeviceConfigurationReader.Parse(TencentFile);

        Assert.IsTrue(result.IsValid, result.ToString());
        Assert.AreEqual(CloudKind.Tencent, result.Cloud);
        DeviceConfiguration c = result.Configuration;
        Assert.AreEqual("S3EUVBRJLB", c.productId);
        Assert.AreEqual("test_device", c.deviceName);
        Assert.AreEqual("vX6PQqazsGsMyf5SMfs6OA6y", c.key_deviceinfo.deviceSecret);
        Assert.AreEqual("tencent_root.pem", c.ca_cert);
        Assert.AreEqual(8883, DeviceConfigurationReader.BrokerPort(c));
    }

    [TestMethod]
    public void Parse_SeedFileAlone_RefusedNamingTheFirstMissingDeviceKey()
    {
        const string seedOnly = """{"auth_mode":"KEY","productId":"S3EUVBRJLB","deviceName":"test_device","key_deviceinfo":{"deviceSecret":"vX6PQqazsGsMyf5SMfs6OA6y"}}""";
        ConfigurationResult result = DeviceConfigurationReader.Parse(seedOnly);

        Assert.AreEqual(ConfigurationError.MissingField, result.Error);
        StringAssert.StartsWith(result.Detail, "wifi_ssid");
    }

    [TestMethod]
    public void Parse_AliyunWithPortAndUnknownKeys_ValidAliyunConfiguration()
    {
        const string aliyun = """
            {"cloud":"aliyun","productKey":"a1B2c3D4e5F","deviceName":"dev-1","key_deviceinfo":{"deviceSecret":"s3cr3t"},
             "region":"cn-shanghai","broker_port":1883,"ca_cert":"aliyun.pem","signing_key_digests":"3b1e5a2c9d7f4e6a8b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708","wifi_ssid":"lab","comment":"ignored"}
            """;
        ConfigurationResult result = DeviceConfigurationReader.Parse(aliyun);

        Assert.IsTrue(result.IsValid, result.ToString());
        Assert.AreEqual(CloudKind.Aliyun, result.Cloud);
        Assert.AreEqual(1883, DeviceConfigurationReader.BrokerPort(result.Configuration));
    }

    [TestMethod]
    public void Parse_BrokenJsonOrWrongShape_Malformed()
    {
        Assert.AreEqual(ConfigurationError.Malformed, DeviceConfigurationReader.Parse("{\"productId\":").Error);
        Assert.AreEqual(ConfigurationError.Malformed, DeviceConfigurationReader.Parse("[1,2]").Error);
        Assert.AreEqual(ConfigurationError.Malformed, DeviceConfigurationReader.Parse("{\"broker_port\":\"x\"}").Error);
        Assert.AreEqual(ConfigurationError.Missing, DeviceConfigurationReader.Parse("").Error);
    }

    [TestMethod]
    public void Parse_GatewaySection_SubDevicesLandInTheModel()
    {
        string json = TencentFile.TrimEnd().TrimEnd('}') + """
            ,"gateway":{"sub_devices":[
               {"product_id":"E69UADXUYY","device_name":"light1","port":"COM2","rx_pin":16,"tx_pin":17},
               {"product_id":"E69UADXUYY","device_name":"light2","port":"COM3","baud_rate":921600,"rx_pin":18,"tx_pin":19}]}
            }
            """;
        ConfigurationResult result = DeviceConfigurationReader.Parse(json);

        Assert.IsTrue(result.IsValid, result.ToString());
        GatewaySubDeviceConfiguration[] devices = result.Configuration.gateway!.sub_devices;
        Assert.AreEqual(2, devices.Length);
        Assert.AreEqual("light1", devices[0].device_name);
        Assert.AreEqual("COM2", devices[0].port);
        Assert.AreEqual(115200, DeviceConfigurationReader.BaudRate(devices[0]));
        Assert.AreEqual(16, devices[0].rx_pin);
        Assert.AreEqual(17, devices[0].tx_pin);
        Assert.AreEqual("E69UADXUYY", devices[1].product_id);
        Assert.AreEqual(921600, DeviceConfigurationReader.BaudRate(devices[1]));
        Assert.AreEqual(19, devices[1].tx_pin);
    }

    [TestMethod]
    public void Parse_GatewayWithoutPins_RefusedNamingThePin()
    {
        string json = TencentFile.TrimEnd().TrimEnd('}') + """
            ,"gateway":{"sub_devices":[{"product_id":"E69UADXUYY","device_name":"light1","port":"COM2"}]}}
            """;
        ConfigurationResult result = DeviceConfigurationReader.Parse(json);

        Assert.AreEqual(ConfigurationError.InvalidValue, result.Error);
        StringAssert.StartsWith(result.Detail, "gateway.sub_devices[0].rx_pin");
    }
}
