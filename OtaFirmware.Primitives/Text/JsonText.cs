// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;

namespace OtaFirmware.Text
{
    /// <summary>
    /// Writes the small fixed JSON messages the dialects and the gateway send, with one escaping rule. Messages are
    /// written by hand so that their bytes are the same on the device and on the host and match the cloud SDKs key
    /// for key.
    /// </summary>
    public static class JsonText
    {
        /// <summary>Longest free text (result message, description) put into a report; longer text is cut.</summary>
        public const int MaxMessageLength = 128;

        /// <summary>
        /// Appends <paramref name="value"/> as a JSON string literal: quotes, the one escaping rule of the project
        /// (<c>"</c>, <c>\\</c>, <c>\n</c>, <c>\r</c>, <c>\t</c> as short escapes, every other control character as
        /// <c>\u00XX</c>, everything else as is); null is written as the empty string.
        /// </summary>
        /// <remarks>
        /// Why it looks at UTF-8 bytes and not at <c>value[i]</c>: on nanoCLR strings are UTF-8 inside and the indexer
        /// is wrong for characters outside the Basic Multilingual Plane, so the characters are never taken apart; only
        /// ASCII bytes are escaped and every other character reaches the payload through <see cref="Encoding.UTF8"/>,
        /// which is right on both runtimes. Pure ASCII text (every report the agent writes) allocates nothing extra.
        /// </remarks>
        /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
        public static void AppendString(StringBuilder builder, string value)
        {
            if (builder == null)
            {
                throw new ArgumentNullException("builder");
            }

            builder.Append('"');
            if (value != null && value.Length > 0)
            {
                if (IsPlainAscii(value))
                {
                    builder.Append(value);
                }
                else
                {
                    AppendEscaped(builder, value);
                }
            }

            builder.Append('"');
        }

        /// <summary>True when <paramref name="c"/> (an ASCII code) must be escaped inside a JSON string.</summary>
        /// <returns>True for control characters, the quote and the backslash.</returns>
        public static bool NeedsEscape(int c)
        {
            return c < 0x20 || c == '"' || c == '\\';
        }

        /// <summary>Appends <c>"name":"value"</c>.</summary>
        /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
        public static void AppendMember(StringBuilder builder, string name, string value)
        {
            AppendString(builder, name);
            builder.Append(':');
            AppendString(builder, value);
        }

        /// <summary>Cuts free text to <see cref="MaxMessageLength"/> characters for a report.</summary>
        /// <returns>The text (empty for null), at most <see cref="MaxMessageLength"/> characters.</returns>
        public static string LimitMessage(string text)
        {
            if (text == null)
            {
                return string.Empty;
            }

            return text.Length <= MaxMessageLength ? text : text.Substring(0, MaxMessageLength);
        }

        /// <summary>Joins <paramref name="text"/> and <paramref name="detail"/> as <c>text: detail</c> (just the text
        /// when the detail is null or empty) and cuts it like <see cref="LimitMessage(string)"/>.</summary>
        /// <returns>The joined text, at most <see cref="MaxMessageLength"/> characters.</returns>
        public static string LimitMessage(string text, string detail)
        {
            return LimitMessage(detail == null || detail.Length == 0 ? text : text + ": " + detail);
        }

        /// <summary>Encodes a finished message as UTF-8.</summary>
        /// <returns>The payload bytes.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
        public static byte[] ToUtf8(StringBuilder builder)
        {
            if (builder == null)
            {
                throw new ArgumentNullException("builder");
            }

            return Encoding.UTF8.GetBytes(builder.ToString());
        }

        private static bool IsPlainAscii(string value)
        {
            for (int i = 0; i < value.Length; i++)
            {
                int c = value[i];
                if (c >= 0x80 || NeedsEscape(c))
                {
                    return false;
                }
            }

            return true;
        }

        private static void AppendEscaped(StringBuilder builder, string value)
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(value);
            int run = 0;
            for (int i = 0; i < utf8.Length; i++)
            {
                int b = utf8[i];
                if (b >= 0x80 || !NeedsEscape(b))
                {
                    continue;
                }

                // Escapes sit on ASCII bytes, so every run between them is whole UTF-8 characters.
                if (i > run)
                {
                    builder.Append(Encoding.UTF8.GetString(utf8, run, i - run));
                }

                AppendEscape(builder, b);
                run = i + 1;
            }

            if (run < utf8.Length)
            {
                builder.Append(Encoding.UTF8.GetString(utf8, run, utf8.Length - run));
            }
        }

        private static void AppendEscape(StringBuilder builder, int c)
        {
            switch (c)
            {
                case '"':
                    builder.Append("\\\"");
                    break;
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    builder.Append("\\u00");
                    builder.Append(Hex.LowerDigit(c >> 4));
                    builder.Append(Hex.LowerDigit(c));
                    break;
            }
        }
    }
}
