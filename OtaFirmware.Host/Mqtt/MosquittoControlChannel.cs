// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;

namespace OtaFirmware.Host.Mqtt;

/// <summary>
/// The agent's control plane on the host: a <see cref="MosquittoClient"/> that reconnects with exponential backoff and,
/// as on the device, subscribes the given topics (at QoS 1) after every (re)connect. Received messages go to the
/// callback on libmosquitto's network thread; a simulated board passes its <see cref="ControlPlaneRouter"/> instead
/// (the portable routing the device runs), which owns the topics and receives every message with its retain flag.
/// </summary>
public sealed class MosquittoControlChannel : IControlChannel, IDisposable
{
    private readonly MosquittoClient _client;
    private readonly string _host;
    private readonly int _port;
    private readonly Func<string[]> _topics;
    private readonly HashSet<int> _pendingSubscriptions = new();
    private readonly ManualResetEventSlim _ready = new(false);
    private readonly HashSet<int> _unacknowledged = new();
    private int _connectCount;

    /// <summary>Creates the channel; call <see cref="Start"/> to connect.</summary>
    /// <param name="options">Client id, credentials, TLS CA and reconnect delays.</param>
    /// <param name="host">Broker host.</param>
    /// <param name="port">Broker port.</param>
    /// <param name="topics">Topic filters subscribed after every connect (the dialect's SubscriptionTopics).</param>
    /// <param name="onMessage">Receives (topic, payload) of every incoming message.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public MosquittoControlChannel(MosquittoClientOptions options, string host, int port, string[] topics, Action<string, byte[]> onMessage)
        : this(options, host, port, CopyOf(topics), m => onMessage(m.Topic, m.Payload), onMessage is null)
    {
    }

    /// <summary>Creates the channel of a simulated board; call <see cref="Start"/> to connect.</summary>
    /// <param name="options">Client id, credentials, TLS CA and reconnect delays.</param>
    /// <param name="host">Broker host.</param>
    /// <param name="port">Broker port.</param>
    /// <param name="router">Owns the topics subscribed after every connect and receives every message (with its retain flag).</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public MosquittoControlChannel(MosquittoClientOptions options, string host, int port, ControlPlaneRouter router)
        : this(options, host, port, router is null ? null : () => router.Topics, m => router!.Deliver(m.Topic, m.Payload, m.Retain), router is null)
    {
    }

    private MosquittoControlChannel(MosquittoClientOptions options, string host, int port, Func<string[]>? topics, Action<MqttMessage> onMessage, bool missingHandler)
    {
        ArgumentNullException.ThrowIfNull(options);
        _host = host ?? throw new ArgumentNullException(nameof(host));
        _topics = topics ?? throw new ArgumentNullException(nameof(topics));
        if (missingHandler)
        {
            throw new ArgumentNullException("onMessage");
        }

        _port = port;
        _client = new MosquittoClient(options);
        _client.Connected += OnConnected;
        _client.Subscribed += OnSubscribed;
        _client.Published += mid =>
        {
            lock (_unacknowledged)
            {
                _unacknowledged.Remove(mid);
            }
        };
        _client.Disconnected += _ => _ready.Reset();
        _client.MessageReceived += onMessage;
    }

    /// <summary>Raised after every (re)connect, once the broker acknowledged every subscription. Argument: how many connects so far (1 for the first).</summary>
    public event Action<int>? Connected;

    /// <summary>Raised when the connection is lost or closed. Argument: the MOSQ_ERR_* reason (0 when closed on purpose).</summary>
    public event Action<int>? Disconnected
    {
        add => _client.Disconnected += value;
        remove => _client.Disconnected -= value;
    }

    /// <inheritdoc />
    public bool IsConnected => _client.IsConnected;

    /// <summary>How many times the channel has connected (the first connect included).</summary>
    public int ConnectCount => Volatile.Read(ref _connectCount);

    /// <summary>The underlying client (for events such as <see cref="MosquittoClient.Published"/>).</summary>
    public MosquittoClient Client => _client;

    /// <summary>Starts connecting; reconnects by itself from then on.</summary>
    /// <returns>0, or a MOSQ_ERR_* code for arguments libmosquitto refuses.</returns>
    public int Start() => _client.Start(_host, _port);

    /// <summary>Waits for the connection and the broker's acknowledgement of every subscription.</summary>
    /// <returns>True when connected and subscribed within <paramref name="timeout"/>.</returns>
    public bool WaitConnected(TimeSpan timeout) => _ready.Wait(timeout);

    /// <inheritdoc />
    /// <returns>True when libmosquitto queued the message; false when disconnected or refused.</returns>
    public bool Publish(string topic, byte[] payload, int qos)
    {
        if (qos is < 0 or > 1)
        {
            throw new ArgumentOutOfRangeException(nameof(qos), "the agent publishes at QoS 0 or 1");
        }

        // The lock spans the publish so that the acknowledgement (on the network thread) never arrives before the id
        // is recorded; QoS 0 completions find nothing to remove.
        lock (_unacknowledged)
        {
            int rc = _client.Publish(topic, payload, qos, false, out int messageId);
            if (rc == 0 && qos == 1)
            {
                _unacknowledged.Add(messageId);
            }

            return rc == 0;
        }
    }

    /// <inheritdoc />
    public int UnacknowledgedCount
    {
        get
        {
            lock (_unacknowledged)
            {
                return _unacknowledged.Count;
            }
        }
    }

    /// <summary>Subscribes <paramref name="topic"/> (QoS 1) on the live connection; the topic must also be in the
    /// channel's topic list (its router) to be subscribed again after a reconnect.</summary>
    /// <returns>True when libmosquitto sent the SUBSCRIBE; false when disconnected.</returns>
    public bool Subscribe(string topic) => _client.Subscribe(topic, 1) == 0;

    /// <summary>Disconnects and frees the client.</summary>
    public void Dispose()
    {
        _client.Dispose();
        _ready.Dispose();
    }

    // Both run on the network thread, so a SUBACK is never handled before OnConnected has recorded its id.
    private void OnConnected(int rc)
    {
        string[] topics = _topics();
        lock (_pendingSubscriptions)
        {
            _pendingSubscriptions.Clear();
            foreach (string topic in topics)
            {
                if (_client.Subscribe(topic, 1, out int mid) == 0)
                {
                    _pendingSubscriptions.Add(mid);
                }
            }
        }

        if (topics.Length == 0)
        {
            BecomeReady();
        }
    }

    private void OnSubscribed(int mid)
    {
        lock (_pendingSubscriptions)
        {
            if (!_pendingSubscriptions.Remove(mid) || _pendingSubscriptions.Count > 0)
            {
                return;
            }
        }

        BecomeReady();
    }

    private static Func<string[]>? CopyOf(string[]? topics)
    {
        if (topics is null)
        {
            return null;
        }

        string[] copy = (string[])topics.Clone();
        return () => copy;
    }

    private void BecomeReady()
    {
        int count = Interlocked.Increment(ref _connectCount);
        _ready.Set();
        Connected?.Invoke(count);
    }
}
