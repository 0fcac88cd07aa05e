// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OtaFirmware.LocalCloud.Firmware;

/// <summary>
/// Expiring signed URLs like the clouds' object storage: <c>?expires=unixSeconds&amp;sig=hex(HMAC-SHA256(secret, path + expires))</c>,
/// where path is the URL path (<c>/firmware/name</c>) and expires its decimal text.
/// </summary>
public sealed class UrlSigner
{
    private readonly byte[] _secret;

    /// <summary>Creates a signer with <paramref name="secret"/>.</summary>
    public UrlSigner(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _secret = (byte[])secret.Clone();
    }

    /// <summary>The query string (without '?') that makes <paramref name="path"/> valid until <paramref name="expires"/>.</summary>
    /// <returns>For example <c>expires=1767225600&amp;sig=3f2a...</c>.</returns>
    public string Sign(string path, DateTimeOffset expires)
    {
        string seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return "expires=" + seconds + "&sig=" + Signature(path, seconds);
    }

    /// <summary>Checks a request's expires and sig parameters at time <paramref name="now"/>.</summary>
    /// <returns>Null when valid, otherwise why not ("missing signature", "expired", "bad signature").</returns>
    public string? Check(string path, string? expires, string? signature, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(expires) || string.IsNullOrEmpty(signature))
        {
            return "missing signature";
        }

        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
        {
            return "bad expires";
        }

        byte[] expected = Encoding.ASCII.GetBytes(Signature(path, expires));
        byte[] actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return "bad signature";
        }

        return now.ToUnixTimeSeconds() > seconds ? "expired" : null;
    }

    private string Signature(string path, string expires) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes(path + expires)));
}
