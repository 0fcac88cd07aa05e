// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text.Json;
using OtaFirmware.LocalCloud;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.Tests.Host.Http;

namespace OtaFirmware.Tests.Host.LocalCloud;

[TestClass]
public sealed class LocalCloudTests
{
    private static readonly byte[] Image = TestServer.Image(50_000, 3);
    private static OtaFirmware.LocalCloud.LocalCloud? _cloud;
    private static FirmwarePackage? _package;

    [ClassInitialize]
    public static async Task Start(TestContext context)
    {
        _cloud = new OtaFirmware.LocalCloud.LocalCloud(new LocalCloudOptions { UrlSigningSecret = "k"u8.ToArray() });
        await _cloud.StartAsync();
        _package = _cloud.AddFirmware(Image, "2.0.0");
    }

    [ClassCleanup]
    public static async Task Stop()
    {
        if (_cloud != null)
        {
            await _cloud.DisposeAsync();
        }
    }

    [TestMethod]
    public async Task TencentGateway_OnlineRequest_AnswersPerSubDeviceWithRefusals()
    {
        string gateway = Unique("gw");
        string accepted = Unique("sub");
        string refused = Unique("subx");
        string result = "$gateway/operation/result/PGW/" + gateway;
        _cloud!.RefuseSubDevice("PSUB", refused, 404);
        using var device = new FakeDevice(_cloud, result);

        device.Send("$gateway/operation/PGW/" + gateway, "{\"type\":\"online\",\"payload\":{\"devices\":[{\"product_id\":\"PSUB\",\"device_name\":\"" + accepted
            + "\"},{\"product_id\":\"PSUB\",\"device_name\":\"" + refused + "\"}]}}");
        JsonElement answer = device.Next(result);

        Assert.AreEqual("online", answer.GetProperty("type").GetString());
        JsonElement[] devices = answer.GetProperty("payload").GetProperty("devices").EnumerateArray().ToArray();
        Assert.AreEqual(2, devices.Length);
        Assert.AreEqual(accepted, devices[0].GetProperty("device_name").GetString());
        Assert.AreEqual(0, devices[0].GetProperty("result").GetInt32());
        Assert.AreEqual(refused, devices[1].GetProperty("device_name").GetString());
        Assert.AreEqual(404, devices[1].GetProperty("result").GetInt32());
        DeviceSnapshot shown = await _cloud.WaitFor(accepted, s => s.Gateway != null, FakeDevice.Wait);
        Assert.AreEqual("PGW/" + gateway, shown.Gateway);
        Assert.AreEqual("PSUB", shown.Product);
        Assert.IsNull(_cloud.Device(refused));
    }

    [TestMethod]
    public async Task Tencent_ReportPushProgressNewVersion_Succeeded()
    {
        string name = Unique("tc");
        string update = "$ota/update/PTC/" + name;
        string report = "$ota/report/PTC/" + name;
        using var device = new FakeDevice(_cloud!, update);

        device.Send(report, "{\"type\": \"report_version\", \"report\":{\"version\":\"1.0.0\"}}");
        JsonElement rsp = device.Next(update);
        Assert.AreEqual("report_version_rsp", rsp.GetProperty("type").GetString());
        Assert.AreEqual(0, rsp.GetProperty("result_code").GetInt32());
        Assert.AreEqual("success", rsp.GetProperty("result_msg").GetString());
        Assert.AreEqual("1.0.0", rsp.GetProperty("version").GetString());

        await _cloud!.WaitFor(name, s => s.ReportedVersion == "1.0.0", FakeDevice.Wait);
        CollectionAssert.AreEqual(new[] { name }, _cloud.PushUpdate(_package!, [name]).ToArray());
        JsonElement command = device.Next(update);
        Assert.AreEqual("update_firmware", command.GetProperty("type").GetString());
        Assert.AreEqual("2.0.0", command.GetProperty("version").GetString());
        Assert.AreEqual(_package!.Md5, command.GetProperty("md5sum").GetString());
        Assert.AreEqual(Image.Length, command.GetProperty("file_size").GetInt32());
        await AssertDownloads(command.GetProperty("url").GetString()!);

        device.Send(report, "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"downloading\",\"percent\":\"45\",\"result_code\":\"0\",\"result_msg\":\"\"},\"version\":\"2.0.0\"}}");
        device.Send(report, "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"fail\",\"result_code\":\"-1\",\"result_msg\":\"\"},\"version\":\"0.9.0\"}}");
        DeviceSnapshot downloading = await _cloud.WaitFor(name, s => s.Phase == DevicePhase.Downloading, FakeDevice.Wait);
        Assert.AreEqual(45, downloading.Percent);
        Assert.AreEqual("tencent", downloading.Cloud);
        Assert.AreEqual("1.0.0", downloading.FromVersion);

        // report_version while an update is pending is the Tencent device's way to ask for it again (fresh URL).
        device.Send(report, "{\"type\":\"report_version\",\"report\":{\"version\":\"1.0.0\"}}");
        Assert.AreEqual("report_version_rsp", device.Next(update).GetProperty("type").GetString());
        Assert.AreEqual("update_firmware", device.Next(update).GetProperty("type").GetString());

        device.Send(report, "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"burning\",\"result_code\":\"0\",\"result_msg\":\"\"},\"version\":\"2.0.0\"}}");
        await _cloud.WaitFor(name, s => s.Phase == DevicePhase.Burning, FakeDevice.Wait);
        device.Send(report, "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"done\",\"result_code\":\"0\",\"result_msg\":\"\"},\"version\":\"2.0.0\"}}");
        await _cloud.WaitFor(name, s => s.Phase == DevicePhase.Done, FakeDevice.Wait);
        device.Send(report, "{\"type\":\"report_version\",\"report\":{\"version\":\"2.0.0\"}}");
        DeviceSnapshot finished = await _cloud.WaitFor(name, s => s.IsFinished, FakeDevice.Wait);
        Assert.AreEqual(DevicePhase.Succeeded, finished.Phase);
        Assert.AreEqual(2, finished.CommandsSent);
        Assert.IsNotNull(finished.Duration);
    }

