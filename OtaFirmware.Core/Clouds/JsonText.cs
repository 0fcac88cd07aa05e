// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Text;
using OtaFirmware.Update;

namespace OtaFirmware.Clouds
{
    /// <summary>
    /// Writes the small fixed JSON messages the dialects send. Outgoing messages are written by hand, not through
    /// the codec, so that their bytes are the same on the device (nanoFramework.Json orders keys by hash and has no
    /// "omit null" switch) and on the host, and match the cloud SDKs key for key.
    /// </summary>
    public static class JsonText
    {
        /// <summary>Longest free text (result message, description) put into a report; longer text is cut.</summary>
        public const int MaxMessageLength = 128;

        /// <summary>Appends <paramref name="value"/> as a JSON string literal (quotes, escapes; null as empty).</summary>
        /// <exception cref="ArgumentNullException"><paramref name="builder"/> is null.</exception>
        public static void AppendString(StringBuilder builder, string value)
        {
            if (builder == null)
            {
                throw new ArgumentNullException("builder");
            }

            builder.Append('"');
            if (value != null)
            {
                for (int i = 0; i < value.Length; i++)
                {
                    char c = value[i];
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
                            if (c < ' ' || (c >= 0xD800 && c <= 0xDFFF))
                            {
                                // Control characters and lone surrogate halves (left by a cut) become \uXXXX.
                                builder.Append("\\u");
                                builder.Append(HexDigit(c >> 12));
                                builder.Append(HexDigit(c >> 8));
                                builder.Append(HexDigit(c >> 4));
                                builder.Append(HexDigit(c));
                            }
                            else
                            {
                                builder.Append(c);
                            }

                            break;
                    }
                }
            }

            builder.Append('"');
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

        /// <summary>The failure text of a report: the result's detail, or <paramref name="fallback"/> when the result is
        /// null or has no detail, cut like <see cref="LimitMessage(string)"/>.</summary>
        /// <returns>The text, at most <see cref="MaxMessageLength"/> characters.</returns>
        public static string FailureMessage(UpdateResult result, string fallback)
        {
            return LimitMessage(result != null && result.Detail != null && result.Detail.Length > 0 ? result.Detail : fallback);
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

        private static char HexDigit(int value)
        {
            return "0123456789abcdef"[value & 15];
        }
    }
}
