// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Tests.Fakes;
#if NANOFRAMEWORK_1_0
using nanoFramework.TestFramework;
#else
using Microsoft.VisualStudio.TestTools.UnitTesting;
#endif

namespace OtaFirmware.Tests.Agent
{
    [TestClass]
    public class AgentRuntimeTests
    {
        [TestMethod]
        public void Deliver_BeyondCapacity_OldestDroppedOrderAndRetainedFlagKept()
        {
            AgentRuntime runtime = new AgentRuntime(new RecordingChannel(), 3, 4);
            for (int i = 0; i < 5; i++)
            {
                runtime.Deliver("t" + i.ToString(), new byte[] { (byte)i }, i == 3);
            }

            Assert.AreEqual(3, runtime.InboxCount);
            Assert.AreEqual(2, runtime.InboxDropped);
            InboxMessage first = runtime.Take();
            Assert.AreEqual("t2", first.Topic);
            Assert.IsFalse(first.Retained);
            InboxMessage second = runtime.Take();
            Assert.AreEqual("t3", second.Topic);
            Assert.IsTrue(second.Retained, "the retain flag travels with the message");
            Assert.AreEqual((byte)4, runtime.Take().Payload[0]);
            Assert.IsNull(runtime.Take());
        }

        [TestMethod]
        public void Deliver_NullTopicOrPayload_Ignored()
        {
            AgentRuntime runtime = new AgentRuntime(new RecordingChannel(), 3, 4);
            runtime.Deliver(null, new byte[1], false);
            runtime.Deliver("t", null, false);
            Assert.AreEqual(0, runtime.InboxCount);
        }

        [TestMethod]
        public void Send_DisconnectedQos1_KeptInOrderOldestDroppedWhenFullThenFlushed()
        {
            RecordingChannel channel = Disconnected();
            AgentRuntime runtime = new AgentRuntime(channel, 4, 2);
            Assert.IsFalse(runtime.Send(Message("state-a", 1)));
            Assert.IsFalse(runtime.Send(Message("state-b", 1)));
            Assert.IsFalse(runtime.Send(Message("state-c", 1)));
            Assert.AreEqual(2, runtime.PendingCount);

            channel.IsConnected = true;
            Assert.IsTrue(runtime.Flush());
            Assert.AreEqual(2, channel.Published.Count);
            Assert.AreEqual(0, channel.Count("state-a"), "the oldest is dropped when the outbox is full");
            Assert.IsTrue(((string)channel.Published[0]).IndexOf("state-b") >= 0);
            Assert.IsTrue(((string)channel.Published[1]).IndexOf("state-c") >= 0);
            Assert.AreEqual(0, runtime.PendingCount);
            Assert.AreEqual(2, runtime.Sent);
        }

        [TestMethod]
        public void Send_DisconnectedQos0_LatestOnlySentAfterQos1()
        {
            RecordingChannel channel = Disconnected();
            AgentRuntime runtime = new AgentRuntime(channel, 4, 4);
            runtime.Send(Message("progress-10", 0));
            runtime.Send(Message("state-x", 1));
            runtime.Send(Message("progress-20", 0));
            Assert.AreEqual(1, runtime.PendingCount, "QoS 0 never counts as pending");
            Assert.IsTrue(runtime.HasUnsentProgress);

            channel.IsConnected = true;
            runtime.Flush();
            Assert.AreEqual(2, channel.Published.Count);
            Assert.IsTrue(((string)channel.Published[0]).IndexOf("state-x") >= 0, "QoS 1 first");
            Assert.IsTrue(((string)channel.Published[1]).IndexOf("progress-20") >= 0, "only the latest progress");
            Assert.IsFalse(runtime.HasUnsentProgress);
        }

