// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Host.Mqtt;

/// <summary>How a <see cref="MosquittoClient"/> identifies itself and reconnects.</summary>
public sealed class MosquittoClientOptions
{
    /// <summary>MQTT client id; null lets libmosquitto generate one (only allowed with a clean session).</summary>
    public string? ClientId { get; init; }

    /// <summary>User name, or null for none.</summary>
    public string? Username { get; init; }

    /// <summary>Password, or null for none.</summary>
    public string? Password { get; init; }

    /// <summary>
    /// Called before every connection attempt, the first and each reconnect, for the client id, user name and password
    /// of that attempt (overriding <see cref="ClientId"/>, <see cref="Username"/> and <see cref="Password"/>); null uses
    /// those three for every attempt.
    /// </summary>
    /// <remarks>Why: the clouds' signed sign-ins carry a time (Tencent an expiry in the user name, Aliyun a timestamp in
    /// the client id), so a connection that drops after the signature's window must sign again, as the device does
    /// (MqttSupervisor builds its MqttSignIn per attempt); libmosquitto's own reconnect would replay the old one.</remarks>
    public Func<(string ClientId, string? Username, string? Password)>? SignIn { get; init; }

    /// <summary>PEM file of the CA that signed the broker certificate; null connects without TLS.</summary>
    public string? CaFile { get; init; }

    /// <summary>Start with a clean session (the broker forgets subscriptions and queued QoS 1 messages).</summary>
    public bool CleanSession { get; init; } = true;

    /// <summary>MQTT keep-alive in seconds.</summary>
    public int KeepAliveSeconds { get; init; } = 30;

    /// <summary>First delay before reconnecting after a lost connection, in seconds (at least 1).</summary>
    public int ReconnectDelaySeconds { get; init; } = 1;

    /// <summary>Cap of the reconnect delay, which doubles per failed attempt, in seconds.</summary>
    public int ReconnectDelayMaxSeconds { get; init; } = 30;
}
