// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace OtaFirmware.Host.Mqtt;

/// <summary>
/// An MQTT 3.1.1 client on libmosquitto (<c>libmosquitto.so.1</c>). <see cref="Start"/> connects and starts
/// libmosquitto's network thread, which keeps reconnecting with exponential backoff until <see cref="Stop"/> or
/// <see cref="Dispose"/>. Events are raised on that network thread; handlers must not block for long and exceptions
/// they throw are swallowed (a native callback cannot unwind); they must not call <see cref="Stop"/> or
/// <see cref="Dispose"/> (that would join the thread they run on). Methods return libmosquitto's MOSQ_ERR_* codes
/// (0 is success); <see cref="Describe"/> turns one into text.
/// </summary>
public sealed class MosquittoClient : IDisposable
{
    private static readonly object InitLock = new();
    private static bool _initialised;

    // Clients the network thread may call back into: rooted here so their delegates cannot be collected.
    private static readonly ConcurrentDictionary<MosquittoClient, byte> Live = new();

    private readonly MosquittoClientOptions _options;
    private readonly MosquittoNative.IntCallback _onConnect;
    private readonly MosquittoNative.IntCallback _onDisconnect;
    private readonly MosquittoNative.IntCallback _onPublish;
    private readonly MosquittoNative.MessageCallback _onMessage;
    private readonly MosquittoNative.SubscribeCallback _onSubscribe;
    private readonly object _gate = new();
    private IntPtr _handle;
    private bool _loopRunning;
    private string _host = string.Empty;
    private int _port;
    private int _resignDelayMilliseconds;
    private Thread? _connectThread;
    private readonly ManualResetEventSlim _stopRequested = new(false);
    private volatile bool _connected;
    private readonly ManualResetEventSlim _connectedSignal = new(false);

    /// <summary>Creates a client; nothing is sent until <see cref="Start"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="DllNotFoundException">libmosquitto.so.1 is not installed (tools/install-host-deps.sh).</exception>
    /// <exception cref="InvalidOperationException">libmosquitto refused the options (for example a CA file that does not exist).</exception>
    public MosquittoClient(MosquittoClientOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        EnsureLibrary();
        _onConnect = OnConnect;
        _onDisconnect = OnDisconnect;
        _onPublish = OnPublish;
        _onMessage = OnMessage;
        _onSubscribe = OnSubscribe;

        _handle = CreateHandle();
    }

    // A configured native client, signed in with SignIn's values of this moment when there is a SignIn.
    private IntPtr CreateHandle()
    {
        MosquittoClientOptions options = _options;
        (string? clientId, string? userName, string? password) = options.SignIn is { } signIn ? signIn() : (options.ClientId, options.Username, options.Password);
        IntPtr handle = MosquittoNative.New(clientId, options.CleanSession, IntPtr.Zero);
        if (handle == IntPtr.Zero)
        {
            throw new InvalidOperationException("mosquitto_new failed (invalid client id or out of memory)");
        }

        try
        {
            Check(MosquittoNative.UsernamePasswordSet(handle, userName, password), "mosquitto_username_pw_set");
            // Small packets (commands, acknowledgements, progress) must not wait for Nagle's algorithm.
            Check(MosquittoNative.IntOption(handle, MosquittoNative.OptionTcpNoDelay, 1), "mosquitto_int_option(TCP_NODELAY)");
            if (options.CaFile != null)
            {
                Check(MosquittoNative.TlsSet(handle, options.CaFile, null, null, null, IntPtr.Zero), "mosquitto_tls_set");
                Check(MosquittoNative.TlsOptionsSet(handle, MosquittoNative.VerifyPeer, "tlsv1.2", null), "mosquitto_tls_opts_set");
            }

            uint delay = (uint)Math.Max(1, options.ReconnectDelaySeconds);
            uint delayMax = (uint)Math.Max((int)delay, options.ReconnectDelayMaxSeconds);
            Check(MosquittoNative.ReconnectDelaySet(handle, delay, delayMax, true), "mosquitto_reconnect_delay_set");
            MosquittoNative.ConnectCallbackSet(handle, _onConnect);
            MosquittoNative.DisconnectCallbackSet(handle, _onDisconnect);
            MosquittoNative.PublishCallbackSet(handle, _onPublish);
            MosquittoNative.MessageCallbackSet(handle, _onMessage);
            MosquittoNative.SubscribeCallbackSet(handle, _onSubscribe);
        }
        catch
        {
            MosquittoNative.Destroy(handle);
            throw;
        }

        return handle;
    }

