// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Host.Mqtt;
using OtaFirmware.LocalCloud;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.Simulator;

namespace OtaFirmware.Tests.Host.Simulator;

/// <summary>
/// A simulated board's connection that drops after its signature's window (Tencent's expiry, Aliyun's timestamp) signs
/// in again with the time of the reconnect, as the device does, and the local cloud's broker accepts it. One fake clock
/// drives both the board's signing and the broker's check.
/// </summary>
[TestClass]
public sealed class BoardSignInTests
{
    [TestMethod]
    [DataRow("tencent", "PRESIGN01")]
    [DataRow("aliyun", "a1Resign")]
    public async Task Reconnect_AfterTheSignatureWindow_SignsAgainAndIsAccepted(string cloudName, string product)
    {
        DateTimeOffset now = DateTimeOffset.UtcNow;
        await using var cloud = new OtaFirmware.LocalCloud.LocalCloud(new LocalCloudOptions { Clock = () => now });
        await cloud.StartAsync();
        var device = new DeviceAddress(cloudName, product, "resign1");
        cloud.ProvisionDevice(device);
        string topic = cloudName == "tencent" ? TencentCloud.UpdateTopic(device) : AliyunCloud.UpgradeTopic(device);
        using var channel = new MosquittoControlChannel(
            BoardSignIn.Options(cloudName, product, device.Device, cloud.SecretsPath, cloud.CaPemPath, () => now),
            cloud.BrokerHost,
            cloud.BrokerPort,
            [topic],
            (_, _) => { });
        Assert.AreEqual(0, channel.Start());
        Assert.IsTrue(channel.WaitConnected(TimeSpan.FromSeconds(10)), "first sign-in");

        // A day and an hour later (past both windows: Tencent's 24 h expiry, Aliyun's 24 h timestamp) the connection drops.
        now += TimeSpan.FromHours(25);
        cloud.Broker!.Restart();

        for (int i = 0; i < 300 && channel.ConnectCount < 2; i++)
        {
            await Task.Delay(50);
        }

        Assert.AreEqual(2, channel.ConnectCount, "signed in again after the window; refusals: " + string.Join(" | ", cloud.Broker.Refusals));
        Assert.IsFalse(cloud.Broker.Refusals.Any(r => r.Contains("expired")), string.Join(" | ", cloud.Broker.Refusals));
    }

    [TestMethod]
    public async Task Reconnect_FixedCredentialsWithinTheWindow_LibmosquittosOwnReconnectIsAccepted()
    {
        await using var cloud = new OtaFirmware.LocalCloud.LocalCloud();
        await cloud.StartAsync();
        var device = new DeviceAddress("tencent", "PRESIGN02", "fixed1");
        cloud.ProvisionDevice(device);
        MosquittoClientOptions signed = BoardSignIn.Options("tencent", device.Product, device.Device, cloud.SecretsPath, cloud.CaPemPath);
        using var channel = new MosquittoControlChannel(
            new MosquittoClientOptions { ClientId = signed.ClientId, Username = signed.Username, Password = signed.Password, CaFile = signed.CaFile },
            cloud.BrokerHost,
            cloud.BrokerPort,
            [TencentCloud.UpdateTopic(device)],
            (_, _) => { });
        Assert.AreEqual(0, channel.Start());
        Assert.IsTrue(channel.WaitConnected(TimeSpan.FromSeconds(10)), "first sign-in");

        cloud.Broker!.Restart();
        for (int i = 0; i < 300 && channel.ConnectCount < 2; i++)
        {
            await Task.Delay(50);
        }

        Assert.AreEqual(2, channel.ConnectCount, "reconnected; refusals: " + string.Join(" | ", cloud.Broker.Refusals));
    }
}