    [TestMethod]
    public async Task Tencent_FailReport_FailedWithCodeAndText()
    {
        string name = Unique("tcf");
        using var device = new FakeDevice(_cloud!, "$ota/update/PTC/" + name);
        device.Send("$ota/report/PTC/" + name, "{\"type\":\"report_version\",\"report\":{\"version\":\"1.0.0\"}}");
        device.Next("$ota/update/PTC/" + name);
        _cloud!.PushUpdate(_package!, [name]);
        device.Next("$ota/update/PTC/" + name);
        device.Send("$ota/report/PTC/" + name, "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"fail\",\"result_code\":\"-4\",\"result_msg\":\"MD5 mismatch\"},\"version\":\"2.0.0\"}}");
        DeviceSnapshot failed = await _cloud.WaitFor(name, s => s.IsFinished, FakeDevice.Wait);
        Assert.AreEqual(DevicePhase.Failed, failed.Phase);
        Assert.AreEqual(-4, failed.ResultCode);
        Assert.AreEqual("MD5 mismatch", failed.ResultText);
    }

    [TestMethod]
    public async Task Aliyun_PushBeforeFirstContact_SentOnInformAndAnsweredOnRequest()
    {
        string name = Unique("ali");
        string upgrade = "/ota/device/upgrade/PAL/" + name;
        using var device = new FakeDevice(_cloud!, upgrade);

        // Method 3 of the console: a devices file, including a device never heard from.
        string file = Path.GetTempFileName();
        File.WriteAllLines(file, ["# rollout", name, "", "  "]);
        CollectionAssert.AreEqual(new[] { name }, _cloud!.PushUpdateToDevicesInFile(_package!, file).ToArray());
        File.Delete(file);
        Assert.AreEqual(DevicePhase.Pushed, _cloud.Device(name)!.Phase);
        Assert.IsTrue(device.Inbox.StaysEmpty(TimeSpan.FromMilliseconds(200)), "nothing sent before the device is known");

        device.Send("/ota/device/inform/PAL/" + name, "{\"id\":\"1\",\"params\":{\"version\":\"1.0.0\"}}");
        JsonElement command = device.Next(upgrade);
        Assert.AreEqual("1000", command.GetProperty("code").GetString());
        Assert.AreEqual("success", command.GetProperty("message").GetString());
        JsonElement data = command.GetProperty("data");
        Assert.AreEqual(Image.Length, data.GetProperty("size").GetInt32());
        Assert.AreEqual("2.0.0", data.GetProperty("version").GetString());
        Assert.AreEqual(_package!.Md5, data.GetProperty("md5").GetString());
        long jobId = command.GetProperty("id").GetInt64();

        device.Send("/ota/device/request/PAL/" + name, "{\"id\":\"2\",\"params\":{\"version\":\"1.0.0\"}}");
        Assert.AreEqual(jobId, device.Next(upgrade).GetProperty("id").GetInt64());

        // A late report about another job changes nothing.
        device.Send("/ota/device/progress/PAL/" + name, "{\"id\":\"" + (jobId - 1) + "\",\"params\":{\"step\":\"-2\",\"desc\":\"old job\"}}");
        device.Send("/ota/device/progress/PAL/" + name, "{\"id\":\"" + jobId + "\",\"params\":{\"step\":\"30\",\"desc\":\"\"}}");
        Assert.AreEqual(30, (await _cloud.WaitFor(name, s => s.Phase == DevicePhase.Downloading, FakeDevice.Wait)).Percent);
        device.Send("/ota/device/progress/PAL/" + name, "{\"id\":\"" + jobId + "\",\"params\":{\"step\":\"-3\",\"desc\":\"MD5 mismatch\"}}");
        DeviceSnapshot failed = await _cloud.WaitFor(name, s => s.IsFinished, FakeDevice.Wait);
        Assert.AreEqual(DevicePhase.Failed, failed.Phase);
        Assert.AreEqual(-3, failed.ResultCode);

        // Nothing pending any more: a request gets no answer (Aliyun defines none).
        device.Send("/ota/device/request/PAL/" + name, "{\"id\":\"3\",\"params\":{\"version\":\"1.0.0\"}}");
        Assert.IsTrue(device.Inbox.StaysEmpty(TimeSpan.FromMilliseconds(300)));
    }