    /// <summary>Raised when the broker accepted a connection (also after every automatic reconnect). Argument: CONNACK code, always 0.</summary>
    public event Action<int>? Connected;

    /// <summary>Raised when a connection ends. Argument: 0 when <see cref="Stop"/> asked for it, otherwise the MOSQ_ERR_* reason (or a refused CONNACK code).</summary>
    public event Action<int>? Disconnected;

    /// <summary>Raised for every message on a subscribed topic.</summary>
    public event Action<MqttMessage>? MessageReceived;

    /// <summary>Raised when a publish left (QoS 0) or was acknowledged (QoS 1). Argument: the message id from <see cref="Publish(string, byte[], int, bool, out int)"/>.</summary>
    public event Action<int>? Published;

    /// <summary>Raised when the broker acknowledged a SUBSCRIBE. Argument: the message id from <see cref="Subscribe(string, int, out int)"/>.</summary>
    public event Action<int>? Subscribed;

    /// <summary>True between a successful CONNACK and the next disconnect.</summary>
    public bool IsConnected => _connected;

    /// <summary>The options the client was created with.</summary>
    public MosquittoClientOptions Options => _options;

    /// <summary>The text libmosquitto gives for a MOSQ_ERR_* code.</summary>
    /// <returns>For example "No error." for 0 or "The client is not currently connected." for 4.</returns>
    public static string Describe(int code) => MosquittoNative.StrError(code);

    /// <summary>
    /// Starts connecting to <paramref name="host"/>:<paramref name="port"/> and returns at once; wait with
    /// <see cref="WaitConnected"/>. Until the first TCP connection succeeds a background thread retries with the
    /// reconnect backoff (libmosquitto's own loop only retries connections that once succeeded); from then on
    /// libmosquitto's network thread reconnects by itself.
    /// </summary>
    /// <returns>0, or 3 (MOSQ_ERR_INVAL) for an empty host or a port outside 1..65535.</returns>
    /// <exception cref="ObjectDisposedException">The client was disposed.</exception>
    /// <exception cref="InvalidOperationException">The client is already started.</exception>
    public int Start(string host, int port)
    {
        ArgumentNullException.ThrowIfNull(host);
        if (host.Length == 0 || port is < 1 or > 65535)
        {
            return 3;
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
            if (_connectThread != null || _loopRunning)
            {
                throw new InvalidOperationException("already started");
            }

            _stopRequested.Reset();
            Live.TryAdd(this, 0);
            _host = host;
            _port = port;
            _connectThread = new Thread(() => ConnectUntilUp(host, port)) { IsBackground = true, Name = "mosquitto-connect " + _options.ClientId };
            _connectThread.Start();
            return MosquittoNative.Success;
        }
    }

    private void ConnectUntilUp(string host, int port)
    {
        int delay = Math.Max(1, _options.ReconnectDelaySeconds) * 1000;
        int delayMax = Math.Max(delay, _options.ReconnectDelayMaxSeconds * 1000);
        while (!_stopRequested.IsSet)
        {
            if (_options.SignIn != null)
            {
                // A fresh client signed now: libmosquitto fixes the client id at mosquitto_new.
                lock (_gate)
                {
                    if (_stopRequested.IsSet)
                    {
                        return;
                    }

                    MosquittoNative.Destroy(_handle);
                    _handle = CreateHandle();
                }
            }

            // Only this thread touches the handle's connection until the loop runs; Stop joins it before going on.
            if (MosquittoNative.ConnectAsync(_handle, host, port, _options.KeepAliveSeconds) == MosquittoNative.Success)
            {
                lock (_gate)
                {
                    if (!_stopRequested.IsSet && MosquittoNative.LoopStart(_handle) == MosquittoNative.Success)
                    {
                        // From here on a lost connection is the loop's (or, with SignIn, a new Resign thread's) business.
                        _loopRunning = true;
                        if (_connectThread == Thread.CurrentThread)
                        {
                            _connectThread = null;
                        }

                        return;
                    }
                }
            }

            if (_stopRequested.Wait(delay))
            {
                return;
            }

            delay = Math.Min(delay * 2, delayMax);
        }
    }

