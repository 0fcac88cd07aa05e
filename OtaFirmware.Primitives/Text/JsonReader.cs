// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections;
using System.Text;

namespace OtaFirmware.Text
{
    /// <summary>
    /// A bounded pull reader of strict JSON (RFC 8259) over UTF-8 bytes: the one parser of every message and file the
    /// device receives, on the device and on the host alike. The caller walks the document it expects
    /// (<see cref="ReadStartObject"/>, <see cref="NextMember"/>, <see cref="ReadStringOrNumber"/>, <see cref="Skip"/>,
    /// <see cref="ReadEnd"/>); nothing is reflected and no object tree is built.
    /// </summary>
    /// <remarks>
    /// <para>It never throws on input: the first problem puts the reader into the failed state (<see cref="Failed"/>,
    /// <see cref="Error"/> with the byte offset) and every later call returns false. Refused: text larger than the
    /// size limit, invalid UTF-8 or a NUL anywhere (see <see cref="Utf8"/>), nesting deeper than the depth limit, a key
    /// given twice in one object, control characters in strings, lone UTF-16 surrogates in <c>\u</c> escapes,
    /// <c>\u0000</c>, leading zeros, comments, trailing commas, a byte order mark and trailing text.</para>
    /// <para>Why it reads bytes and not a string: nanoCLR keeps strings as UTF-8 and its string indexer is wrong
    /// outside the Basic Multilingual Plane, so a reader that indexes a string would differ between the runtimes.
    /// Values become strings through <see cref="Encoding.UTF8"/> only. An unescaped string costs one allocation (the
    /// value); escapes go through one scratch buffer the reader keeps.</para>
    /// </remarks>
    public sealed class JsonReader
    {
        /// <summary>Deepest nesting accepted by default; the messages are at most four levels deep.</summary>
        public const int DefaultMaxDepth = 16;

        /// <summary>Largest text accepted by default, in bytes.</summary>
        public const int DefaultMaxBytes = 16384;

        private readonly byte[] _data;
        private readonly int _end;
        private readonly int _maxDepth;
        private readonly bool[] _first;
        private readonly ArrayList[] _keys;
        private int _position;
        private int _depth;
        private string _error;
        private byte[] _scratch;

        /// <summary>Reads <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/> with the default limits.</summary>
        public JsonReader(byte[] data, int offset, int count)
            : this(data, offset, count, DefaultMaxDepth, DefaultMaxBytes)
        {
        }

        /// <summary>Reads <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
        /// <param name="data">The UTF-8 text; null fails the reader.</param>
        /// <param name="offset">First byte of the text.</param>
        /// <param name="count">Length of the text in bytes.</param>
        /// <param name="maxDepth">Deepest nesting of objects and arrays accepted (at least 1).</param>
        /// <param name="maxBytes">Largest text accepted.</param>
        public JsonReader(byte[] data, int offset, int count, int maxDepth, int maxBytes)
        {
            _maxDepth = maxDepth < 1 ? 1 : maxDepth;
            _first = new bool[_maxDepth + 1];
            _keys = new ArrayList[_maxDepth + 1];
            _data = data == null ? new byte[0] : data;
            _position = offset;
            _end = offset + count;
            if (data == null || count <= 0)
            {
                Fail("no JSON text");
            }
            else if (offset < 0 || offset > data.Length - count)
            {
                Fail("the text lies outside its buffer");
            }
            else if (count > maxBytes)
            {
                Fail("text of " + count.ToString() + " bytes exceeds the " + maxBytes.ToString() + "-byte limit");
            }
            else
            {
                int bad = Utf8.FindInvalid(data, offset, count);
                if (bad >= 0)
                {
                    _position = offset + bad;
                    Fail("not valid UTF-8 (byte " + bad.ToString() + ")");
                }
            }
        }

        /// <summary>True once the input was refused; every read then returns false.</summary>
        public bool Failed
        {
            get { return _error != null; }
        }

        /// <summary>Why the input was refused ("expected ':' at byte 12"), or null.</summary>
        public string Error
        {
            get { return _error; }
        }

        /// <summary>Current nesting depth (0 outside every object and array).</summary>
        public int Depth
        {
            get { return _depth; }
        }