    [TestMethod]
    public async Task Aliyun_Step100ThenOldVersion_FailedAsRolledBack()
    {
        string name = Unique("alr");
        string upgrade = "/ota/device/upgrade/PAL/" + name;
        using var device = new FakeDevice(_cloud!, upgrade);
        device.Send("/ota/device/inform/PAL/" + name, "{\"id\":\"1\",\"params\":{\"version\":\"1.0.0\"}}");
        await _cloud!.WaitFor(name, s => s.ReportedVersion == "1.0.0", FakeDevice.Wait);
        _cloud.PushUpdate(_package!, [name]);
        long jobId = device.Next(upgrade).GetProperty("id").GetInt64();
        device.Send("/ota/device/progress/PAL/" + name, "{\"id\":\"" + jobId + "\",\"params\":{\"step\":\"100\",\"desc\":\"\"}}");
        await _cloud.WaitFor(name, s => s.Percent == 100, FakeDevice.Wait);
        device.Send("/ota/device/inform/PAL/" + name, "{\"id\":\"2\",\"params\":{\"version\":\"1.0.0\"}}");
        DeviceSnapshot failed = await _cloud.WaitFor(name, s => s.IsFinished, FakeDevice.Wait);
        Assert.AreEqual(DevicePhase.Failed, failed.Phase);
        StringAssert.Contains(failed.ResultText, "rolled back");
    }

    [TestMethod]
    public void ProvisionDevice_SameMqttClientIdAsAnother_Refused()
    {
        // Tencent's client id is {productId}{deviceName}: PCLASH1 + AB and PCLASH1A + B would take over each other's session.
        _cloud!.ProvisionDevice(new OtaFirmware.LocalCloud.Clouds.DeviceAddress("tencent", "PCLASH1", "AB"));

        Assert.ThrowsExactly<ArgumentException>(() => _cloud.ProvisionDevice(new OtaFirmware.LocalCloud.Clouds.DeviceAddress("tencent", "PCLASH1A", "B")));
        Assert.IsNull(_cloud.Registry.Find(new OtaFirmware.LocalCloud.Clouds.DeviceAddress("tencent", "PCLASH1A", "B")));
    }