    /// <summary>Waits until the client is connected.</summary>
    /// <returns>True when connected within <paramref name="timeout"/>.</returns>
    public bool WaitConnected(TimeSpan timeout) => _connectedSignal.Wait(timeout);

    /// <summary>Publishes <paramref name="payload"/> on <paramref name="topic"/>.</summary>
    /// <param name="topic">Topic (no wildcards).</param>
    /// <param name="payload">Payload bytes, copied by libmosquitto.</param>
    /// <param name="qos">0, 1 or 2.</param>
    /// <param name="retain">True to ask the broker to retain the message.</param>
    /// <param name="messageId">The id that <see cref="Published"/> will report.</param>
    /// <returns>0 when queued; 4 (MOSQ_ERR_NO_CONN) when not connected; another MOSQ_ERR_* code otherwise.</returns>
    public int Publish(string topic, byte[] payload, int qos, bool retain, out int messageId)
    {
        ArgumentNullException.ThrowIfNull(topic);
        ArgumentNullException.ThrowIfNull(payload);
        if (qos is < 0 or > 2)
        {
            throw new ArgumentOutOfRangeException(nameof(qos));
        }

        messageId = 0;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
            if (!_connected)
            {
                return MosquittoNative.NoConnection;
            }

            return MosquittoNative.Publish(_handle, out messageId, topic, payload.Length, payload, qos, retain);
        }
    }

    /// <summary>Publishes and ignores the message id.</summary>
    /// <returns>As <see cref="Publish(string, byte[], int, bool, out int)"/>.</returns>
    public int Publish(string topic, byte[] payload, int qos, bool retain = false) => Publish(topic, payload, qos, retain, out _);

    /// <summary>Subscribes <paramref name="topicFilter"/> (wildcards allowed) on the current connection.</summary>
    /// <param name="topicFilter">Topic filter.</param>
    /// <param name="qos">Maximum QoS to receive at.</param>
    /// <param name="messageId">The id that <see cref="Subscribed"/> will report.</param>
    /// <returns>0 when the SUBSCRIBE was queued; 4 when not connected; another MOSQ_ERR_* code otherwise.</returns>
    public int Subscribe(string topicFilter, int qos, out int messageId)
    {
        ArgumentNullException.ThrowIfNull(topicFilter);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_handle == IntPtr.Zero, this);
            return MosquittoNative.Subscribe(_handle, out messageId, topicFilter, qos);
        }
    }

    /// <summary>Subscribes and ignores the message id.</summary>
    /// <returns>As <see cref="Subscribe(string, int, out int)"/>.</returns>
    public int Subscribe(string topicFilter, int qos) => Subscribe(topicFilter, qos, out _);

    /// <summary>Disconnects and stops the network thread (no reconnect afterwards). Safe to call more than once.</summary>
    public void Stop()
    {
        Thread? connectThread;
        lock (_gate)
        {
            _stopRequested.Set();
            connectThread = _connectThread;
            _connectThread = null;
        }

        // A connect attempt in progress finishes first (it returns quickly on 127.0.0.1).
        connectThread?.Join();
        IntPtr handle;
        lock (_gate)
        {
            if (_handle == IntPtr.Zero || !_loopRunning)
            {
                Live.TryRemove(this, out _);
                return;
            }

            handle = _handle;
            _loopRunning = false;
            MosquittoNative.Disconnect(handle);
        }

        // Outside the lock: the network thread may be inside a callback that publishes.
        MosquittoNative.LoopStop(handle, false);
        _connected = false;
        _connectedSignal.Reset();
        Live.TryRemove(this, out _);
    }

    /// <summary>Stops and frees the native client.</summary>
    public void Dispose()
    {
        Stop();
        lock (_gate)
        {
            if (_handle != IntPtr.Zero)
            {
                MosquittoNative.Destroy(_handle);
                _handle = IntPtr.Zero;
            }
        }

        _connectedSignal.Dispose();
        _stopRequested.Dispose();
    }

    private static void EnsureLibrary()
    {
        lock (InitLock)
        {
            if (!_initialised)
            {
                MosquittoNative.LibInit();
                _initialised = true;
            }
        }
    }

    private static void Check(int rc, string what)
    {
        if (rc != MosquittoNative.Success)
        {
            throw new InvalidOperationException(what + ": " + Describe(rc));
        }
    }

    private void OnConnect(IntPtr mosq, IntPtr obj, int rc)
    {
        if (rc != 0)
        {
            // CONNACK refused; libmosquitto will disconnect and retry.
            Raise(Disconnected, rc);
            return;
        }

        _connected = true;
        _resignDelayMilliseconds = 0;
        _connectedSignal.Set();
        Raise(Connected, rc);
    }

    private void OnDisconnect(IntPtr mosq, IntPtr obj, int rc)
    {
        _connected = false;
        _connectedSignal.Reset();
        Raise(Disconnected, rc);
        if (_options.SignIn == null || rc == 0)
        {
            return;
        }

        // libmosquitto's loop would reconnect with the old signature: end it (it stops once this callback returns) and
        // reconnect from a thread of ours, through ConnectUntilUp, which signs every attempt afresh.
        MosquittoNative.Disconnect(mosq);
        lock (_gate)
        {
            if (_stopRequested.IsSet || _connectThread != null)
            {
                return;
            }

            _connectThread = new Thread(Resign) { IsBackground = true, Name = "mosquitto-resign " + _options.ClientId };
            _connectThread.Start();
        }
    }

    private void Resign()
    {
        // Joins libmosquitto's network thread, which ends after the disconnect callback that started this thread.
        MosquittoNative.LoopStop(_handle, false);
        lock (_gate)
        {
            _loopRunning = false;
        }

        // The same backoff as libmosquitto's: doubled per attempt that did not get a CONNACK, reset by one that did.
        int first = Math.Max(1, _options.ReconnectDelaySeconds) * 1000;
        int delay = _resignDelayMilliseconds = Math.Min(Math.Max(first, _resignDelayMilliseconds * 2), Math.Max(first, _options.ReconnectDelayMaxSeconds * 1000));
        if (!_stopRequested.Wait(delay))
        {
            ConnectUntilUp(_host, _port);
        }
    }

    private void OnPublish(IntPtr mosq, IntPtr obj, int mid) => Raise(Published, mid);

    private void OnSubscribe(IntPtr mosq, IntPtr obj, int mid, int qosCount, IntPtr grantedQos) => Raise(Subscribed, mid);

    private void OnMessage(IntPtr mosq, IntPtr obj, IntPtr messagePointer)
    {
        try
        {
            var native = Marshal.PtrToStructure<MosquittoNative.Message>(messagePointer);
            string topic = Marshal.PtrToStringUTF8(native.Topic) ?? string.Empty;
            byte[] payload = native.PayloadLength > 0 ? new byte[native.PayloadLength] : [];
            if (payload.Length > 0)
            {
                Marshal.Copy(native.Payload, payload, 0, payload.Length);
            }

            MessageReceived?.Invoke(new MqttMessage(topic, payload, native.Qos, native.Retain != 0));
        }
        catch (Exception)
        {
            // A handler's exception must not cross into native code.
        }
    }

    private static void Raise(Action<int>? handler, int value)
    {
        try
        {
            handler?.Invoke(value);
        }
        catch (Exception)
        {
            // A handler's exception must not cross into native code.
        }
    }
}