        /// <summary>What comes next, after whitespace. Consumes nothing.</summary>
        /// <returns>The kind of the next value, <see cref="JsonToken.End"/> at the end, <see cref="JsonToken.Invalid"/>
        /// when failed or when the next byte cannot start a value.</returns>
        public JsonToken Peek()
        {
            if (_error != null)
            {
                return JsonToken.Invalid;
            }

            SkipWhitespace();
            if (_position >= _end)
            {
                return JsonToken.End;
            }

            int c = _data[_position];
            switch (c)
            {
                case '{':
                    return JsonToken.Object;
                case '[':
                    return JsonToken.Array;
                case '"':
                    return JsonToken.String;
                case 't':
                    return JsonToken.True;
                case 'f':
                    return JsonToken.False;
                case 'n':
                    return JsonToken.Null;
                default:
                    return c == '-' || (c >= '0' && c <= '9') ? JsonToken.Number : JsonToken.Invalid;
            }
        }

        /// <summary>Consumes <c>{</c> and enters the object.</summary>
        /// <returns>True when an object starts here; false (failed) otherwise or when it would nest too deep.</returns>
        public bool ReadStartObject()
        {
            return Enter('{', "an object");
        }

        /// <summary>Consumes <c>[</c> and enters the array.</summary>
        /// <returns>True when an array starts here; false (failed) otherwise or when it would nest too deep.</returns>
        public bool ReadStartArray()
        {
            return Enter('[', "an array");
        }

        /// <summary>
        /// Moves to the next member of the object entered last and reads its key and the colon; the value is next.
        /// At the closing <c>}</c> it leaves the object and returns false without failing.
        /// </summary>
        /// <param name="name">The key, or null.</param>
        /// <returns>True when a member follows; false at the end of the object or on a failure (see <see cref="Failed"/>).</returns>
        public bool NextMember(out string name)
        {
            name = null;
            if (!NextItem('}'))
            {
                return false;
            }

            string key;
            if (Peek() != JsonToken.String)
            {
                return Fail("expected a key");
            }

            if (!ReadStringToken(out key))
            {
                return false;
            }

            ArrayList keys = _keys[_depth];
            for (int i = 0; i < keys.Count; i++)
            {
                if ((string)keys[i] == key)
                {
                    return Fail("duplicate key '" + Clip(key) + "'");
                }
            }

            keys.Add(key);
            SkipWhitespace();
            if (_position >= _end || _data[_position] != ':')
            {
                return Fail("expected ':'");
            }

            _position++;
            name = key;
            return true;
        }

        /// <summary>
        /// Moves to the next element of the array entered last; the element is next. At the closing <c>]</c> it leaves
        /// the array and returns false without failing.
        /// </summary>
        /// <returns>True when an element follows; false at the end of the array or on a failure.</returns>
        public bool NextElement()
        {
            return NextItem(']');
        }

        /// <summary>Reads a string value.</summary>
        /// <param name="value">The string, or null.</param>
        /// <returns>True when a string was read; false (failed) for anything else.</returns>
        public bool ReadString(out string value)
        {
            value = null;
            if (Peek() != JsonToken.String)
            {
                return Fail("expected a string, found " + Found());
            }

            return ReadStringToken(out value);
        }

        /// <summary>
        /// Reads a string as itself, a number as its literal text (<c>175436</c> gives "175436") and <c>null</c> as null:
        /// the shape every field of the cloud messages has, whichever way a cloud writes it.
        /// </summary>
        /// <param name="value">The text, or null for <c>null</c> and on failure.</param>
        /// <returns>True when one of the three was read; false (failed) for a boolean, an object or an array.</returns>
        public bool ReadStringOrNumber(out string value)
        {
            value = null;
            JsonToken next = Peek();
            if (next == JsonToken.String)
            {
                return ReadStringToken(out value);
            }

            if (next == JsonToken.Number)
            {
                int start;
                int length;
                if (!ScanNumber(out start, out length))
                {
                    return false;
                }

                value = Encoding.UTF8.GetString(_data, start, length);
                return true;
            }

            if (next == JsonToken.Null)
            {
                return ReadLiteral("null");
            }

            return Fail("expected a string or a number, found " + Found());
        }

