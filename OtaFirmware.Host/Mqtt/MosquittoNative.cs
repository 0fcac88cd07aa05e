// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace OtaFirmware.Host.Mqtt;

/// <summary>
/// P/Invoke declarations for libmosquitto 2.0 (Debian package libmosquitto1, <c>libmosquitto.so.1</c>), with the exact
/// C signatures of mosquitto.h. C <c>bool</c> is one byte; strings are UTF-8.
/// </summary>
internal static class MosquittoNative
{
    private const string Library = "libmosquitto.so.1";

    /// <summary>MOSQ_ERR_SUCCESS.</summary>
    public const int Success = 0;

    /// <summary>MOSQ_ERR_NO_CONN.</summary>
    public const int NoConnection = 4;

    /// <summary>SSL_VERIFY_PEER for mosquitto_tls_opts_set.</summary>
    public const int VerifyPeer = 1;

    /// <summary><c>void (*on_connect)(struct mosquitto *, void *, int)</c>, also used for on_disconnect and on_publish.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void IntCallback(IntPtr mosq, IntPtr obj, int value);

    /// <summary><c>void (*on_message)(struct mosquitto *, void *, const struct mosquitto_message *)</c>.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void MessageCallback(IntPtr mosq, IntPtr obj, IntPtr message);

    /// <summary><c>void (*on_subscribe)(struct mosquitto *, void *, int mid, int qos_count, const int *granted_qos)</c>.</summary>
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    public delegate void SubscribeCallback(IntPtr mosq, IntPtr obj, int mid, int qosCount, IntPtr grantedQos);

    /// <summary><c>struct mosquitto_message { int mid; char *topic; void *payload; int payloadlen; int qos; bool retain; }</c>.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct Message
    {
        public int Mid;
        public IntPtr Topic;
        public IntPtr Payload;
        public int PayloadLength;
        public int Qos;
        public byte Retain;
    }

    // int mosquitto_lib_init(void);
    [DllImport(Library, EntryPoint = "mosquitto_lib_init", CallingConvention = CallingConvention.Cdecl)]
    public static extern int LibInit();

