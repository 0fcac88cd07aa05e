// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OtaFirmware.LocalCloud.Firmware;

/// <summary>
/// Expiring signed URLs like the clouds' object storage: <c>?device=name&amp;expires=unixSeconds&amp;sig=hex(HMAC-SHA256(secret, canonical))</c>,
/// where the canonical string is <c>"otafw-url-v1\n" + path + "\n" + expires + "\n" + device</c> (path the URL path
/// <c>/firmware/name</c>, expires its decimal text, device empty when the URL is for no particular device).
/// </summary>
/// <remarks>Why the separators: without them the signature over path + expires of <c>app-v1</c> expiring at 1767225600
/// is also the signature of <c>app-v</c> expiring at 11767225600; with a newline between fields (a path never holds
/// one) no signed URL yields another.</remarks>
public sealed class UrlSigner
{
    private readonly byte[] _secret;

    /// <summary>Creates a signer with <paramref name="secret"/>.</summary>
    public UrlSigner(byte[] secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        _secret = (byte[])secret.Clone();
    }

    /// <summary>The query string (without '?') that makes <paramref name="path"/> valid until <paramref name="expires"/> for <paramref name="device"/>.</summary>
    /// <returns>For example <c>device=board-1&amp;expires=1767225600&amp;sig=3f2a...</c> (no device parameter when null).</returns>
    public string Sign(string path, DateTimeOffset expires, string? device = null)
    {
        string seconds = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        string prefix = string.IsNullOrEmpty(device) ? string.Empty : "device=" + Uri.EscapeDataString(device) + "&";
        return prefix + "expires=" + seconds + "&sig=" + Signature(path, seconds, device);
    }

    /// <summary>Checks a request's device, expires and sig parameters at time <paramref name="now"/>.</summary>
    /// <returns>Null when valid, otherwise why not ("missing signature", "expired", "bad signature").</returns>
    public string? Check(string path, string? device, string? expires, string? signature, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(expires) || string.IsNullOrEmpty(signature))
        {
            return "missing signature";
        }

        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds))
        {
            return "bad expires";
        }

        byte[] expected = Encoding.ASCII.GetBytes(Signature(path, expires, device));
        byte[] actual = Encoding.ASCII.GetBytes(signature.ToLowerInvariant());
        if (!CryptographicOperations.FixedTimeEquals(expected, actual))
        {
            return "bad signature";
        }

        return now.ToUnixTimeSeconds() > seconds ? "expired" : null;
    }

    private string Signature(string path, string expires, string? device) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_secret, Encoding.UTF8.GetBytes("otafw-url-v1\n" + path + "\n" + expires + "\n" + (device ?? string.Empty))));
}
