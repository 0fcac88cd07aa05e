// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Configuration;
using OtaFirmware.Integrity;
using OtaFirmware.LocalCloud.Clouds;

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>
/// Checks a CONNECT's client id, user name and password as the real clouds do, by recomputing them with the same
/// portable credential functions the device signs with (<see cref="TencentCredentials"/>, <see cref="AliyunCredentials"/>)
/// and comparing in constant time:
/// <list type="bullet">
/// <item>Tencent key mode: client id <c>{productId}{deviceName}</c> of a provisioned device, user name
/// <c>{clientId};{sdkappid};{connid};{expiry}</c> with an expiry in the future, password <c>{hex};hmacsha1|hmacsha256</c>.</item>
/// <item>Aliyun: client id <c>{id}|securemode=2,signmethod=hmacsha256|hmacsha1,timestamp={ms}|</c> (TLS only, the
/// timestamp required and at most <see cref="AliyunTimestampLifetime"/> old), user name <c>{deviceName}&amp;{productKey}</c>.</item>
/// <item>JD Cloud: the explicit credentials the registry issued, recomputed the iotkit way.</item>
/// <item>The cloud's account: <see cref="DeviceRegistry.CloudUserName"/> and its generated password.</item>
/// </list>
/// Everything else — no user name, unknown device, wrong or expired signature, malformed fields — is refused.
/// </summary>
public sealed class SignInVerifier
{
    private readonly DeviceRegistry _registry;

    /// <summary>Verifies against <paramref name="registry"/>.</summary>
    public SignInVerifier(DeviceRegistry registry) => _registry = registry ?? throw new ArgumentNullException(nameof(registry));

    /// <summary>How old an Aliyun timestamp may be (the device signs a fresh one per connection attempt).</summary>
    public TimeSpan AliyunTimestampLifetime { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How far in the future a timestamp may be (clock skew).</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Verifies one CONNECT at <paramref name="now"/>.</summary>
    /// <returns>The identity, or the reason for refusing.</returns>
    public SignInResult Verify(string? clientId, string? userName, string? password, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(userName) || string.IsNullOrEmpty(password))
        {
            return SignInResult.Refused("anonymous");
        }

        if (string.IsNullOrEmpty(clientId) || clientId.Length > 128 || userName.Length > 256 || password.Length > 256)
        {
            return SignInResult.Refused("malformed sign-in");
        }

        if (userName == DeviceRegistry.CloudUserName)
        {
            return Same(password, _registry.CloudPassword) ? new SignInResult(new BrokerIdentity(clientId, null), null) : SignInResult.Refused("bad password");
        }

        if (clientId.Contains('|'))
        {
            return VerifyIotKit(clientId, userName, password, now);
        }

        return VerifyTencent(clientId, userName, password, now);
    }

    private SignInResult VerifyTencent(string clientId, string userName, string password, DateTimeOffset now)
    {
        string[] user = userName.Split(';');
        string[] pass = password.Split(';');
        if (user.Length != 4 || pass.Length != 2 || user[0] != clientId)
        {
            return SignInResult.Refused("malformed sign-in");
        }

        if (_registry.FindTencentClient(clientId) is not { } device)
        {
            return SignInResult.Refused("unknown device");
        }

        if (!long.TryParse(user[3], NumberStyles.None, CultureInfo.InvariantCulture, out long expiry))
        {
            return SignInResult.Refused("malformed sign-in");
        }

        IStreamingHash? hash = pass[1] switch { "hmacsha1" => new Sha1(), "hmacsha256" => new Sha256(), _ => null };
        if (hash == null)
        {
            return SignInResult.Refused("unsupported sign method");
        }

        string expected;
        try
        {
            expected = TencentCredentials.Password(userName, device.Entry.key_deviceinfo!.deviceSecret, hash);
        }
        catch (ArgumentException)
        {
            return SignInResult.Refused("malformed sign-in");
        }

        if (!Same(password, expected))
        {
            return SignInResult.Refused("bad signature");
        }

        // Checked after the signature, so that the reason never tells an attacker more than "bad signature".
        return expiry <= now.ToUnixTimeSeconds() ? SignInResult.Refused("expired") : new SignInResult(new BrokerIdentity(clientId, device.Address), null);
    }

