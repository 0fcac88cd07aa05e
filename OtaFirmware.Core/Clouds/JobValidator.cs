// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Agent;
using OtaFirmware.Update;

namespace OtaFirmware.Clouds
{
    /// <summary>
    /// The checks every dialect applies to what a cloud sends, so that the three dialects agree on what a valid job
    /// is. Every check returns a reason text instead of throwing; the reasons name the field and what is wrong.
    /// </summary>
    public static class JobValidator
    {
        /// <summary>Longest version: esp_app_desc_t.version is char[32] with a terminating NUL.</summary>
        public const int MaxVersionLength = 31;

        /// <summary>Longest URL accepted (signed object-store URLs run to about 1 KB; the payload limit caps them anyway).</summary>
        public const int MaxUrlLength = 2048;

        /// <summary>Longest correlation id echoed back to the cloud.</summary>
        public const int MaxCorrelationIdLength = 64;

        /// <summary>
        /// Decodes an MQTT payload as strict UTF-8 text: at most <see cref="DialectOptions.MaxPayloadBytes"/> bytes,
        /// no overlong forms, no surrogates, nothing above U+10FFFF, no NUL.
        /// </summary>
        /// <param name="payload">The bytes as received (may be null).</param>
        /// <param name="length">How many bytes of <paramref name="payload"/> are the message.</param>
        /// <param name="text">The text, or null.</param>
        /// <param name="reason">Why it was refused, or null.</param>
        /// <returns>True when <paramref name="text"/> was produced.</returns>
        public static bool TryDecodePayload(byte[] payload, int length, out string text, out string reason)
        {
            text = null;
            if (payload == null || length <= 0)
            {
                reason = "empty payload";
                return false;
            }

            if (length > payload.Length)
            {
                reason = "payload length " + length.ToString() + " exceeds the buffer of " + payload.Length.ToString() + " bytes";
                return false;
            }

            if (length > DialectOptions.MaxPayloadBytes)
            {
                reason = "payload of " + length.ToString() + " bytes exceeds the " + DialectOptions.MaxPayloadBytes.ToString() + "-byte limit";
                return false;
            }

            int bad = FindInvalidUtf8(payload, length);
            if (bad >= 0)
            {
                reason = "payload is not valid UTF-8 (byte " + bad.ToString() + ")";
                return false;
            }

            text = Encoding.UTF8.GetString(payload, 0, length);
            reason = null;
            return true;
        }

        /// <summary>
        /// Decodes <paramref name="payload"/> (<see cref="TryDecodePayload"/>) and parses it into a new
        /// <paramref name="type"/> with <paramref name="codec"/>. A codec that throws despite its contract is caught.
        /// </summary>
        /// <param name="codec">The JSON codec.</param>
        /// <param name="payload">The bytes as received.</param>
        /// <param name="length">Message length in bytes.</param>
        /// <param name="type">The message class.</param>
        /// <param name="message">The parsed message, or null.</param>
        /// <returns>Null when <paramref name="message"/> was produced, otherwise a <see cref="CommandKind.Rejected"/> command saying why.</returns>
        public static CloudCommand ReadJson(IJsonCodec codec, byte[] payload, int length, Type type, out object message)
        {
            message = null;
            string text;
            string reason;
            if (!TryDecodePayload(payload, length, out text, out reason))
            {
                return CloudCommand.Rejected(reason, null);
            }

            object value;
            try
            {
                if (!codec.TryDeserialize(text, type, out value, out reason))
                {
                    return CloudCommand.Rejected("invalid JSON: " + (reason == null ? "unparseable" : reason), null);
                }
            }
            catch (Exception ex)
            {
                return CloudCommand.Rejected("invalid JSON: " + ex.Message, null);
            }

            if (value == null || value.GetType() != type)
            {
                return CloudCommand.Rejected("invalid JSON: not an object", null);
            }

            message = value;
            return null;
        }

        /// <summary>Checks a firmware version: 1..31 printable ASCII characters (it must fit esp_app_desc_t.version).</summary>
        /// <returns>Null when valid, otherwise the reason.</returns>
        public static string CheckVersion(string version)
        {
            if (version == null || version.Length == 0)
            {
                return "missing version";
            }

            if (version.Length > MaxVersionLength)
            {
                return "version is " + version.Length.ToString() + " characters, longer than " + MaxVersionLength.ToString() + " (esp_app_desc_t.version)";
            }

            for (int i = 0; i < version.Length; i++)
            {
                char c = version[i];
                if (c < ' ' || c > '~')
                {
                    return "version has a non-printable or non-ASCII character at " + i.ToString();
                }
            }

            return null;
        }