    // struct mosquitto *mosquitto_new(const char *id, bool clean_session, void *obj);
    [DllImport(Library, EntryPoint = "mosquitto_new", CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr New([MarshalAs(UnmanagedType.LPUTF8Str)] string? id, [MarshalAs(UnmanagedType.U1)] bool cleanSession, IntPtr obj);

    // int mosquitto_int_option(struct mosquitto *mosq, enum mosq_opt_t option, int value);
    [DllImport(Library, EntryPoint = "mosquitto_int_option", CallingConvention = CallingConvention.Cdecl)]
    public static extern int IntOption(IntPtr mosq, int option, int value);

    /// <summary>MOSQ_OPT_TCP_NODELAY (mosquitto.h 2.0).</summary>
    public const int OptionTcpNoDelay = 11;

    // void mosquitto_destroy(struct mosquitto *mosq);
    [DllImport(Library, EntryPoint = "mosquitto_destroy", CallingConvention = CallingConvention.Cdecl)]
    public static extern void Destroy(IntPtr mosq);

    // int mosquitto_username_pw_set(struct mosquitto *mosq, const char *username, const char *password);
    [DllImport(Library, EntryPoint = "mosquitto_username_pw_set", CallingConvention = CallingConvention.Cdecl)]
    public static extern int UsernamePasswordSet(IntPtr mosq, [MarshalAs(UnmanagedType.LPUTF8Str)] string? username, [MarshalAs(UnmanagedType.LPUTF8Str)] string? password);

    // int mosquitto_tls_set(struct mosquitto *mosq, const char *cafile, const char *capath, const char *certfile,
    //                       const char *keyfile, int (*pw_callback)(char *buf, int size, int rwflag, void *userdata));
    [DllImport(Library, EntryPoint = "mosquitto_tls_set", CallingConvention = CallingConvention.Cdecl)]
    public static extern int TlsSet(
        IntPtr mosq,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string? caFile,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string? caPath,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string? certFile,
        [MarshalAs(UnmanagedType.LPUTF8Str)] string? keyFile,
        IntPtr passwordCallback);

    // int mosquitto_tls_opts_set(struct mosquitto *mosq, int cert_reqs, const char *tls_version, const char *ciphers);
    [DllImport(Library, EntryPoint = "mosquitto_tls_opts_set", CallingConvention = CallingConvention.Cdecl)]
    public static extern int TlsOptionsSet(IntPtr mosq, int certificateRequirements, [MarshalAs(UnmanagedType.LPUTF8Str)] string? tlsVersion, [MarshalAs(UnmanagedType.LPUTF8Str)] string? ciphers);

    // int mosquitto_connect(struct mosquitto *mosq, const char *host, int port, int keepalive);
    [DllImport(Library, EntryPoint = "mosquitto_connect", CallingConvention = CallingConvention.Cdecl)]
    public static extern int Connect(IntPtr mosq, [MarshalAs(UnmanagedType.LPUTF8Str)] string host, int port, int keepalive);

    // int mosquitto_connect_async(struct mosquitto *mosq, const char *host, int port, int keepalive);
    [DllImport(Library, EntryPoint = "mosquitto_connect_async", CallingConvention = CallingConvention.Cdecl)]
    public static extern int ConnectAsync(IntPtr mosq, [MarshalAs(UnmanagedType.LPUTF8Str)] string host, int port, int keepalive);

    // int mosquitto_disconnect(struct mosquitto *mosq);
    [DllImport(Library, EntryPoint = "mosquitto_disconnect", CallingConvention = CallingConvention.Cdecl)]
    public static extern int Disconnect(IntPtr mosq);

    // int mosquitto_loop_start(struct mosquitto *mosq);
    [DllImport(Library, EntryPoint = "mosquitto_loop_start", CallingConvention = CallingConvention.Cdecl)]
    public static extern int LoopStart(IntPtr mosq);

    // int mosquitto_loop_stop(struct mosquitto *mosq, bool force);
    [DllImport(Library, EntryPoint = "mosquitto_loop_stop", CallingConvention = CallingConvention.Cdecl)]
    public static extern int LoopStop(IntPtr mosq, [MarshalAs(UnmanagedType.U1)] bool force);

    // int mosquitto_publish(struct mosquitto *mosq, int *mid, const char *topic, int payloadlen, const void *payload, int qos, bool retain);
    [DllImport(Library, EntryPoint = "mosquitto_publish", CallingConvention = CallingConvention.Cdecl)]
    public static extern int Publish(IntPtr mosq, out int mid, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int payloadLength, byte[] payload, int qos, [MarshalAs(UnmanagedType.U1)] bool retain);

    // int mosquitto_subscribe(struct mosquitto *mosq, int *mid, const char *sub, int qos);
    [DllImport(Library, EntryPoint = "mosquitto_subscribe", CallingConvention = CallingConvention.Cdecl)]
    public static extern int Subscribe(IntPtr mosq, out int mid, [MarshalAs(UnmanagedType.LPUTF8Str)] string subscription, int qos);

    // void mosquitto_connect_callback_set(struct mosquitto *mosq, void (*on_connect)(struct mosquitto *, void *, int));
    [DllImport(Library, EntryPoint = "mosquitto_connect_callback_set", CallingConvention = CallingConvention.Cdecl)]
    public static extern void ConnectCallbackSet(IntPtr mosq, IntCallback? callback);

    // void mosquitto_disconnect_callback_set(struct mosquitto *mosq, void (*on_disconnect)(struct mosquitto *, void *, int));
    [DllImport(Library, EntryPoint = "mosquitto_disconnect_callback_set", CallingConvention = CallingConvention.Cdecl)]
    public static extern void DisconnectCallbackSet(IntPtr mosq, IntCallback? callback);

    // void mosquitto_message_callback_set(struct mosquitto *mosq, void (*on_message)(struct mosquitto *, void *, const struct mosquitto_message *));
    [DllImport(Library, EntryPoint = "mosquitto_message_callback_set", CallingConvention = CallingConvention.Cdecl)]
    public static extern void MessageCallbackSet(IntPtr mosq, MessageCallback? callback);

    // void mosquitto_publish_callback_set(struct mosquitto *mosq, void (*on_publish)(struct mosquitto *, void *, int));
    [DllImport(Library, EntryPoint = "mosquitto_publish_callback_set", CallingConvention = CallingConvention.Cdecl)]
    public static extern void PublishCallbackSet(IntPtr mosq, IntCallback? callback);

    // void mosquitto_subscribe_callback_set(struct mosquitto *mosq, void (*on_subscribe)(struct mosquitto *, void *, int, int, const int *));
    [DllImport(Library, EntryPoint = "mosquitto_subscribe_callback_set", CallingConvention = CallingConvention.Cdecl)]
    public static extern void SubscribeCallbackSet(IntPtr mosq, SubscribeCallback? callback);

    // int mosquitto_reconnect_delay_set(struct mosquitto *mosq, unsigned int reconnect_delay, unsigned int reconnect_delay_max, bool reconnect_exponential_backoff);
    [DllImport(Library, EntryPoint = "mosquitto_reconnect_delay_set", CallingConvention = CallingConvention.Cdecl)]
    public static extern int ReconnectDelaySet(IntPtr mosq, uint reconnectDelay, uint reconnectDelayMax, [MarshalAs(UnmanagedType.U1)] bool exponentialBackoff);

    // const char *mosquitto_strerror(int mosq_errno);
    [DllImport(Library, EntryPoint = "mosquitto_strerror", CallingConvention = CallingConvention.Cdecl)]
    public static extern IntPtr StrErrorPointer(int error);

    /// <summary>The library's text for a MOSQ_ERR_* code.</summary>
    public static string StrError(int error) => Marshal.PtrToStringUTF8(StrErrorPointer(error)) ?? ("mosquitto error " + error);
}
