// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Net;
using System.Text;
using MQTTnet;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Integrity;
using OtaFirmware.LocalCloud;
using OtaFirmware.LocalCloud.Broker;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.Tests.Host.Http;

namespace OtaFirmware.Tests.Host.LocalCloud.Attacks;

/// <summary>
/// Attacks on a running local cloud with its embedded broker, one row each, by a real MQTT client (MQTTnet) or a real
/// HTTPS client: each is refused (by the broker, with its reason recorded, or by the firmware server with 403) and the
/// cloud's view of the victim devices is unchanged.
/// </summary>
[TestClass]
public sealed class BrokerAttackTests
{
    private static readonly DeviceAddress Victim = new("tencent", "PATTACK01", "victim");
    private static readonly DeviceAddress Intruder = new("tencent", "PATTACK01", "intruder");
    private static readonly DeviceAddress AliyunVictim = new("aliyun", "a1Attack", "victim");
    private static readonly DeviceAddress JdVictim = new("jdcloud", "jdAttack", "victim");
    private static readonly byte[] UrlSecret = "attack-url-secret"u8.ToArray();
    private static OtaFirmware.LocalCloud.LocalCloud? _cloud;
    private static FakeDevice? _victim;
    private static FirmwarePackage? _package;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        _cloud = new OtaFirmware.LocalCloud.LocalCloud(new LocalCloudOptions { UrlSigningSecret = UrlSecret, MaxMessageBytes = 4096 });
        await _cloud.StartAsync();
        _cloud.ProvisionDevice(Intruder);
        _cloud.ProvisionDevice(AliyunVictim);
        _cloud.ProvisionDevice(JdVictim);
        _package = _cloud.AddFirmware(TestServer.Image(20_000, 4), "2.0.0", "app-v1");
        _cloud.AddFirmware(TestServer.Image(20_000, 5), "2.0.1", "app-v");
        _victim = new FakeDevice(_cloud, Victim, TencentCloud.UpdateTopic(Victim));
        _victim.Send("$ota/report/PATTACK01/victim", "{\"type\":\"report_version\",\"report\":{\"version\":\"1.0.0\"}}");
        _victim.Next(TencentCloud.UpdateTopic(Victim));
        await _cloud.WaitFor(Victim.Key, s => s.ReportedVersion == "1.0.0", FakeDevice.Wait);
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        _victim?.Dispose();
        if (_cloud != null)
        {
            await _cloud.DisposeAsync();
        }
    }

    [TestMethod]
    [DataRow("anonymous", "anonymous")]
    [DataRow("wrong password", "bad signature")]
    [DataRow("expired password", "expired")]
    [DataRow("sha1 password for another user name", "bad signature")]
    [DataRow("unknown device", "unknown device")]
    [DataRow("aliyun wrong secret", "bad signature")]
    [DataRow("aliyun expired timestamp", "expired")]
    [DataRow("aliyun plain tcp securemode", "securemode must be 2")]
    [DataRow("aliyun unsigned extra parameter", "bad signature")]
    [DataRow("jd wrong password", "bad signature")]
    [DataRow("cloud account wrong password", "bad password")]
    [DataRow("reserved cloud client id", "reserved client id")]
    public async Task Connect_Forged_RefusedWithReason(string attack, string reason)
    {
        (string clientId, string? user, string? password) = ForgedSignIn(attack);
        string before = State();
        int refusals = _cloud!.Broker!.Refusals.Count;
        await using var attacker = new Attacker();

        MqttClientConnectResultCode? code = await attacker.Connect(_cloud.BrokerPort, clientId, user, password);

        Assert.AreNotEqual(MqttClientConnectResultCode.Success, code, attack);
        Assert.IsFalse(attacker.IsConnected, attack);
        string refusal = _cloud.Broker.Refusals.Skip(refusals).FirstOrDefault() ?? "(none)";
        StringAssert.Contains(refusal, reason, attack);
        Assert.AreEqual(before, State(), attack);
    }

    [TestMethod]
    public async Task Connect_PlainTcpWithValidCredentials_NoConnection()
    {
        await using var attacker = new Attacker();
        (string clientId, string user, string password) = TencentSignIn(Intruder, Secret(Intruder), DateTimeOffset.UtcNow.AddHours(1), new Sha256());

        MqttClientConnectResultCode? code = await attacker.Connect(_cloud!.BrokerPort, clientId, user, password, tls: false);

        Assert.AreNotEqual(MqttClientConnectResultCode.Success, code);
        Assert.IsFalse(attacker.IsConnected);
    }

    [TestMethod]
    [DataRow("$ota/update/PATTACK01/victim")]
    [DataRow("$ota/update/+/+")]
    [DataRow("#")]
    [DataRow("$ota/report/PATTACK01/victim")]
    [DataRow("/ota/device/upgrade/a1Attack/victim")]
    public async Task Subscribe_AnotherDevicesTopics_RefusedAndNothingDelivered(string filter)
    {
        await using Attacker attacker = await SignedInIntruder();

        MqttClientSubscribeResultCode code = await attacker.Subscribe(filter);
        _cloud!.PushUpdate(_package!, [Victim.Key]);
        _victim!.Next(TencentCloud.UpdateTopic(Victim));

        Assert.IsFalse(Granted(code), code.ToString());
        Assert.IsTrue(attacker.Received.IsEmpty, string.Join(", ", attacker.Received));
    }

    [TestMethod]
    [DataRow("report on the victim's topic", "$ota/report/PATTACK01/victim", "{\"type\":\"report_version\",\"report\":{\"version\":\"9.9.9\"}}", false, "not its topic")]
    [DataRow("progress 'done' on the victim's topic", "$ota/report/PATTACK01/victim", "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"done\",\"result_code\":\"0\",\"result_msg\":\"\"},\"version\":\"2.0.0\"}}", false, "not its topic")]
    [DataRow("command on the victim's topic", "$ota/update/PATTACK01/victim", "{\"file_size\":1,\"md5sum\":\"00000000000000000000000000000000\",\"type\":\"update_firmware\",\"url\":\"https://127.0.0.1/evil.bin\",\"version\":\"0.9.0\"}", false, "not its topic")]
    [DataRow("retained command on the victim's topic", "$ota/update/PATTACK01/victim", "{\"type\":\"update_firmware\",\"version\":\"0.9.0\"}", true, "retained message refused")]
    [DataRow("retained report on its own topic", "$ota/report/PATTACK01/intruder", "{\"type\":\"report_version\",\"report\":{\"version\":\"1.0.0\"}}", true, "retained message refused")]
    [DataRow("report on an Aliyun device's topic", "/ota/device/inform/a1Attack/victim", "{\"id\":\"1\",\"params\":{\"version\":\"9.9.9\"}}", false, "not its topic")]
    [DataRow("report on a JD device's topic", "/sys/jdAttack/victim/ota/firmware/inform", "{\"msgId\":\"1\",\"version\":\"1.0\",\"data\":{\"firmwareVersion\":\"9.9.9\"}}", false, "not its topic")]
    [DataRow("report for an invented device", "$ota/report/PATTACK01/invented", "{\"type\":\"report_version\",\"report\":{\"version\":\"1.0.0\"}}", false, "not its topic")]
    [DataRow("gateway operation as another gateway", "$gateway/operation/PATTACK01/victim", "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"PATTACK01\",\"device_name\":\"victim\"}]}}", false, "not its topic")]
    public async Task Publish_OutsideItsOwnTopics_RefusedAndCloudUnchanged(string attack, string topic, string payload, bool retain, string reason)
    {
        await using Attacker attacker = await SignedInIntruder();
        string before = State();
        int refusals = _cloud!.Broker!.Refusals.Count;
        int devices = _cloud.Devices.Count;

        await attacker.Publish(topic, payload, retain);

        StringAssert.Contains(_cloud.Broker.Refusals.Skip(refusals).FirstOrDefault() ?? "(none)", reason, attack);
        Assert.IsTrue(_victim!.Inbox.StaysEmpty(TimeSpan.FromMilliseconds(200)), attack + ": the victim received something");
        Assert.AreEqual(before, State(), attack);
        Assert.AreEqual(devices, _cloud.Devices.Count, attack);

        // Nothing was stored as retained either: a fresh subscriber (the cloud's own account may subscribe anything) gets nothing.
        await using var observer = new Attacker();
        Assert.AreEqual(MqttClientConnectResultCode.Success, await observer.Connect(_cloud.BrokerPort, "observer", OtaFirmware.LocalCloud.Broker.DeviceRegistry.CloudUserName, _cloud.Registry.CloudPassword));
        Assert.AreEqual(MqttClientSubscribeResultCode.GrantedQoS1, await observer.Subscribe(topic));
        Assert.AreEqual(MqttClientSubscribeResultCode.GrantedQoS1, await observer.Subscribe("$ota/update/PATTACK01/victim"));
        await Task.Delay(200);
        Assert.IsTrue(observer.Received.IsEmpty, attack + ": something was retained: " + string.Join(", ", observer.Received));
    }

    [TestMethod]
    [DataRow(4096 + 200, "message of", DisplayName = "payload above MaxMessageBytes, packet within MaxPacketBytes")]
    [DataRow(4 * 1024 * 1024, "exceed the limit of 5120", DisplayName = "packet above MaxPacketBytes")]
    public async Task Publish_OversizeOnItsOwnTopic_RefusedAndDisconnected(int versionLength, string reason)
    {
        await using Attacker attacker = await SignedInIntruder();
        string before = State();
        int refusals = _cloud!.Broker!.Refusals.Count;
        int oversize = _cloud.Broker.OversizePackets.Count;
        byte[] payload = Encoding.UTF8.GetBytes("{\"type\":\"report_version\",\"report\":{\"version\":\"" + new string('9', versionLength) + "\"}}");

        await attacker.Publish("$ota/report/PATTACK01/intruder", payload);

        StringAssert.Contains(_cloud.Broker.Refusals.Skip(refusals).FirstOrDefault() ?? "(none)", reason);
        if (payload.Length > 5120)
        {
            // Refused at the fixed header: the broker read no more than a TLS record or two, not the packet's megabytes.
            OversizePacket refused = _cloud.Broker.OversizePackets.Skip(oversize).Single();
            Assert.IsTrue(refused.DeclaredBytes > payload.Length, refused.ToString());
            Assert.IsTrue(refused.BytesRead < 64 * 1024, refused.ToString());
        }

        Assert.IsNull(_cloud.Device(Intruder.Key)?.ReportedVersion);
        Assert.AreEqual(before, State());
        for (int i = 0; i < 50 && attacker.IsConnected; i++)
        {
            await Task.Delay(20);
        }

        Assert.IsFalse(attacker.IsConnected, "the sender is disconnected");
    }

    [TestMethod]
    public async Task SameNameInAnotherProduct_UsesItsOwnTopicsAndStateOnly()
    {
        // Device names are unique within a product only: "victim" of another product is another device.
        var twin = new DeviceAddress("tencent", "PATTACK02", Victim.Device);
        _cloud!.ProvisionDevice(twin);
        await using var attacker = new Attacker();
        (string clientId, string user, string password) = TencentSignIn(twin, Secret(twin), DateTimeOffset.UtcNow.AddHours(1), new Sha256());
        Assert.AreEqual(MqttClientConnectResultCode.Success, await attacker.Connect(_cloud.BrokerPort, clientId, user, password));
        string victimBefore = State();
        int refusals = _cloud.Broker!.Refusals.Count;

        // The victim's topics stay closed to its namesake.
        Assert.IsFalse(Granted(await attacker.Subscribe(TencentCloud.UpdateTopic(Victim))));
        await attacker.Publish("$ota/report/PATTACK01/victim", "{\"type\":\"report_version\",\"report\":{\"version\":\"9.9.9\"}}");
        Assert.AreEqual(2, _cloud.Broker.Refusals.Skip(refusals).Count(r => r.Contains("PATTACK02/victim") && r.Contains("not its topic")), string.Join(" | ", _cloud.Broker.Refusals.Skip(refusals)));

        // Its own report is recorded for it alone.
        Assert.IsTrue(Granted(await attacker.Subscribe(TencentCloud.UpdateTopic(twin))));
        await attacker.Publish("$ota/report/PATTACK02/victim", "{\"type\":\"report_version\",\"report\":{\"version\":\"3.3.3\"}}");
        DeviceSnapshot twinState = await _cloud.WaitFor(twin.Key, s => s.ReportedVersion == "3.3.3", FakeDevice.Wait);
        Assert.AreEqual("PATTACK02", twinState.Product);
        Assert.AreEqual(victimBefore, State(), "the victim's state");
        Assert.IsNull(_cloud.Device(Victim.Device), "a bare name two products share names no device");

        // Each is updated on its own: a push to the victim reaches the victim only, one to its namesake the namesake only.
        _cloud.PushUpdate(_package!, [Victim.Key]);
        _victim!.Next(TencentCloud.UpdateTopic(Victim));
        Assert.IsNull(_cloud.Device(twin.Key)!.TargetVersion);
        Assert.IsFalse(attacker.Received.Contains(TencentCloud.UpdateTopic(Victim)));
        int before = attacker.Received.Count;
        _cloud.PushUpdate(_package!, [twin.Key]);
        for (int i = 0; i < 100 && attacker.Received.Count == before; i++)
        {
            await Task.Delay(20);
        }

        Assert.AreEqual(TencentCloud.UpdateTopic(twin), attacker.Received.Last());
        Assert.IsTrue(_victim.Inbox.StaysEmpty(TimeSpan.FromMilliseconds(200)), "the victim received its namesake's command");
        Assert.AreEqual("2.0.0", _cloud.Device(twin.Key)!.TargetVersion);
        Assert.AreEqual("1.0.0", _cloud.Device(Victim.Key)!.ReportedVersion);
    }

    [TestMethod]
    public async Task GatewayOnline_ClaimsADirectDevice_RefusedAndItsTopicsStayClosed()
    {
        await using Attacker attacker = await SignedInIntruder();
        await attacker.Subscribe("$gateway/operation/result/PATTACK01/intruder");
        string before = State();

        await attacker.Publish("$gateway/operation/PATTACK01/intruder", "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"PATTACK01\",\"device_name\":\"victim\"}]}}");
        for (int i = 0; i < 100 && attacker.Received.IsEmpty; i++)
        {
            await Task.Delay(20);
        }

        await attacker.Publish("$ota/report/PATTACK01/victim", "{\"type\":\"report_version\",\"report\":{\"version\":\"9.9.9\"}}");
        Assert.IsFalse(Granted(await attacker.Subscribe("$ota/update/PATTACK01/victim")));

        CollectionAssert.AreEqual(new[] { "$gateway/operation/result/PATTACK01/intruder" }, attacker.Received.ToArray());
        Assert.IsTrue(_cloud!.Broker!.Refusals.Any(r => r.Contains("a device that signs in itself cannot be a sub-device")));
        Assert.AreEqual(before, State());
        Assert.IsNull(_cloud.Device(Victim.Key)!.Gateway);
    }

    [TestMethod]
    [DataRow("forged signature")]
    [DataRow("path shortened, expiry lengthened (app-v1 -> app-v)")]
    [DataRow("expiry extended")]
    [DataRow("another device")]
    [DataRow("device removed")]
    [DataRow("replayed after expiry")]
    [DataRow("no signature")]
    public async Task FirmwareUrl_AlteredOrReplayed_403AndNothingServed(string attack)
    {
        string valid = _cloud!.UrlFor(_package!, Victim.Device);
        var uri = new Uri(valid);
        Dictionary<string, string> query = uri.Query.TrimStart('?').Split('&').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        string origin = uri.GetLeftPart(UriPartial.Authority);
        string url = attack switch
        {
            "forged signature" => origin + uri.AbsolutePath + "?device=victim&expires=" + query["expires"] + "&sig=" + new string('a', 64),
            "path shortened, expiry lengthened (app-v1 -> app-v)" => origin + "/firmware/app-v?device=victim&expires=1" + query["expires"] + "&sig=" + query["sig"],
            "expiry extended" => origin + uri.AbsolutePath + "?device=victim&expires=" + (long.Parse(query["expires"]) + 86400) + "&sig=" + query["sig"],
            "another device" => origin + uri.AbsolutePath + "?device=intruder&expires=" + query["expires"] + "&sig=" + query["sig"],
            "device removed" => origin + uri.AbsolutePath + "?expires=" + query["expires"] + "&sig=" + query["sig"],
            "replayed after expiry" => origin + uri.AbsolutePath + "?" + new UrlSigner(UrlSecret).Sign(uri.AbsolutePath, DateTimeOffset.UtcNow.AddSeconds(-60), "victim"),
            _ => origin + uri.AbsolutePath,
        };
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true };
        using var client = new HttpClient(handler);

        using HttpResponseMessage valid200 = await client.GetAsync(valid, HttpCompletionOption.ResponseHeadersRead);
        using HttpResponseMessage response = await client.GetAsync(url);

        Assert.AreEqual(HttpStatusCode.OK, valid200.StatusCode, "the untouched URL works");
        Assert.AreEqual(HttpStatusCode.Forbidden, response.StatusCode, attack + ": " + url);
        Assert.AreEqual(0, (await response.Content.ReadAsByteArrayAsync()).Length);
        Assert.IsTrue(_cloud.Firmware.Packages.Single(p => p.Name == "app-v").BytesServed == 0, attack);
    }

    // MQTT 3.1.1 has a single failure code (0x80) for every refused subscription.
    private static bool Granted(MqttClientSubscribeResultCode code) =>
        code is MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1 or MqttClientSubscribeResultCode.GrantedQoS2;

    private static async Task<Attacker> SignedInIntruder()
    {
        var attacker = new Attacker();
        (string clientId, string user, string password) = TencentSignIn(Intruder, Secret(Intruder), DateTimeOffset.UtcNow.AddHours(1), new Sha256());
        Assert.AreEqual(MqttClientConnectResultCode.Success, await attacker.Connect(_cloud!.BrokerPort, clientId, user, password));
        return attacker;
    }

    private static (string ClientId, string? User, string? Password) ForgedSignIn(string attack)
    {
        DateTimeOffset later = DateTimeOffset.UtcNow.AddHours(1);
        string wrongTencentSecret = Convert.ToBase64String(new byte[16]);
        switch (attack)
        {
            case "anonymous":
                return ("PATTACK01victim", null, null);
            case "wrong password":
                return TencentSignIn(Victim, wrongTencentSecret, later, new Sha256());
            case "expired password":
                return TencentSignIn(Victim, Secret(Victim), DateTimeOffset.UtcNow.AddSeconds(-10), new Sha256());
            case "sha1 password for another user name":
                (string id, string user, string _) = TencentSignIn(Victim, Secret(Victim), later, new Sha1());
                (_, _, string other) = TencentSignIn(Intruder, Secret(Intruder), later, new Sha1());
                return (id, user, other);
            case "unknown device":
                return TencentSignIn(new DeviceAddress("tencent", "PATTACK01", "ghost"), wrongTencentSecret, later, new Sha256());
            case "aliyun wrong secret":
                return AliyunSignIn(AliyunVictim, "0123456789abcdef0123456789abcdef", DateTimeOffset.UtcNow, AliyunCredentials.SecureModeTls);
            case "aliyun expired timestamp":
                return AliyunSignIn(AliyunVictim, Secret(AliyunVictim), DateTimeOffset.UtcNow.AddDays(-2), AliyunCredentials.SecureModeTls);
            case "aliyun plain tcp securemode":
                return AliyunSignIn(AliyunVictim, Secret(AliyunVictim), DateTimeOffset.UtcNow, AliyunCredentials.SecureModeTcp);
            case "aliyun unsigned extra parameter":
                (string cid, string? u, string? p) = AliyunSignIn(AliyunVictim, Secret(AliyunVictim), DateTimeOffset.UtcNow, AliyunCredentials.SecureModeTls);
                return (cid.TrimEnd('|') + ",ext=1|", u, p);
            case "jd wrong password":
                OtaFirmware.Configuration.DeviceConfiguration jd = _cloud!.Registry.Find(JdVictim)!;
                return (jd.mqtt_client_id, jd.mqtt_username, new string('0', 64));
            case "cloud account wrong password":
                return ("operator", OtaFirmware.LocalCloud.Broker.DeviceRegistry.CloudUserName, "guess");
            case "reserved cloud client id":
                return (OtaFirmware.LocalCloud.Broker.EmbeddedBroker.CloudSenderId, OtaFirmware.LocalCloud.Broker.DeviceRegistry.CloudUserName, _cloud!.Registry.CloudPassword);
            default:
                throw new ArgumentException(attack);
        }
    }

    private static (string, string, string) TencentSignIn(DeviceAddress device, string secret, DateTimeOffset expiry, IStreamingHash hash)
    {
        string user = TencentCredentials.UserName(device.Product, device.Device, TencentCredentials.DefaultSdkAppId, "AbC12", expiry.ToUnixTimeSeconds());
        return (TencentCredentials.ClientId(device.Product, device.Device), user, TencentCredentials.Password(user, secret, hash));
    }

    private static (string, string?, string?) AliyunSignIn(DeviceAddress device, string secret, DateTimeOffset at, int secureMode)
    {
        string id = device.Product + "." + device.Device;
        string timestamp = at.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        return (
            AliyunCredentials.MqttClientId(id, secureMode, new Sha256(), timestamp),
            AliyunCredentials.UserName(device.Device, device.Product),
            AliyunCredentials.Password(id, device.Device, device.Product, timestamp, secret, new Sha256()));
    }

    private static string Secret(DeviceAddress device) => _cloud!.Registry.Find(device)!.key_deviceinfo.deviceSecret;

    // What the cloud shows about the devices under attack (timestamps left out).
    private static string State() => string.Join(
        "; ",
        new[] { Victim, Intruder, AliyunVictim, JdVictim }.Select(d => _cloud!.Device(d.Key) is { } s
            ? s.Key + " " + s.Cloud + " " + s.ReportedVersion + " " + s.TargetVersion + " " + s.Phase + " " + s.Percent + " " + s.ResultCode + " " + s.Gateway
            : d.Key + " unknown"));
}