    private SignInResult VerifyIotKit(string mqttClientId, string userName, string password, DateTimeOffset now)
    {
        // {id}|securemode=2,signmethod=...,timestamp=...|
        int bar = mqttClientId.IndexOf('|');
        if (bar <= 0 || !mqttClientId.EndsWith('|') || mqttClientId.Length < bar + 2)
        {
            return SignInResult.Refused("malformed sign-in");
        }

        string id = mqttClientId[..bar];
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string pair in mqttClientId[(bar + 1)..^1].Split(','))
        {
            int eq = pair.IndexOf('=');
            if (eq <= 0 || !parameters.TryAdd(pair[..eq], pair[(eq + 1)..]))
            {
                return SignInResult.Refused("malformed sign-in");
            }
        }

        string[] user = userName.Split('&');
        if (user.Length != 2 || user[0].Length == 0 || user[1].Length == 0)
        {
            return SignInResult.Refused("malformed sign-in");
        }

        parameters.TryGetValue("timestamp", out string? timestamp);
        parameters.TryGetValue("signmethod", out string? method);
        IStreamingHash? hash = method switch { "hmacsha1" => new Sha1(), "hmacsha256" => new Sha256(), _ => null };
        if (hash == null)
        {
            return SignInResult.Refused("unsupported sign method");
        }

        if (!parameters.TryGetValue("securemode", out string? mode) || mode != AliyunCredentials.SecureModeTls.ToString(CultureInfo.InvariantCulture))
        {
            return SignInResult.Refused("securemode must be 2 (TLS)");
        }

        var aliyun = new DeviceAddress("aliyun", user[1], user[0]);
        var jd = new DeviceAddress("jdcloud", user[1], user[0]);
        DeviceConfiguration? entry = _registry.Find(aliyun);
        DeviceAddress address = aliyun;
        if (entry == null)
        {
            entry = _registry.Find(jd);
            address = jd;
        }

        if (entry == null)
        {
            return SignInResult.Refused("unknown device");
        }

        bool isJd = address.Cloud == "jdcloud";
        if (!isJd && string.IsNullOrEmpty(timestamp))
        {
            return SignInResult.Refused("timestamp required");
        }

        string expectedClientId, expectedPassword;
        try
        {
            expectedClientId = AliyunCredentials.MqttClientId(id, AliyunCredentials.SecureModeTls, hash, timestamp);
            expectedPassword = AliyunCredentials.Password(id, user[0], user[1], timestamp, entry.key_deviceinfo!.deviceSecret, hash);
        }
        catch (ArgumentException)
        {
            return SignInResult.Refused("malformed sign-in");
        }

        // The client id must be the canonical form (no unsigned extra parameters) and the password must match.
        if (expectedClientId != mqttClientId || !Same(password, expectedPassword))
        {
            return SignInResult.Refused("bad signature");
        }

        if (!isJd)
        {
            if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long milliseconds))
            {
                return SignInResult.Refused("malformed sign-in");
            }

            DateTimeOffset signedAt = DateTimeOffset.FromUnixTimeMilliseconds(Math.Min(milliseconds, 253402300799000));
            if (signedAt < now - AliyunTimestampLifetime)
            {
                return SignInResult.Refused("expired");
            }

            if (signedAt > now + ClockSkew)
            {
                return SignInResult.Refused("timestamp in the future");
            }
        }

        return new SignInResult(new BrokerIdentity(mqttClientId, address), null);
    }

    private static bool Same(string actual, string expected) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(actual), Encoding.UTF8.GetBytes(expected));
}
