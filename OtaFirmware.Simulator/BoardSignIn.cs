// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds;
using OtaFirmware.Configuration;
using OtaFirmware.Host.Broker;
using OtaFirmware.Host.Mqtt;

namespace OtaFirmware.Simulator;

/// <summary>
/// How a simulated board or gateway signs in: its entry of the device secrets file the local cloud provisions, turned
/// into client id, user name and password by the device's own portable code (<see cref="MqttCredentials"/>). Without a
/// secrets file the board connects anonymously (which the local cloud's broker refuses).
/// </summary>
public static class BoardSignIn
{
    private static readonly Random ConnIdRandom = new();

    /// <summary>The MQTT options for one connection of the named device.</summary>
    /// <param name="cloud">"tencent", "aliyun" or "jdcloud".</param>
    /// <param name="product">Product id or key.</param>
    /// <param name="name">Device name.</param>
    /// <param name="secretsFile">The secrets file, or null for no credentials.</param>
    /// <param name="caFile">CA for MQTT over TLS, or null.</param>
    /// <param name="clock">The time each sign-in is signed at (tests pass a fake clock); null is the system clock.</param>
    /// <returns>The options; with a secrets file they sign every connection attempt afresh (<see cref="MosquittoClientOptions.SignIn"/>),
    /// as the device does, so a board that reconnects after Tencent's expiry or Aliyun's timestamp window signs in again.</returns>
    /// <exception cref="InvalidOperationException">The secrets file has no entry for the device.</exception>
    public static MosquittoClientOptions Options(string cloud, string product, string name, string? secretsFile, string? caFile, Func<DateTimeOffset>? clock = null)
    {
        if (secretsFile == null)
        {
            return new MosquittoClientOptions { ClientId = product + "." + name, CaFile = caFile };
        }

        DeviceConfiguration entry = DeviceSecretsFile.Find(secretsFile, cloud, product, name)
            ?? throw new InvalidOperationException("no entry for " + cloud + "/" + product + "/" + name + " in " + secretsFile + " (provision the device first)");
        CloudKind kind = cloud switch
        {
            "tencent" => CloudKind.Tencent,
            "aliyun" => CloudKind.Aliyun,
            _ => CloudKind.JdCloud,
        };
        Func<DateTimeOffset> now = clock ?? (() => DateTimeOffset.UtcNow);
        MqttCredentials credentials = MqttCredentials.ForDevice(entry, kind, now().ToUnixTimeSeconds(), ConnIdRandom);
        return new MosquittoClientOptions
        {
            ClientId = credentials.ClientId,
            Username = credentials.UserName,
            Password = credentials.Password,
            SignIn = () =>
            {
                MqttCredentials fresh;
                lock (ConnIdRandom)
                {
                    fresh = MqttCredentials.ForDevice(entry, kind, now().ToUnixTimeSeconds(), ConnIdRandom);
                }

                return (fresh.ClientId, fresh.UserName, fresh.Password);
            },
            CaFile = caFile,
        };
    }
}
