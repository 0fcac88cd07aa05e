// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Host.Broker;
using OtaFirmware.Host.Mqtt;
using OtaFirmware.Simulator;

namespace OtaFirmware.Tests.Host.Simulator;

/// <summary>A simulated gateway board runs the board's agent and the gateway agent on one broker connection, as the device does.</summary>
[TestClass]
public sealed class SharedConnectionTests
{
    private const string Product = "GWPROD";
    private const string Name = "gw1";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [TestMethod]
    public void SimulatedBoard_WithGateway_OneConnectionRoutedToBothAgents()
    {
        using MosquittoBroker broker = MosquittoBroker.Start();
        using var gateway = new SimulatedGateway(
            new GatewayBoardOptions { Product = Product, Name = Name, BrokerPort = broker.Port, SubDevices = [("SUBPROD", "s1")], AllowHttp = true },
            logToConsole: false);
        var board = new SimulatedBoard(
            new BoardOptions { Name = Name, Product = Product, Cloud = "tencent", BrokerPort = broker.Port, FactoryImageSize = 64 * 1024, HealthCheckSeconds = 5, AllowHttp = true },
            logToConsole: false)
        { Gateway = gateway };
        var lines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        board.Log.Line += (_, line) => lines.Enqueue(line);
        gateway.Log.Line += (_, line) => lines.Enqueue(line);
        using var stop = new CancellationTokenSource();
        var thread = new Thread(() => board.Run(stop.Token)) { IsBackground = true };
        thread.Start();
        try
        {
            string operationResult = TencentGatewayTopics.OperationResult(Product, Name);
            Assert.IsTrue(SpinWait.SpinUntil(() => lines.Any(l => l.Contains("gateway: connected")) && Routed(board, operationResult), Patience), string.Join("\n", lines));
            ControlPlaneRouter router = board.Router!;
            CollectionAssert.Contains(router.Topics, "$ota/update/" + Product + "/" + Name); // the board agent's dialect topic

            // a message on the gateway's topic reaches the gateway agent through the board's connection
            using var cloud = new MosquittoClient(new MosquittoClientOptions { ClientId = "cloud-side" });
            var connected = new ManualResetEventSlim();
            cloud.Connected += _ => connected.Set();
            Assert.AreEqual(0, cloud.Start(broker.Host, broker.Port));
            Assert.IsTrue(connected.Wait(Patience));
            Assert.AreEqual(0, cloud.Publish(operationResult, Encoding.UTF8.GetBytes("not json"), 1, false, out _));
            Assert.IsTrue(SpinWait.SpinUntil(() => lines.Any(l => l.Contains("gateway: unusable operation result")), Patience), string.Join("\n", lines));

            // the gateway agent was told of the connect by the board's channel and received through the board's router:
            // one connection (one connect) for both agents
            Assert.AreEqual(1, board.Channel!.ConnectCount);
            Assert.AreEqual(1, lines.Count(l => l.Contains("gateway: connected")), string.Join("\n", lines));
        }
        finally
        {
            stop.Cancel();
            thread.Join(Patience);
        }
    }

    private static bool Routed(SimulatedBoard board, string topic) => board.Router is { } router && router.Topics.Contains(topic);
}
