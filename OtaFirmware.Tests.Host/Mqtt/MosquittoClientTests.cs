// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Host.Broker;
using OtaFirmware.Host.Mqtt;
using OtaFirmware.Host.Tls;

namespace OtaFirmware.Tests.Host.Mqtt;

[TestClass]
public sealed class MosquittoClientTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);
    private static string _directory = string.Empty;
    private static RunCertificates? _certificates;
    private static MosquittoBroker? _broker;

    [ClassInitialize]
    public static void StartBroker(TestContext context)
    {
        _directory = Directory.CreateTempSubdirectory("ota-mqtt-tests-").FullName;
        _certificates = RunCertificates.Create(_directory);
        _broker = MosquittoBroker.Start(new MosquittoBrokerOptions
        {
            TlsCertificateFile = _certificates.ServerCertificatePemPath,
            TlsKeyFile = _certificates.ServerKeyPemPath,
        });
    }

    [ClassCleanup]
    public static void StopBroker()
    {
        _broker?.Dispose();
        _certificates?.Dispose();
        Directory.Delete(_directory, true);
    }

    [TestMethod]
    public void Client_PublishAtQos0AndQos1_SubscriberReceivesBothAndQos1IsAcknowledged()
    {
        var inbox = new MessageInbox();
        using MosquittoClient subscriber = Connected("sub-" + Guid.NewGuid().ToString("N"));
        subscriber.MessageReceived += inbox.Add;
        var subscribed = new ManualResetEventSlim();
        subscriber.Subscribed += _ => subscribed.Set();
        Assert.AreEqual(0, subscriber.Subscribe("test/roundtrip/+", 1));
        Assert.IsTrue(subscribed.Wait(Wait), "SUBACK");

        using MosquittoClient publisher = Connected("pub-" + Guid.NewGuid().ToString("N"));
        var acknowledged = new System.Collections.Concurrent.ConcurrentDictionary<int, bool>();
        publisher.Published += mid => acknowledged[mid] = true;

        Assert.AreEqual(0, publisher.Publish("test/roundtrip/a", Encoding.UTF8.GetBytes("zero ü"), 0));
        Assert.AreEqual(0, publisher.Publish("test/roundtrip/b", [1, 2, 0, 255], 1, false, out int mid));

        MqttMessage first = inbox.Next("test/roundtrip/a", Wait);
        Assert.AreEqual("zero ü", MessageInbox.Text(first));
        Assert.AreEqual(0, first.Qos);
        MqttMessage second = inbox.Next("test/roundtrip/b", Wait);
        CollectionAssert.AreEqual(new byte[] { 1, 2, 0, 255 }, second.Payload);
        Assert.AreEqual(1, second.Qos);
        Assert.IsTrue(SpinWait.SpinUntil(() => acknowledged.ContainsKey(mid), Wait), "PUBACK of the QoS 1 message");
    }

    [TestMethod]
    public void Client_EmptyPayloadAndRetain_DeliveredAsRetainedEmptyMessage()
    {
        string topic = "test/retain/" + Guid.NewGuid().ToString("N");
        using MosquittoClient publisher = Connected("pub-" + Guid.NewGuid().ToString("N"));
        var acknowledged = new ManualResetEventSlim();
        publisher.Published += _ => acknowledged.Set();
        Assert.AreEqual(0, publisher.Publish(topic, [7], 1, true));
        Assert.IsTrue(acknowledged.Wait(Wait));

        var inbox = new MessageInbox();
        using MosquittoClient late = Connected("late-" + Guid.NewGuid().ToString("N"));
        late.MessageReceived += inbox.Add;
        late.Subscribe(topic, 1);
        MqttMessage retained = inbox.Next(topic, Wait);
        Assert.IsTrue(retained.Retain);
        Assert.AreEqual(0, publisher.Publish(topic, [], 1, true));
    }

    [TestMethod]
    public void Client_NotStarted_PublishReturnsNoConnection()
    {
        using var client = new MosquittoClient(new MosquittoClientOptions { ClientId = "idle-" + Guid.NewGuid().ToString("N") });
        Assert.IsFalse(client.IsConnected);
        Assert.AreEqual(4, client.Publish("t", [1], 0));
        StringAssert.Contains(MosquittoClient.Describe(4), "not");
    }

    [TestMethod]
    public void Client_TlsWithRunCa_Connects()
    {
        using var client = new MosquittoClient(new MosquittoClientOptions { ClientId = "tls-" + Guid.NewGuid().ToString("N"), CaFile = _certificates!.CaPemPath });
        Assert.AreEqual(0, client.Start("127.0.0.1", _broker!.TlsPort!.Value));
        Assert.IsTrue(client.WaitConnected(Wait), _broker.Log);
    }

    [TestMethod]
    public void Client_TlsWithAnotherCa_NeverConnects()
    {
        string other = Directory.CreateTempSubdirectory("ota-other-ca-").FullName;
        try
        {
            using RunCertificates stranger = RunCertificates.Create(other, "Stranger CA");
            using var client = new MosquittoClient(new MosquittoClientOptions { ClientId = "tls-bad-" + Guid.NewGuid().ToString("N"), CaFile = stranger.CaPemPath });
            Assert.AreEqual(0, client.Start("127.0.0.1", _broker!.TlsPort!.Value));
            Assert.IsFalse(client.WaitConnected(TimeSpan.FromSeconds(1.5)));
        }
        finally
        {
            Directory.Delete(other, true);
        }
    }

    [TestMethod]
    public void ControlChannel_BrokerRestarts_ReconnectsResubscribesAndReceivesAgain()
    {
        // A broker of its own: restarting the shared one would disturb the other tests of the class.
        using MosquittoBroker broker = MosquittoBroker.Start();
        var inbox = new MessageInbox();
        string topic = "$ota/update/P1/" + Guid.NewGuid().ToString("N");
        using var channel = new MosquittoControlChannel(
            new MosquittoClientOptions { ClientId = "dev-" + Guid.NewGuid().ToString("N"), ReconnectDelaySeconds = 1, ReconnectDelayMaxSeconds = 2 },
            broker.Host,
            broker.Port,
            [topic],
            inbox.Add);
        var lost = new ManualResetEventSlim();
        channel.Disconnected += _ => lost.Set();
        Assert.AreEqual(0, channel.Start());
        Assert.IsTrue(channel.WaitConnected(Wait));
        Assert.AreEqual(1, channel.ConnectCount);
        PublishOnce(broker, topic, "before");
        Assert.AreEqual("before", MessageInbox.Text(inbox.Next(topic, Wait)));

        broker.Stop();
        Assert.IsTrue(lost.Wait(Wait), "the channel noticed the broker went away");
        Assert.IsFalse(channel.IsConnected);
        Assert.IsFalse(channel.Publish("$ota/report/P1/x", [1], 1));

        broker.Restart();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (channel.ConnectCount < 2 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.AreEqual(2, channel.ConnectCount, "reconnected once");
        Assert.IsTrue(channel.WaitConnected(Wait));

        // Clean session + a new broker process: only the re-subscription can deliver this.
        PublishOnce(broker, topic, "after");
        Assert.AreEqual("after", MessageInbox.Text(inbox.Next(topic, Wait)));
        Assert.IsTrue(channel.Publish("$ota/report/P1/x", [1], 1));
    }

    [TestMethod]
    public void ControlChannel_BrokerStartsLater_ConnectsWhenItAppears()
    {
        int port = MosquittoBroker.FreePort();
        var inbox = new MessageInbox();
        using var channel = new MosquittoControlChannel(
            new MosquittoClientOptions { ClientId = "early-" + Guid.NewGuid().ToString("N"), ReconnectDelaySeconds = 1, ReconnectDelayMaxSeconds = 1 },
            "127.0.0.1",
            port,
            ["late/topic"],
            inbox.Add);
        Assert.AreEqual(0, channel.Start());
        Assert.IsFalse(channel.WaitConnected(TimeSpan.FromMilliseconds(300)));

        using MosquittoBroker broker = MosquittoBroker.Start(new MosquittoBrokerOptions { Port = port });
        Assert.IsTrue(channel.WaitConnected(TimeSpan.FromSeconds(8)), "connected once the broker listens");
        PublishOnce(broker, "late/topic", "hello");
        Assert.AreEqual("hello", MessageInbox.Text(inbox.Next("late/topic", Wait)));
    }

    [TestMethod]
    public void ControlChannel_QosOnePublish_CountedUntilTheBrokerAcknowledges()
    {
        using MosquittoBroker broker = MosquittoBroker.Start();
        using var channel = new MosquittoControlChannel(
            new MosquittoClientOptions { ClientId = "ack-" + Guid.NewGuid().ToString("N") },
            broker.Host,
            broker.Port,
            ["ack/in"],
            (_, _) => { });
        Assert.AreEqual(0, channel.Start());
        Assert.IsTrue(channel.WaitConnected(Wait));

        // Freeze the broker: the connection stays up but no PUBACK can come.
        Assert.AreEqual(0, Signal("STOP", broker.ProcessId));
        try
        {
            Assert.IsTrue(channel.Publish("ack/out", [1, 2, 3], 1));
            Assert.IsTrue(channel.Publish("ack/out", [4], 0));
            Thread.Sleep(200);
            Assert.AreEqual(1, channel.UnacknowledgedCount, "the QoS 1 message waits for its PUBACK; QoS 0 is never counted");
        }
        finally
        {
            Signal("CONT", broker.ProcessId);
        }

        var deadline = DateTime.UtcNow + Wait;
        while (channel.UnacknowledgedCount > 0 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(5);
        }

        Assert.AreEqual(0, channel.UnacknowledgedCount, "the broker's PUBACK cleared it");
    }

    private static int Signal(string signal, int pid)
    {
        using var kill = System.Diagnostics.Process.Start("kill", "-" + signal + " " + pid)!;
        kill.WaitForExit();
        return kill.ExitCode;
    }

    [TestMethod]
    public void ControlChannel_DisposeWhileRetrying_ReturnsPromptly()
    {
        var channel = new MosquittoControlChannel(
            new MosquittoClientOptions { ClientId = "gone-" + Guid.NewGuid().ToString("N"), ReconnectDelaySeconds = 30, ReconnectDelayMaxSeconds = 30 },
            "127.0.0.1",
            MosquittoBroker.FreePort(),
            ["x"],
            (_, _) => { });
        Assert.AreEqual(0, channel.Start());
        Thread.Sleep(200);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        channel.Dispose();
        Assert.IsTrue(clock.Elapsed < TimeSpan.FromSeconds(3), "dispose took " + clock.Elapsed);
    }

    private static MosquittoClient Connected(string clientId)
    {
        var client = new MosquittoClient(new MosquittoClientOptions { ClientId = clientId });
        Assert.AreEqual(0, client.Start(_broker!.Host, _broker.Port));
        Assert.IsTrue(client.WaitConnected(Wait), _broker.Log);
        return client;
    }

    private static void PublishOnce(MosquittoBroker broker, string topic, string text)
    {
        using var client = new MosquittoClient(new MosquittoClientOptions { ClientId = "once-" + Guid.NewGuid().ToString("N") });
        var sent = new ManualResetEventSlim();
        client.Published += _ => sent.Set();
        Assert.AreEqual(0, client.Start(broker.Host, broker.Port));
        Assert.IsTrue(client.WaitConnected(Wait));
        Assert.AreEqual(0, client.Publish(topic, Encoding.UTF8.GetBytes(text), 1));
        Assert.IsTrue(sent.Wait(Wait));
    }
}