        /// <summary>
        /// Parses an image size sent as a JSON number or string: plain decimal digits only (no sign, fraction or
        /// exponent), 1 to <paramref name="maxImageSize"/>.
        /// </summary>
        /// <param name="text">The size text (a JSON number's literal text or a string), may be null.</param>
        /// <param name="maxImageSize">Largest acceptable size in bytes.</param>
        /// <param name="size">The size, or 0 on failure.</param>
        /// <param name="reason">Why it was refused, or null.</param>
        /// <returns>True when <paramref name="size"/> was produced.</returns>
        public static bool TryParseSize(string text, int maxImageSize, out int size, out string reason)
        {
            size = 0;
            if (text == null || text.Length == 0)
            {
                reason = "missing size";
                return false;
            }

            if (text[0] == '-')
            {
                reason = "size " + Clip(text) + " is negative";
                return false;
            }

            long value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '.' || c == 'e' || c == 'E')
                {
                    reason = "size " + Clip(text) + " is not a whole number of bytes";
                    return false;
                }

                if (c < '0' || c > '9')
                {
                    reason = "size " + Clip(text) + " is not a decimal integer";
                    return false;
                }

                value = (value * 10) + (c - '0');
                if (value > maxImageSize)
                {
                    reason = "size " + Clip(text) + " exceeds the " + maxImageSize.ToString() + "-byte limit";
                    return false;
                }
            }

            if (value == 0)
            {
                reason = "size is zero";
                return false;
            }