    [TestMethod]
    public async Task JdCloud_GetBeforeAndAfterPush_404ThenFirmwareThenSucceeded()
    {
        string name = Unique("jd");
        string prefix = "/sys/PJD/" + name + "/ota/firmware/";
        using var device = new FakeDevice(_cloud!, prefix + "upgrade", prefix + "get_reply");

        device.Send(prefix + "get", "{\"msgId\":\"7\",\"version\":\"1.0\",\"data\":{\"firmwareVersion\":\"1.0.0\"}}");
        JsonElement none = device.Next(prefix + "get_reply");
        Assert.AreEqual("7", none.GetProperty("msgId").GetString());
        Assert.AreEqual(404, none.GetProperty("code").GetInt32());
        Assert.AreEqual("FirmwareVersion 1.0.0 not existed", none.GetProperty("message").GetString());

        device.Send(prefix + "inform", "{\"msgId\":\"8\",\"version\":\"1.0\",\"data\":{\"firmwareVersion\":\"1.0.0\"}}");
        await _cloud!.WaitFor(name, s => s.ReportedVersion == "1.0.0", FakeDevice.Wait);

        // Method 1 of the console: every device that reported a version.
        Assert.IsTrue(_cloud.PushUpdateToVersion(_package!, "1.0.0").Contains("PJD/" + name));
        JsonElement command = device.Next(prefix + "upgrade");
        Assert.AreEqual("1.0", command.GetProperty("version").GetString());
        JsonElement data = command.GetProperty("data");
        Assert.AreEqual("standard", data.GetProperty("policy").GetString());
        Assert.AreEqual("2.0.0", data.GetProperty("firmwareVersion").GetString());
        Assert.AreEqual(_package!.Md5, data.GetProperty("sign").GetString());
        Assert.AreEqual("Md5", data.GetProperty("signMethod").GetString());
        Assert.AreEqual(Image.Length, data.GetProperty("size").GetInt32());
        string msgId = command.GetProperty("msgId").GetString()!;

        device.Send(prefix + "get", "{\"msgId\":\"9\",\"version\":\"1.0\",\"data\":{\"firmwareVersion\":\"1.0.0\"}}");
        JsonElement reply = device.Next(prefix + "get_reply");
        Assert.AreEqual("9", reply.GetProperty("msgId").GetString());
        Assert.IsFalse(reply.TryGetProperty("code", out _));
        Assert.AreEqual("2.0.0", reply.GetProperty("data").GetProperty("firmwareVersion").GetString());
        Assert.IsFalse(reply.GetProperty("data").TryGetProperty("policy", out _));
        await AssertDownloads(reply.GetProperty("data").GetProperty("url").GetString()!);

        device.Send(prefix + "progress", "{\"msgId\":\"" + msgId + "\",\"version\":\"1.0\",\"data\":{\"status\":\"downloading\",\"progress\":60,\"code\":0,\"desc\":\"\"}}");
        Assert.AreEqual(60, (await _cloud.WaitFor(name, s => s.Phase == DevicePhase.Downloading, FakeDevice.Wait)).Percent);
        device.Send(prefix + "progress", "{\"msgId\":\"" + msgId + "\",\"version\":\"1.0\",\"data\":{\"status\":\"done\",\"progress\":100,\"code\":0,\"desc\":\"\"}}");
        await _cloud.WaitFor(name, s => s.Phase == DevicePhase.Done, FakeDevice.Wait);
        device.Send(prefix + "inform", "{\"msgId\":\"10\",\"version\":\"1.0\",\"data\":{\"firmwareVersion\":\"2.0.0\"}}");
        Assert.AreEqual(DevicePhase.Succeeded, (await _cloud.WaitFor(name, s => s.IsFinished, FakeDevice.Wait)).Phase);
    }