        /// <summary>
        /// Reads the object that is next into <paramref name="values"/>: the member named <paramref name="names"/>[i]
        /// goes, through <see cref="ReadStringOrNumber"/>, into <paramref name="values"/>[i]; other members are
        /// skipped. Every slot of <paramref name="values"/> is written (null when the member is absent or null).
        /// </summary>
        /// <remarks>Why every slot is written first: nanoCLR does not see a never-written <c>string[]</c> slot as equal
        /// to null, so the caller's null checks would differ from the host's.</remarks>
        /// <param name="names">The keys wanted (case-sensitive).</param>
        /// <param name="values">One slot per name, at least as long as <paramref name="names"/>.</param>
        /// <returns>True when the object was read; false (failed) otherwise.</returns>
        /// <exception cref="System.ArgumentNullException">An array is null.</exception>
        /// <exception cref="System.ArgumentException"><paramref name="values"/> is shorter than <paramref name="names"/>.</exception>
        public bool ReadFields(string[] names, string[] values)
        {
            if (names == null || values == null)
            {
                throw new System.ArgumentNullException(names == null ? "names" : "values");
            }

            if (values.Length < names.Length)
            {
                throw new System.ArgumentException("one value slot per name is needed", "values");
            }

            for (int i = 0; i < values.Length; i++)
            {
                values[i] = null;
            }

            if (!ReadStartObject())
            {
                return false;
            }

            string name;
            while (NextMember(out name))
            {
                int index = -1;
                for (int i = 0; i < names.Length; i++)
                {
                    if (names[i] == name)
                    {
                        index = i;
                        break;
                    }
                }

                string value = null;
                if (index < 0 ? !Skip() : !ReadStringOrNumber(out value))
                {
                    return false;
                }

                if (index >= 0)
                {
                    values[index] = value;
                }
            }

            return _error == null;
        }

        /// <summary>Reads a whole number (no fraction, no exponent) that fits an <see cref="int"/>.</summary>
        /// <param name="value">The number, or 0.</param>
        /// <returns>True when read; false (failed) for anything else, a fraction or a number out of range.</returns>
        public bool ReadInt32(out int value)
        {
            value = 0;
            if (Peek() != JsonToken.Number)
            {
                return Fail("expected an integer, found " + Found());
            }

            int start;
            int length;
            if (!ScanNumber(out start, out length))
            {
                return false;
            }

            bool negative = _data[start] == '-';
            long result = 0;
            for (int i = negative ? start + 1 : start; i < start + length; i++)
            {
                int c = _data[i];
                if (c < '0' || c > '9')
                {
                    _position = start;
                    return Fail("expected an integer, found a fraction or an exponent");
                }

                result = (result * 10) + (c - '0');
                if (result > 2147483648L)
                {
                    _position = start;
                    return Fail("integer out of range");
                }
            }

            if (negative)
            {
                result = -result;
            }

            if (result > int.MaxValue)
            {
                _position = start;
                return Fail("integer out of range");
            }

            value = (int)result;
            return true;
        }

        /// <summary>Reads <c>true</c> or <c>false</c>.</summary>
        /// <param name="value">The value, or false on failure.</param>
        /// <returns>True when read; false (failed) for anything else.</returns>
        public bool ReadBoolean(out bool value)
        {
            value = false;
            JsonToken next = Peek();
            if (next == JsonToken.True)
            {
                value = true;
                return ReadLiteral("true");
            }

            if (next == JsonToken.False)
            {
                return ReadLiteral("false");
            }

            return Fail("expected true or false, found " + Found());
        }

        /// <summary>Consumes <c>null</c> when it is next.</summary>
        /// <returns>True when a null was consumed; false (without failing) when something else is next.</returns>
        public bool TryReadNull()
        {
            return Peek() == JsonToken.Null && ReadLiteral("null");
        }

        /// <summary>Skips the next value of any kind, with the same checks as reading it.</summary>
        /// <returns>True when skipped; false on a failure.</returns>
        public bool Skip()
        {
            string ignored;
            switch (Peek())
            {
                case JsonToken.Object:
                    if (!ReadStartObject())
                    {
                        return false;
                    }

                    while (NextMember(out ignored))
                    {
                        if (!Skip())
                        {
                            return false;
                        }
                    }

                    return !Failed;
                case JsonToken.Array:
                    if (!ReadStartArray())
                    {
                        return false;
                    }

                    while (NextElement())
                    {
                        if (!Skip())
                        {
                            return false;
                        }
                    }

                    return !Failed;
                case JsonToken.String:
                case JsonToken.Number:
                case JsonToken.Null:
                    return ReadStringOrNumber(out ignored);
                case JsonToken.True:
                    return ReadLiteral("true");
                case JsonToken.False:
                    return ReadLiteral("false");
                default:
                    return Fail("expected a value, found " + Found());
            }
        }