            size = (int)value;
            reason = null;
            return true;
        }

        /// <summary>
        /// Checks a download URL: https (or http to a loopback host when <paramref name="allowHttpOnLoopback"/>),
        /// a host, no user info, no whitespace or control characters, at most <see cref="MaxUrlLength"/> characters.
        /// </summary>
        /// <returns>Null when acceptable, otherwise the reason.</returns>
        public static string CheckUrl(string url, bool allowHttpOnLoopback)
        {
            if (url == null || url.Length == 0)
            {
                return "missing url";
            }

            if (url.Length > MaxUrlLength)
            {
                return "url is " + url.Length.ToString() + " characters, longer than " + MaxUrlLength.ToString();
            }

            for (int i = 0; i < url.Length; i++)
            {
                char c = url[i];
                if (c <= ' ' || c > '~')
                {
                    return "url has whitespace, a control or a non-ASCII character at " + i.ToString();
                }
            }

            int colon = url.IndexOf(':');
            if (colon <= 0)
            {
                return "url has no scheme";
            }

            string scheme = url.Substring(0, colon).ToLower();
            bool http = scheme == "http";
            if (scheme != "https" && !http)
            {
                return "url scheme '" + Clip(scheme) + "' is not allowed (https only)";
            }

            if (http && !allowHttpOnLoopback)
            {
                return "url scheme 'http' is not allowed (https only)";
            }

            if (url.Length < colon + 3 || url[colon + 1] != '/' || url[colon + 2] != '/')
            {
                return "url has no '//' after the scheme";
            }

            int hostStart = colon + 3;
            int hostEnd = hostStart;
            while (hostEnd < url.Length && url[hostEnd] != '/' && url[hostEnd] != '?' && url[hostEnd] != '#')
            {
                hostEnd++;
            }

            string authority = url.Substring(hostStart, hostEnd - hostStart);
            if (authority.IndexOf('@') >= 0)
            {
                return "url carries user info";
            }

            string host = HostOf(authority);
            if (host.Length == 0)
            {
                return "url has no host";
            }

            if (http && !IsLoopback(host))
            {
                return "url scheme 'http' is allowed only to a loopback host, not '" + Clip(host) + "'";
            }

            return null;
        }

        /// <summary>
        /// Returns <paramref name="id"/> when it is safe to echo back to the cloud in a report (1 to
        /// <see cref="MaxCorrelationIdLength"/> printable ASCII characters without quotes or backslashes), else null.
        /// </summary>
        /// <returns>The id or null.</returns>
        public static string SafeCorrelationId(string id)
        {
            if (id == null || id.Length == 0 || id.Length > MaxCorrelationIdLength)
            {
                return null;
            }

            for (int i = 0; i < id.Length; i++)
            {
                char c = id[i];
                if (c < ' ' || c > '~' || c == '"' || c == '\\')
                {
                    return null;
                }
            }

            return id;
        }

        /// <summary>
        /// Validates the fields of an update command and builds the job, or the rejection naming the first bad field.
        /// At least one digest must be present; <paramref name="md5Required"/> demands the MD5.
        /// </summary>
        /// <param name="version">Target firmware version.</param>
        /// <param name="sizeText">Image size as text (JSON number literal or string).</param>
        /// <param name="md5Hex">MD5 as 32 hex digits, or null.</param>
        /// <param name="sha256Hex">SHA-256 as 64 hex digits, or null.</param>
        /// <param name="url">Download URL.</param>
        /// <param name="correlationId">The cloud's id for the command (already passed through <see cref="SafeCorrelationId"/>), or null.</param>
        /// <param name="md5Required">True when the cloud's protocol always carries an MD5 (Tencent).</param>
        /// <param name="options">Limits; not null.</param>
        /// <returns><see cref="CloudCommand.Update"/> with the job, or <see cref="CommandKind.Rejected"/> with the reason and <paramref name="correlationId"/>.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
        public static CloudCommand BuildJob(string version, string sizeText, string md5Hex, string sha256Hex, string url, string correlationId, bool md5Required, DialectOptions options)
        {
            if (options == null)
            {
                throw new ArgumentNullException("options");
            }

            string reason = CheckVersion(version);
            if (reason != null)
            {
                return CloudCommand.Rejected(reason, correlationId);
            }

            int size;
            if (!TryParseSize(sizeText, options.MaxImageSize, out size, out reason))
            {
                return CloudCommand.Rejected(reason, correlationId);
            }

            byte[] md5 = null;
            if (md5Hex != null || md5Required)
            {
                if (!Hex.TryParse(md5Hex, 16, out md5, out reason))
                {
                    return CloudCommand.Rejected(md5Hex == null ? "missing md5" : "md5 " + reason, correlationId);
                }
            }

            byte[] sha256 = null;
            if (sha256Hex != null)
            {
                if (!Hex.TryParse(sha256Hex, 32, out sha256, out reason))
                {
                    return CloudCommand.Rejected("sha256 " + reason, correlationId);
                }
            }

            if (md5 == null && sha256 == null)
            {
                return CloudCommand.Rejected("missing digest (neither md5 nor sha256)", correlationId);
            }

            reason = CheckUrl(url, options.AllowHttpOnLoopback);
            if (reason != null)
            {
                return CloudCommand.Rejected(reason, correlationId);
            }

            return CloudCommand.Update(new UpdateJob(version, size, md5, sha256, url, correlationId));
        }

        /// <summary>Shortens text quoted back in a reason to 40 characters.</summary>
        /// <returns>The text, cut with "..." when longer.</returns>
        public static string Clip(string text)
        {
            if (text == null)
            {
                return "null";
            }

            return text.Length <= 40 ? text : text.Substring(0, 40) + "...";
        }

        private static string HostOf(string authority)
        {
            if (authority.Length > 0 && authority[0] == '[')
            {
                int close = authority.IndexOf(']');
                return close < 0 ? string.Empty : authority.Substring(0, close + 1);
            }

            int colon = authority.IndexOf(':');
            return colon < 0 ? authority : authority.Substring(0, colon);
        }

        private static bool IsLoopback(string host)
        {
            string lower = host.ToLower();
            if (lower == "localhost" || lower == "[::1]")
            {
                return true;
            }

            if (lower.IndexOf("127.") != 0)
            {
                return false;
            }

            string[] parts = lower.Split(new char[] { '.' });
            if (parts.Length != 4)
            {
                return false;
            }

            for (int i = 0; i < 4; i++)
            {
                int value;
                if (parts[i].Length == 0 || parts[i].Length > 3 || !int.TryParse(parts[i], out value) || value > 255)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Index of the first byte that breaks strict UTF-8, or -1 when the text is valid.</summary>
        private static int FindInvalidUtf8(byte[] data, int length)
        {
            int i = 0;
            while (i < length)
            {
                int b = data[i];
                if (b == 0)
                {
                    return i;
                }

                if (b < 0x80)
                {
                    i++;
                    continue;
                }

                int need;
                int min;
                int cp;
                if (b >= 0xC2 && b <= 0xDF)
                {
                    need = 1;
                    min = 0x80;
                    cp = b & 0x1F;
                }
                else if (b >= 0xE0 && b <= 0xEF)
                {
                    need = 2;
                    min = 0x800;
                    cp = b & 0x0F;
                }
                else if (b >= 0xF0 && b <= 0xF4)
                {
                    need = 3;
                    min = 0x10000;
                    cp = b & 0x07;
                }
                else
                {
                    return i;
                }

                if (i + need >= length)
                {
                    return i;
                }

                for (int k = 1; k <= need; k++)
                {
                    int c = data[i + k];
                    if ((c & 0xC0) != 0x80)
                    {
                        return i;
                    }

                    cp = (cp << 6) | (c & 0x3F);
                }

                if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                {
                    return i;
                }

                i += need + 1;
            }

            return -1;
        }
    }
}
