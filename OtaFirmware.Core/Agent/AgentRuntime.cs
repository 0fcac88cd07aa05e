// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Collections;
using System.Threading;

namespace OtaFirmware.Agent
{
    /// <summary>
    /// What every agent (the board's <see cref="OtaAgent"/>, the gateway's agent) needs around its state machine: a
    /// bounded inbox the transport fills from its own thread and that wakes the agent, a QoS-aware bounded outbox, the
    /// run loop and the stop.
    /// </summary>
    /// <remarks>
    /// Inbox: <see cref="Deliver"/> queues and returns at once (the transport's thread); when full, the oldest message
    /// is dropped, so a flood cannot grow the heap. Outbox: <see cref="Send"/> publishes at once when connected, ahead
    /// of anything kept (so the version announced after a reconnect reaches the cloud before the states kept while
    /// disconnected, as the clouds expect); when not, a QoS 1 message (a state, a version) is kept in order, the oldest
    /// dropped when full, and a QoS 0 message (progress) is kept latest-only, since a newer progress makes an older one
    /// worthless. <see cref="Flush"/> sends what was kept, QoS 1 first. Everything but <see cref="Deliver"/>, <see cref="Wake"/>, <see cref="RequestConnect"/>
    /// and <see cref="Stop"/> runs on the agent's thread.
    /// </remarks>
    public sealed class AgentRuntime
    {
        private readonly IControlChannel _channel;
        private readonly int _inboxCapacity;
        private readonly int _outboxCapacity;
        private readonly ArrayList _inbox = new ArrayList();
        private readonly ArrayList _outbox = new ArrayList();
        private readonly AutoResetEvent _wake = new AutoResetEvent(false);
        private OutgoingMessage _latestUnreliable;
        private bool _connectPending;
        private bool _announced;
        private bool _stopping;
        private bool _retainedLogged;
        private int _sent;
        private int _dropped;

        /// <summary>Creates the runtime.</summary>
        /// <param name="channel">Where the outbox publishes.</param>
        /// <param name="inboxCapacity">Incoming messages kept at most (1 or more).</param>
        /// <param name="outboxCapacity">QoS 1 messages kept at most while disconnected (1 or more).</param>
        public AgentRuntime(IControlChannel channel, int inboxCapacity, int outboxCapacity)
        {
            if (channel == null)
            {
                throw new ArgumentNullException("channel");
            }

            if (inboxCapacity < 1 || outboxCapacity < 1)
            {
                throw new ArgumentOutOfRangeException("inboxCapacity");
            }

            _channel = channel;
            _inboxCapacity = inboxCapacity;
            _outboxCapacity = outboxCapacity;
        }

        /// <summary>Messages waiting in the inbox.</summary>
        public int InboxCount
        {
            get
            {
                lock (_inbox)
                {
                    return _inbox.Count;
                }
            }
        }

        /// <summary>Incoming messages dropped because the inbox was full.</summary>
        public int InboxDropped
        {
            get { return _dropped; }
        }

        /// <summary>QoS 1 messages kept until the broker is back.</summary>
        public int PendingCount
        {
            get { return _outbox.Count; }
        }

        /// <summary>True when a QoS 0 message waits to be sent (latest-only).</summary>
        public bool HasUnsentProgress
        {
            get { return _latestUnreliable != null; }
        }

        /// <summary>Messages handed to the channel so far.</summary>
        public int Sent
        {
            get { return _sent; }
        }

        /// <summary>True once <see cref="Stop"/> was called.</summary>
        public bool IsStopping
        {
            get { return _stopping; }
        }

        /// <summary>Queues one incoming message and wakes the agent. Thread-safe; returns at once; ignores null topic or payload.</summary>
        public void Deliver(string topic, byte[] payload, bool retained)
        {
            if (topic == null || payload == null)
            {
                return;
            }

            lock (_inbox)
            {
                if (_inbox.Count >= _inboxCapacity)
                {
                    _inbox.RemoveAt(0);
                    _dropped++;
                }

                _inbox.Add(new InboxMessage(topic, payload, retained));
            }

            _wake.Set();
        }

        /// <summary>Takes the oldest incoming message, or null when the inbox is empty.</summary>
        public InboxMessage Take()
        {
            lock (_inbox)
            {
                if (_inbox.Count == 0)
                {
                    return null;
                }

                InboxMessage message = (InboxMessage)_inbox[0];
                _inbox.RemoveAt(0);
                return message;
            }
        }