        [TestMethod]
        public void Send_ConnectedWithKeptQos1_SentAtOnceAheadOfTheKeptOnes()
        {
            RecordingChannel channel = Disconnected();
            AgentRuntime runtime = new AgentRuntime(channel, 4, 4);
            runtime.Send(Message("burning", 1));
            channel.IsConnected = true;
            Assert.IsTrue(runtime.Send(Message("version", 1)), "the announcement after a reconnect goes out at once");
            runtime.Flush();
            Assert.IsTrue(((string)channel.Published[0]).IndexOf("version") >= 0);
            Assert.IsTrue(((string)channel.Published[1]).IndexOf("burning") >= 0);
            Assert.AreEqual(0, runtime.PendingCount);
        }

        [TestMethod]
        public void Send_ConnectedQos0_SentAndAnOlderKeptProgressForgotten()
        {
            RecordingChannel channel = Disconnected();
            AgentRuntime runtime = new AgentRuntime(channel, 4, 4);
            runtime.Send(Message("progress-10", 0));
            channel.IsConnected = true;
            Assert.IsTrue(runtime.Send(Message("progress-30", 0)));
            runtime.Flush();
            Assert.AreEqual(1, channel.Published.Count);
            Assert.AreEqual(0, channel.Count("progress-10"));
        }

        [TestMethod]
        public void TakeConnect_OncePerRequestAndOnlyWhenConnected()
        {
            RecordingChannel channel = Disconnected();
            AgentRuntime runtime = new AgentRuntime(channel, 4, 4);
            runtime.RequestConnect();
            Assert.IsFalse(runtime.TakeConnect(), "not connected yet");
            channel.IsConnected = true;
            Assert.IsTrue(runtime.TakeConnect());
            Assert.IsFalse(runtime.TakeConnect());
        }

        [TestMethod]
        public void Run_StopFromThePump_ReturnsAfterThatPump()
        {
            AgentRuntime runtime = new AgentRuntime(new RecordingChannel(), 4, 4);
            StoppingPump pump = new StoppingPump(runtime, 3);
            runtime.Run(pump.Pump);
            Assert.AreEqual(3, pump.Calls);
            Assert.IsTrue(runtime.IsStopping);
        }

        [TestMethod]
        public void IgnoresRetainedUpdate_RetainedUpdateIgnoredAndLoggedOnceEverythingElseKept()
        {
            AgentRuntime runtime = new AgentRuntime(new RecordingChannel(), 8, 4);
            ListLog log = new ListLog();
            runtime.Deliver("update", new byte[1], true);
            runtime.Deliver("update", new byte[1], true);
            runtime.Deliver("update", new byte[1], false);
            runtime.Deliver("update", new byte[1], true);

            Assert.IsTrue(runtime.IgnoresRetainedUpdate(runtime.Take(), CommandKind.Update, log, "agent"));
            Assert.IsTrue(runtime.IgnoresRetainedUpdate(runtime.Take(), CommandKind.Update, log, "agent"));
            Assert.IsFalse(runtime.IgnoresRetainedUpdate(runtime.Take(), CommandKind.Update, log, "agent"), "a command that was not retained is kept");
            Assert.IsFalse(runtime.IgnoresRetainedUpdate(runtime.Take(), CommandKind.NoUpdatePending, log, "agent"), "only update commands are refused when retained");
            Assert.AreEqual(1, log.Lines.Count, "logged once");
            Assert.IsTrue(log.Contains("agent: ignored a retained update command on update"));
        }

        private static RecordingChannel Disconnected()
        {
            RecordingChannel channel = new RecordingChannel();
            channel.IsConnected = false;
            return channel;
        }

        private static OutgoingMessage Message(string text, int qos)
        {
            return new OutgoingMessage("topic", Encoding.UTF8.GetBytes(text), qos);
        }

        private sealed class StoppingPump
        {
            private readonly AgentRuntime _runtime;
            private readonly int _stopAt;

            public StoppingPump(AgentRuntime runtime, int stopAt)
            {
                _runtime = runtime;
                _stopAt = stopAt;
            }

            public int Calls { get; private set; }

            public int Pump()
            {
                Calls++;
                if (Calls == _stopAt)
                {
                    _runtime.Stop();
                }

                return 0;
            }
        }
    }
}
