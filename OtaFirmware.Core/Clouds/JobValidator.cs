// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using OtaFirmware.Agent;
using OtaFirmware.Text;
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
        /// Checks an MQTT payload before it is parsed: 1 to <see cref="DialectOptions.MaxPayloadBytes"/> bytes of strict
        /// UTF-8 (<see cref="Utf8.FindInvalid"/>: no overlong forms, no surrogates, nothing above U+10FFFF, no NUL).
        /// </summary>
        /// <param name="payload">The bytes as received (may be null).</param>
        /// <param name="length">How many bytes of <paramref name="payload"/> are the message.</param>
        /// <returns>Null when acceptable, otherwise the reason.</returns>
        public static string CheckPayload(byte[] payload, int length)
        {
            if (payload == null || length <= 0)
            {
                return "empty payload";
            }

            if (length > payload.Length)
            {
                return "payload length " + length.ToString() + " exceeds the buffer of " + payload.Length.ToString() + " bytes";
            }

            if (length > DialectOptions.MaxPayloadBytes)
            {
                return "payload of " + length.ToString() + " bytes exceeds the " + DialectOptions.MaxPayloadBytes.ToString() + "-byte limit";
            }

            int bad = Utf8.FindInvalid(payload, 0, length);
            return bad >= 0 ? "payload is not valid UTF-8 (byte " + bad.ToString() + ")" : null;
        }

        /// <summary>
        /// Checks <paramref name="payload"/> (<see cref="CheckPayload"/>) and opens its top-level JSON object with the
        /// portable pull reader; the caller then reads the members with <see cref="JsonReader.NextMember"/>.
        /// </summary>
        /// <param name="payload">The bytes as received.</param>
        /// <param name="length">Message length in bytes.</param>
        /// <param name="reader">The reader, standing inside the object, or null.</param>
        /// <returns>Null when the object is open, otherwise a <see cref="CommandKind.Rejected"/> command saying why.</returns>
        public static CloudCommand OpenJson(byte[] payload, int length, out JsonReader reader)
        {
            reader = null;
            string reason = CheckPayload(payload, length);
            if (reason != null)
            {
                return CloudCommand.Rejected(reason, null);
            }

            JsonReader json = new JsonReader(payload, 0, length, JsonReader.DefaultMaxDepth, DialectOptions.MaxPayloadBytes);
            if (json.Peek() == JsonToken.Null)
            {
                return CloudCommand.Rejected("invalid JSON: JSON is null, not an object", null);
            }

            if (!json.ReadStartObject())
            {
                return InvalidJson(json);
            }

            reader = json;
            return null;
        }

        /// <summary>The rejection for a message the reader refused: "invalid JSON: " and the reader's error.</summary>
        /// <returns>A <see cref="CommandKind.Rejected"/> command without correlation id.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="reader"/> is null.</exception>
        public static CloudCommand InvalidJson(JsonReader reader)
        {
            if (reader == null)
            {
                throw new ArgumentNullException("reader");
            }

            return CloudCommand.Rejected("invalid JSON: " + (reader.Error == null ? "unexpected value" : reader.Error), null);
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
    }
}