        /// <summary>
        /// The rule every agent applies to a command it took from the inbox: an update command that arrived retained is
        /// ignored; the first one is logged, further ones are ignored silently.
        /// </summary>
        /// <remarks>
        /// Why: the clouds never retain OTA commands, so a retained one was left on the broker by someone else and would
        /// replay at every connect (e.g. undo every later upgrade). Why here: the runtime owns the inbox that keeps the
        /// retain flag, and the board's agent and the gateway's agent (for its sub-devices) must answer the same
        /// message the same way. Runs on the agent's thread.
        /// </remarks>
        /// <param name="message">The message as <see cref="Take"/> returned it.</param>
        /// <param name="kind">What the agent's dialect parsed it as.</param>
        /// <param name="log">Where the first ignored command is logged.</param>
        /// <param name="owner">The agent's log prefix ("agent", "gateway").</param>
        /// <returns>True when the caller must ignore the command.</returns>
        public bool IgnoresRetainedUpdate(InboxMessage message, CommandKind kind, ILog log, string owner)
        {
            if (message == null || !message.Retained || kind != CommandKind.Update)
            {
                return false;
            }

            if (!_retainedLogged)
            {
                _retainedLogged = true;
                log.Write(owner + ": ignored a retained update command on " + message.Topic + " (the cloud never retains OTA commands; further ones are ignored silently)");
            }

            return true;
        }

        /// <summary>Notes that the connection is (again) up (any thread) and wakes the agent.</summary>
        public void RequestConnect()
        {
            _connectPending = true;
            _wake.Set();
        }

        /// <summary>True once per <see cref="RequestConnect"/>, when the channel is connected: time to announce.</summary>
        public bool TakeConnect()
        {
            if (!_connectPending || !_channel.IsConnected)
            {
                return false;
            }

            _connectPending = false;
            _announced = true;
            return true;
        }

        /// <summary>
        /// True while the channel is connected and that connection has been announced (<see cref="TakeConnect"/> took
        /// its <see cref="RequestConnect"/>): only then may kept messages and outcomes go out. Agent thread only.
        /// </summary>
        /// <remarks>
        /// Why not just <see cref="IControlChannel.IsConnected"/>: a transport is connected at the broker's CONNACK but
        /// announces the connection only after its subscriptions are acknowledged (MosquittoControlChannel, the device's
        /// MqttSupervisor). Reports sent in that gap went out once more with the announcement: after a power-on with an
        /// outcome to report, the version report went out twice, a fraction of a millisecond apart.
        /// </remarks>
        public bool IsAnnounced
        {
            get
            {
                if (!_channel.IsConnected)
                {
                    _announced = false; // the next connection is announced again
                }

                return _announced && !_connectPending;
            }
        }

        /// <summary>Wakes the run loop early (any thread).</summary>
        public void Wake()
        {
            _wake.Set();
        }

        /// <summary>Makes <see cref="Run"/> return (any thread).</summary>
        public void Stop()
        {
            _stopping = true;
            _wake.Set();
        }

        /// <summary>Calls <paramref name="pump"/> until <see cref="Stop"/>, sleeping as long as it asks unless woken.</summary>
        public void Run(PumpHandler pump)
        {
            while (!_stopping)
            {
                int sleep = pump();
                if (sleep > 0 && !_stopping)
                {
                    _wake.WaitOne(sleep, false);
                }
            }
        }

        /// <summary>Publishes <paramref name="message"/> now, or keeps it by its QoS (see the remarks). Null is ignored.</summary>
        /// <returns>True when handed to the channel now.</returns>
        public bool Send(OutgoingMessage message)
        {
            if (message == null)
            {
                return true;
            }

            if (message.Qos == 0)
            {
                if (Publish(message))
                {
                    _latestUnreliable = null; // a newer progress went out
                    return true;
                }

                _latestUnreliable = message;
                return false;
            }

            if (Publish(message))
            {
                return true;
            }

            if (_outbox.Count >= _outboxCapacity)
            {
                _outbox.RemoveAt(0);
            }

            _outbox.Add(message);
            return false;
        }

        /// <summary>Publishes <paramref name="message"/> if connected, keeping nothing (a best-effort repeat).</summary>
        /// <returns>True when handed to the channel.</returns>
        public bool Publish(OutgoingMessage message)
        {
            if (message == null)
            {
                return true;
            }

            if (!_channel.IsConnected || !_channel.Publish(message.Topic, message.Payload, message.Qos))
            {
                return false;
            }

            _sent++;
            return true;
        }

        /// <summary>Sends what the outbox kept, in order (QoS 1 first, then the latest QoS 0), while the channel takes them.</summary>
        /// <returns>True when nothing is left.</returns>
        public bool Flush()
        {
            while (_outbox.Count > 0)
            {
                if (!Publish((OutgoingMessage)_outbox[0]))
                {
                    return false;
                }

                _outbox.RemoveAt(0);
            }

            if (_latestUnreliable != null)
            {
                if (!Publish(_latestUnreliable))
                {
                    return false;
                }

                _latestUnreliable = null;
            }

            return true;
        }
    }
}
