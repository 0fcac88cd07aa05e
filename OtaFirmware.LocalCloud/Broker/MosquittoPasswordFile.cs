// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>
/// Lines of a mosquitto password file (<c>password_file</c>) in the format <c>mosquitto_passwd</c> writes:
/// <c>{user}:$7${iterations}${base64 salt}${base64 hash}</c>, the hash PBKDF2-HMAC-SHA512 of the UTF-8 password over a
/// 12-byte random salt, 64 bytes long, 101 iterations by default.
/// </summary>
/// <remarks>
/// Why not call <c>mosquitto_passwd</c>: the local cloud runs where mosquitto is not installed (the broker may be on
/// another machine, or the user is on Windows). The format follows mosquitto's source: <c>common/password_mosq.c</c>
/// (<c>pw__hash</c>: <c>PKCS5_PBKDF2_HMAC(password, salt, iterations, EVP_sha512(), 64)</c>, <c>SALT_LEN</c> 12,
/// <c>PW_DEFAULT_ITERATIONS</c> 101, prefix <c>$7$</c> for <c>pw_sha512_pbkdf2</c>) and
/// <c>apps/mosquitto_passwd/mosquitto_passwd.c</c> (one <c>user:hash</c> line per user; the user name ends at the first
/// colon, so it may not contain one).
/// </remarks>
public static class MosquittoPasswordFile
{
    /// <summary>Salt length mosquitto uses (<c>SALT_LEN</c>).</summary>
    public const int SaltLength = 12;

    /// <summary>mosquitto_passwd's default PBKDF2 iteration count (<c>PW_DEFAULT_ITERATIONS</c>).</summary>
    public const int DefaultIterations = 101;

    /// <summary>The hash field for <paramref name="password"/> with <paramref name="salt"/>.</summary>
    /// <returns><c>$7${iterations}${base64 salt}${base64 hash}</c>.</returns>
    /// <exception cref="ArgumentException">An empty salt or fewer than one iteration.</exception>
    public static string Hash(string password, byte[] salt, int iterations = DefaultIterations)
    {
        ArgumentNullException.ThrowIfNull(password);
        ArgumentNullException.ThrowIfNull(salt);
        if (salt.Length == 0 || iterations < 1)
        {
            throw new ArgumentException("a salt and at least one iteration are required");
        }

        byte[] hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA512, 64);
        return "$7$" + iterations.ToString(CultureInfo.InvariantCulture) + "$" + Convert.ToBase64String(salt) + "$" + Convert.ToBase64String(hash);
    }

    /// <summary>One password file line for <paramref name="userName"/>, with a fresh random salt.</summary>
    /// <returns><c>{user}:{hash}</c>, without the line end.</returns>
    /// <exception cref="ArgumentException">A user name that is empty or holds a colon or a line break.</exception>
    public static string Line(string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(userName);
        if (userName.Length == 0 || userName.IndexOfAny([':', '\n', '\r']) >= 0)
        {
            throw new ArgumentException("a mosquitto user name cannot be empty or hold ':' or a line break: '" + userName + "'", nameof(userName));
        }

        return userName + ":" + Hash(password, RandomNumberGenerator.GetBytes(SaltLength));
    }
}