        /// <summary>Checks that only whitespace is left after the value.</summary>
        /// <returns>True at the end; false (failed) when more text follows or the reader failed.</returns>
        public bool ReadEnd()
        {
            JsonToken next = Peek();
            if (next == JsonToken.End)
            {
                return true;
            }

            return Fail("text after the end of the value");
        }

        private bool Enter(char open, string what)
        {
            if (Peek() == JsonToken.Invalid && _error != null)
            {
                return false;
            }

            // Peek skipped the whitespace.
            if (_position >= _end || _data[_position] != open)
            {
                return Fail("expected " + what + ", found " + Found());
            }

            if (_depth >= _maxDepth)
            {
                return Fail("nesting deeper than " + _maxDepth.ToString());
            }

            _position++;
            _depth++;
            _first[_depth] = true;
            if (open == '{')
            {
                if (_keys[_depth] == null)
                {
                    _keys[_depth] = new ArrayList();
                }
                else
                {
                    _keys[_depth].Clear();
                }
            }

            return true;
        }

        private bool NextItem(char close)
        {
            if (_error != null)
            {
                return false;
            }

            if (_depth == 0)
            {
                return Fail("not inside an object or an array");
            }

            SkipWhitespace();
            if (_position >= _end)
            {
                return Fail("unexpected end of the text");
            }

            int c = _data[_position];
            bool first = _first[_depth];
            _first[_depth] = false;
            if (c == close)
            {
                _position++;
                _depth--;
                return false;
            }

            if (!first)
            {
                if (c != ',')
                {
                    return Fail("expected ',' or '" + close + "'");
                }

                _position++;
                SkipWhitespace();
                if (_position < _end && (_data[_position] == '}' || _data[_position] == ']'))
                {
                    return Fail("trailing comma");
                }
            }

            return true;
        }

        private bool ReadLiteral(string literal)
        {
            SkipWhitespace();
            if (_position > _end - literal.Length)
            {
                return Fail("unexpected end of the text");
            }

            for (int i = 0; i < literal.Length; i++)
            {
                if (_data[_position + i] != literal[i])
                {
                    return Fail("invalid literal");
                }
            }

            _position += literal.Length;
            if (_position < _end && IsWordByte(_data[_position]))
            {
                return Fail("invalid literal");
            }

            return true;
        }

        private bool ScanNumber(out int start, out int length)
        {
            SkipWhitespace();
            start = _position;
            length = 0;
            int p = _position;
            if (p < _end && _data[p] == '-')
            {
                p++;
            }

            if (p >= _end || !IsDigit(_data[p]))
            {
                return Fail("invalid number");
            }

            if (_data[p] == '0')
            {
                p++;
                if (p < _end && IsDigit(_data[p]))
                {
                    return Fail("number with a leading zero");
                }
            }
            else
            {
                while (p < _end && IsDigit(_data[p]))
                {
                    p++;
                }
            }

            if (p < _end && _data[p] == '.')
            {
                p++;
                if (p >= _end || !IsDigit(_data[p]))
                {
                    return Fail("invalid number");
                }

                while (p < _end && IsDigit(_data[p]))
                {
                    p++;
                }
            }

            if (p < _end && (_data[p] == 'e' || _data[p] == 'E'))
            {
                p++;
                if (p < _end && (_data[p] == '+' || _data[p] == '-'))
                {
                    p++;
                }

                if (p >= _end || !IsDigit(_data[p]))
                {
                    return Fail("invalid number");
                }

                while (p < _end && IsDigit(_data[p]))
                {
                    p++;
                }
            }

            if (p < _end && (IsWordByte(_data[p]) || _data[p] == '.'))
            {
                return Fail("invalid number");
            }

            length = p - start;
            _position = p;
            return true;
        }