    [TestMethod]
    public async Task EndToEnd_TlsBrokerAndHttps_DeviceDownloadsThroughADropAndSucceeds()
    {
        // The whole host transport as the simulated board uses it: MQTT over TLS with the run's CA, windowed HTTPS
        // Range requests through HttpClientFirmwareSource, a dropped connection resumed at the offset reached.
        string name = Unique("e2e");
        string update = "$ota/update/PE2E/" + name;
        string report = "$ota/report/PE2E/" + name;
        byte[] image = TestServer.Image(200_000, 9);
        FirmwarePackage package = _cloud!.AddFirmware(image, "3.0.0", "e2e-" + name + ".bin");
        package.Faults.DropAfterBytes = 50_000;
        package.Faults.DropCount = 1;

        var inbox = new OtaFirmware.Tests.Host.Mqtt.MessageInbox();
        _cloud.ProvisionDevice(new OtaFirmware.LocalCloud.Clouds.DeviceAddress("tencent", "PE2E", name));
        using var channel = new OtaFirmware.Host.Mqtt.MosquittoControlChannel(
            OtaFirmware.Simulator.BoardSignIn.Options("tencent", "PE2E", name, _cloud.SecretsPath, _cloud.CaPemPath),
            "127.0.0.1",
            _cloud.BrokerTlsPort!.Value,
            [update],
            inbox.Add);
        channel.Start();
        Assert.IsTrue(channel.WaitConnected(FakeDevice.Wait));
        Assert.IsTrue(channel.Publish(report, "{\"type\":\"report_version\",\"report\":{\"version\":\"1.0.0\"}}"u8.ToArray(), 1));
        inbox.Next(update, FakeDevice.Wait);
        await _cloud.WaitFor(name, s => s.ReportedVersion == "1.0.0", FakeDevice.Wait);

        _cloud.PushUpdate(package, [name]);
        JsonElement command = JsonDocument.Parse(inbox.Next(update, FakeDevice.Wait).Payload).RootElement;
        string url = command.GetProperty("url").GetString()!;
        int size = command.GetProperty("file_size").GetInt32();

        using var source = new OtaFirmware.Host.Http.HttpClientFirmwareSource(new OtaFirmware.Host.Http.HttpFirmwareSourceOptions
        {
            TrustedAuthority = OtaFirmware.Host.Tls.RunCertificates.LoadPem(_cloud.CaPemPath),
        });
        var received = new byte[size];
        var chunk = new byte[4096];
        int offset = 0, drops = 0;
        await Task.Run(() =>
        {
            while (offset < size)
            {
                OtaFirmware.Update.HttpFacts facts = default;
                Assert.AreEqual(OtaFirmware.Update.SourceStatus.Ok, source.Open(url, offset, 64 * 1024, ref facts));
                Assert.AreEqual(offset, facts.RangeFirst);
                while (true)
                {
                    OtaFirmware.Update.SourceStatus status = source.Read(chunk, 0, chunk.Length, out int n);
                    if (status == OtaFirmware.Update.SourceStatus.ConnectionDropped)
                    {
                        drops++;
                        break;
                    }

                    Assert.AreEqual(OtaFirmware.Update.SourceStatus.Ok, status);
                    if (n == 0)
                    {
                        break;
                    }

                    Array.Copy(chunk, 0, received, offset, n);
                    offset += n;
                }

                string progress = "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"downloading\",\"percent\":\"" + (offset * 100L / size) + "\",\"result_code\":\"0\",\"result_msg\":\"\"},\"version\":\"3.0.0\"}}";
                channel.Publish(report, System.Text.Encoding.UTF8.GetBytes(progress), 0);
            }
        });

        Assert.AreEqual(1, drops, "offset " + offset + " requests " + package.Requests + " served " + package.BytesServed);
        Assert.AreEqual(command.GetProperty("md5sum").GetString(), Convert.ToHexStringLower(System.Security.Cryptography.MD5.HashData(received)));
        Assert.IsTrue(package.BytesServed < size + 64 * 1024, "resumed, not restarted: served " + package.BytesServed);
        channel.Publish(report, "{\"type\":\"report_progress\",\"report\":{\"progress\":{\"state\":\"done\",\"result_code\":\"0\",\"result_msg\":\"\"},\"version\":\"3.0.0\"}}"u8.ToArray(), 1);
        channel.Publish(report, "{\"type\":\"report_version\",\"report\":{\"version\":\"3.0.0\"}}"u8.ToArray(), 1);
        DeviceSnapshot finished = await _cloud.WaitFor(name, s => s.IsFinished, FakeDevice.Wait);
        Assert.AreEqual(DevicePhase.Succeeded, finished.Phase);
        Assert.AreEqual("1.0.0", finished.FromVersion);
    }

    [TestMethod]
    public async Task WaitFor_NeverSatisfied_TimeoutException()
    {
        string name = Unique("none");
        await Assert.ThrowsExactlyAsync<TimeoutException>(() => _cloud!.WaitFor(name, s => s.IsFinished, TimeSpan.FromMilliseconds(100)));
    }

    private static async Task AssertDownloads(string url)
    {
        StringAssert.StartsWith(url, "https://127.0.0.1:");
        StringAssert.Contains(url, "&sig=");
        using var source = new OtaFirmware.Host.Http.HttpClientFirmwareSource(new OtaFirmware.Host.Http.HttpFirmwareSourceOptions
        {
            TrustedAuthority = OtaFirmware.Host.Tls.RunCertificates.LoadPem(_cloud!.CaPemPath),
        });
        OtaFirmware.Update.HttpFacts facts = default;
        await Task.Run(() => Assert.AreEqual(OtaFirmware.Update.SourceStatus.Ok, source.Open(url, 100, 100, ref facts)));
        Assert.AreEqual(206, facts.StatusCode);
        Assert.AreEqual(Image.Length, facts.TotalLength);
        source.Close();
    }

    private static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];
}
