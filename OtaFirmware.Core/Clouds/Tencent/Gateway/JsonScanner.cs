// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;

namespace OtaFirmware.Clouds.Tencent.Gateway
{
    /// <summary>
    /// A small, bounded JSON pull reader for the gateway's fixed messages (no reflection, no object tree). Every method
    /// returns false on bad input instead of throwing; the caller gives up on the message.
    /// </summary>
    internal sealed class JsonScanner
    {
        private const int MaxDepth = 16;
        private readonly string _text;
        private int _position;

        public JsonScanner(string text)
        {
            _text = text == null ? string.Empty : text;
        }

        /// <summary>True when only whitespace is left.</summary>
        public bool AtEnd()
        {
            SkipWhitespace();
            return _position >= _text.Length;
        }

        /// <summary>Consumes <paramref name="c"/> (after whitespace) when it is next.</summary>
        public bool TryConsume(char c)
        {
            SkipWhitespace();
            if (_position < _text.Length && _text[_position] == c)
            {
                _position++;
                return true;
            }

            return false;
        }

        /// <summary>The next non-whitespace character, or '\0' at the end.</summary>
        public char Peek()
        {
            SkipWhitespace();
            return _position < _text.Length ? _text[_position] : '\0';
        }

        /// <summary>Reads "key": and leaves the value next.</summary>
        public bool ReadKey(out string key)
        {
            return ReadString(out key) && TryConsume(':');
        }

        /// <summary>Reads a string value with its escapes.</summary>
        public bool ReadString(out string value)
        {
            value = null;
            if (!TryConsume('"'))
            {
                return false;
            }

            StringBuilder builder = new StringBuilder();
            while (_position < _text.Length)
            {
                char c = _text[_position++];
                if (c == '"')
                {
                    value = builder.ToString();
                    return true;
                }

                if (c < ' ')
                {
                    return false;
                }

                if (c != '\\')
                {
                    builder.Append(c);
                    continue;
                }

                if (_position >= _text.Length)
                {
                    return false;
                }

                char escape = _text[_position++];
                switch (escape)
                {
                    case '"':
                    case '\\':
                    case '/':
                        builder.Append(escape);
                        break;
                    case 'b':
                        builder.Append('\b');
                        break;
                    case 'f':
                        builder.Append('\f');
                        break;
                    case 'n':
                        builder.Append('\n');
                        break;
                    case 'r':
                        builder.Append('\r');
                        break;
                    case 't':
                        builder.Append('\t');
                        break;
                    case 'u':
                        int code = 0;
                        for (int i = 0; i < 4; i++)
                        {
                            int digit = _position < _text.Length ? HexValue(_text[_position++]) : -1;
                            if (digit < 0)
                            {
                                return false;
                            }

                            code = (code << 4) | digit;
                        }

                        builder.Append((char)code);
                        break;
                    default:
                        return false;
                }
            }

            return false;
        }

        /// <summary>Reads an integer; a quoted integer ("0", as the Tencent SDK sends result codes) is accepted too.</summary>
        public bool ReadInteger(out long value)
        {
            value = 0;
            SkipWhitespace();
            bool quoted = TryConsume('"');
            bool negative = _position < _text.Length && _text[_position] == '-';
            if (negative)
            {
                _position++;
            }

            int start = _position;
            while (_position < _text.Length && _text[_position] >= '0' && _text[_position] <= '9' && _position - start < 18)
            {
                value = value * 10 + (_text[_position] - '0');
                _position++;
            }

            if (_position == start || (_position < _text.Length && _text[_position] >= '0' && _text[_position] <= '9'))
            {
                return false;
            }

            if (negative)
            {
                value = -value;
            }

            return !quoted || TryConsume('"');
        }

        /// <summary>Skips any value (object, array, string, number, literal).</summary>
        public bool SkipValue()
        {
            return Skip(0);
        }

        private bool Skip(int depth)
        {
            if (depth >= MaxDepth)
            {
                return false;
            }

            char c = Peek();
            if (c == '"')
            {
                string ignored;
                return ReadString(out ignored);
            }

            if (c == '{' || c == '[')
            {
                char close = c == '{' ? '}' : ']';
                _position++;
                if (TryConsume(close))
                {
                    return true;
                }

                do
                {
                    if (c == '{')
                    {
                        string key;
                        if (!ReadKey(out key))
                        {
                            return false;
                        }
                    }

                    if (!Skip(depth + 1))
                    {
                        return false;
                    }
                }
                while (TryConsume(','));
                return TryConsume(close);
            }

            int start = _position;
            while (_position < _text.Length)
            {
                char d = _text[_position];
                bool scalar = (d >= '0' && d <= '9') || (d >= 'a' && d <= 'z') || d == '-' || d == '+' || d == '.' || d == 'E';
                if (!scalar)
                {
                    break;
                }

                _position++;
            }

            return _position > start;
        }

        private void SkipWhitespace()
        {
            while (_position < _text.Length)
            {
                char c = _text[_position];
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                {
                    return;
                }

                _position++;
            }
        }

        private static int HexValue(char c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
        }
    }
}