        private bool ReadStringToken(out string value)
        {
            value = null;
            int start = _position + 1;
            int p = start;
            while (p < _end)
            {
                int c = _data[p];
                if (c == '"')
                {
                    value = Encoding.UTF8.GetString(_data, start, p - start);
                    _position = p + 1;
                    return true;
                }

                if (c == '\\')
                {
                    return ReadEscapedString(start, out value);
                }

                if (c < 0x20)
                {
                    _position = p;
                    return Fail("control character in a string");
                }

                p++;
            }

            return Fail("unterminated string");
        }

        private bool ReadEscapedString(int start, out string value)
        {
            value = null;
            if (_scratch == null || _scratch.Length < _end - start)
            {
                _scratch = new byte[_end - start];
            }

            int length = 0;
            int p = start;
            while (p < _end)
            {
                int c = _data[p];
                if (c == '"')
                {
                    value = length == 0 ? string.Empty : Encoding.UTF8.GetString(_scratch, 0, length);
                    _position = p + 1;
                    return true;
                }

                if (c < 0x20)
                {
                    _position = p;
                    return Fail("control character in a string");
                }

                if (c != '\\')
                {
                    _scratch[length++] = (byte)c;
                    p++;
                    continue;
                }

                _position = p;
                if (p + 1 >= _end)
                {
                    return Fail("unterminated string");
                }

                int escape = _data[p + 1];
                p += 2;
                int decoded = ShortEscape(escape);
                if (decoded >= 0)
                {
                    _scratch[length++] = (byte)decoded;
                    continue;
                }

                if (escape != 'u')
                {
                    return Fail("invalid escape");
                }

                int code = HexQuad(p);
                if (code < 0)
                {
                    return Fail("invalid \\u escape");
                }

                p += 4;
                if (code >= 0xDC00 && code <= 0xDFFF)
                {
                    return Fail("lone low surrogate in a \\u escape");
                }

                if (code >= 0xD800 && code <= 0xDBFF)
                {
                    int low = p + 1 < _end && _data[p] == '\\' && _data[p + 1] == 'u' ? HexQuad(p + 2) : -1;
                    if (low < 0xDC00 || low > 0xDFFF)
                    {
                        return Fail("lone high surrogate in a \\u escape");
                    }

                    code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    p += 6;
                }

                if (code == 0)
                {
                    return Fail("\\u0000 in a string");
                }

                // An escape is 6 or 12 bytes and encodes to at most 4, so the scratch buffer never overflows.
                length += Utf8.Encode(code, _scratch, length);
            }

            return Fail("unterminated string");
        }

        private int HexQuad(int p)
        {
            if (p > _end - 4)
            {
                return -1;
            }

            int code = 0;
            for (int i = 0; i < 4; i++)
            {
                int digit = Hex.DigitValue(_data[p + i]);
                if (digit < 0)
                {
                    return -1;
                }

                code = (code << 4) | digit;
            }

            return code;
        }

        private static int ShortEscape(int escape)
        {
            switch (escape)
            {
                case '"':
                    return '"';
                case '\\':
                    return '\\';
                case '/':
                    return '/';
                case 'b':
                    return 8;
                case 'f':
                    return 12;
                case 'n':
                    return 10;
                case 'r':
                    return 13;
                case 't':
                    return 9;
                default:
                    return -1;
            }
        }

        private string Found()
        {
            switch (Peek())
            {
                case JsonToken.End:
                    return "the end of the text";
                case JsonToken.Object:
                    return "an object";
                case JsonToken.Array:
                    return "an array";
                case JsonToken.String:
                    return "a string";
                case JsonToken.Number:
                    return "a number";
                case JsonToken.True:
                case JsonToken.False:
                    return "a boolean";
                case JsonToken.Null:
                    return "null";
                default:
                    return "an invalid character";
            }
        }

        private bool Fail(string reason)
        {
            if (_error == null)
            {
                _error = reason + " at byte " + (_position < 0 ? 0 : _position).ToString();
            }

            return false;
        }

        private void SkipWhitespace()
        {
            while (_position < _end)
            {
                int c = _data[_position];
                if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                {
                    return;
                }

                _position++;
            }
        }

        private static bool IsDigit(int c)
        {
            return c >= '0' && c <= '9';
        }

        private static bool IsWordByte(int c)
        {
            return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
        }

        private static string Clip(string text)
        {
            return text.Length <= 40 ? text : text.Substring(0, 40) + "...";
        }
    }
}
