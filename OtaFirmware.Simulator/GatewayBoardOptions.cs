// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Configuration;
using OtaFirmware.Host.Signing;

namespace OtaFirmware.Simulator;

/// <summary>Configuration of one <see cref="SimulatedGateway"/>.</summary>
public sealed class GatewayBoardOptions
{
    /// <summary>The gateway's product id.</summary>
    public string Product { get; init; } = "JR1WOKB7Q7";

    /// <summary>The gateway's device name.</summary>
    public string Name { get; init; } = "gw_deng1";

    /// <summary>Sub-devices as (product id, device name); the default is seed 001's four.</summary>
    public IReadOnlyList<(string Product, string Name)> SubDevices { get; init; } =
        [("E69UADXUYY", "light1"), ("E69UADXUYY", "light2"), ("E69UADXUYY", "light3"), ("YI7XCD5DRH", "airConditioner1")];

    /// <summary>
    /// Trusted image keys by sub-device (<c>productId/deviceName</c>): base64 of the DER SubjectPublicKeyInfo of a P-256
    /// key, the form of device_info.json's <c>gateway.sub_devices[].signing_key</c>. A sub-device with a key gets it
    /// twice, as on real hardware: the gateway refuses images not signed with it before any upload, and the simulated
    /// MCUboot is built with it and refuses them at the swap. Sub-devices without one take unsigned images.
    /// </summary>
    public IReadOnlyDictionary<string, string> SigningKeys { get; init; } = new Dictionary<string, string>();

    /// <summary>Broker host.</summary>
    public string BrokerHost { get; init; } = "127.0.0.1";

    /// <summary>Broker port.</summary>
    public int BrokerPort { get; init; } = 1883;

    /// <summary>CA file for the broker's TLS listener, or null for plain MQTT.</summary>
    public string? MqttCaFile { get; init; }

    /// <summary>CA file for the HTTPS firmware server, or null for the system store.</summary>
    public string? HttpsCaFile { get; init; }

    /// <summary>Accept plain-HTTP URLs on loopback.</summary>
    public bool AllowHttp { get; init; }

    /// <summary>Size of the gateway's staging flash (journals + images).</summary>
    public int StagingSize { get; init; } = 512 * 1024;

    /// <summary>Each sub-device's slot size.</summary>
    public int SubDeviceSlotSize { get; init; } = 256 * 1024;

    /// <summary>Payload bytes of the sub-devices' factory image (version 1.0.0).</summary>
    public int FactoryPayload { get; init; } = 16 * 1024;

    /// <summary>SMP upload chunk (fits Zephyr's default 384-byte buffer).</summary>
    public int ChunkSize { get; init; } = 312;

    /// <summary>Gateway agent tuning.</summary>
    public OtaFirmware.Gateway.GatewayOptions Agent { get; init; } = new() { RetryDelayMilliseconds = 200 };

    /// <summary>The device secrets file the local cloud provisions (its entry for this device signs in); null: no credentials.</summary>
    public string? SecretsFile { get; init; }

    /// <summary>What is wrong with <see cref="SigningKeys"/>, or null when every key is valid and names a configured sub-device.</summary>
    /// <remarks>Why the device's reader: one rule for what a trusted key looks like
    /// (<see cref="DeviceConfigurationReader.SubDeviceSigningKey"/>), so the simulator refuses what the device refuses.</remarks>
    public string? SigningKeyError()
    {
        foreach (KeyValuePair<string, string> entry in SigningKeys)
        {
            if (!SubDevices.Any(d => d.Product + "/" + d.Name == entry.Key))
            {
                return "signing key for " + entry.Key + ": no such sub-device (give it with --sub-device PID/name)";
            }

            byte[]? key = SigningKey(entry.Key);
            if (key == null)
            {
                return "signing key for " + entry.Key + ": must be base64 of a P-256 public key's DER SubjectPublicKeyInfo (imgtool getpub --encoding der)";
            }

            // The device's reader checks the form only (its native verifier parses the point); the host verifier
            // parses it here, so a point off the curve is an error at start rather than an exception in the gateway.
            try
            {
                using var verifier = new EcdsaP256ImageVerifier(key);
            }
            catch (ArgumentException e)
            {
                return "signing key for " + entry.Key + ": " + e.Message;
            }
        }

        return null;
    }

    /// <summary>The trusted key's DER for a sub-device, or null when it has none (or it is not valid, see <see cref="SigningKeyError"/>).</summary>
    public byte[]? SigningKey(string product, string name) => SigningKey(product + "/" + name);

    private byte[]? SigningKey(string key) =>
        SigningKeys.TryGetValue(key, out string? base64)
            ? DeviceConfigurationReader.SubDeviceSigningKey(new GatewaySubDeviceConfiguration { signing_key = base64 })
            : null;
}
