// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Text
{
    /// <summary>
    /// Hexadecimal text to bytes and back (digests in cloud messages, HMAC passwords, <c>\uXXXX</c> escapes): the one
    /// hex helper of the project, the tests included.
    /// </summary>
    public static class Hex
    {
        private const string LowerDigits = "0123456789abcdef";

        /// <summary>
        /// Parses exactly <paramref name="byteCount"/> bytes written as 2 * <paramref name="byteCount"/> hex digits
        /// (either case, nothing else: no prefix, no separators, no whitespace).
        /// </summary>
        /// <param name="text">The hex text, may be null.</param>
        /// <param name="byteCount">How many bytes the text must hold (16 for MD5, 32 for SHA-256).</param>
        /// <param name="bytes">The bytes, or null on failure.</param>
        /// <param name="reason">Why the text was refused ("is 31 characters, expected 32", "has a non-hex character at 4"), or null.</param>
        /// <returns>True when parsed.</returns>
        /// <exception cref="ArgumentOutOfRangeException"><paramref name="byteCount"/> is 0 or negative.</exception>
        public static bool TryParse(string text, int byteCount, out byte[] bytes, out string reason)
        {
            bytes = null;
            if (byteCount <= 0)
            {
                throw new ArgumentOutOfRangeException("byteCount");
            }

            if (text == null || text.Length == 0)
            {
                reason = "is empty";
                return false;
            }

            if (text.Length != byteCount * 2)
            {
                reason = "is " + text.Length.ToString() + " characters, expected " + (byteCount * 2).ToString() + " hex digits";
                return false;
            }

            byte[] result = new byte[byteCount];
            for (int i = 0; i < text.Length; i += 2)
            {
                int high = DigitValue(text[i]);
                int low = DigitValue(text[i + 1]);
                if (high < 0 || low < 0)
                {
                    reason = "has a non-hex character at " + (high < 0 ? i : i + 1).ToString();
                    return false;
                }

                result[i / 2] = (byte)((high << 4) | low);
            }

            bytes = result;
            reason = null;
            return true;
        }

        /// <summary>Writes <paramref name="count"/> bytes from <paramref name="offset"/> as lower-case hex.</summary>
        /// <returns>The hex text, two characters per byte.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        /// <exception cref="ArgumentOutOfRangeException">The range is outside <paramref name="data"/>.</exception>
        public static string ToLower(byte[] data, int offset, int count)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            if (offset < 0 || count < 0 || offset > data.Length - count)
            {
                throw new ArgumentOutOfRangeException("offset");
            }

            char[] chars = new char[count * 2];
            for (int i = 0; i < count; i++)
            {
                byte b = data[offset + i];
                chars[2 * i] = LowerDigits[b >> 4];
                chars[(2 * i) + 1] = LowerDigits[b & 15];
            }

            return new string(chars);
        }

        /// <summary>Writes all of <paramref name="data"/> as lower-case hex.</summary>
        /// <returns>The hex text.</returns>
        /// <exception cref="ArgumentNullException"><paramref name="data"/> is null.</exception>
        public static string ToLower(byte[] data)
        {
            if (data == null)
            {
                throw new ArgumentNullException("data");
            }

            return ToLower(data, 0, data.Length);
        }

        /// <summary>The lower-case hex digit of the low four bits of <paramref name="value"/>.</summary>
        /// <returns>'0'..'9' or 'a'..'f'.</returns>
        public static char LowerDigit(int value)
        {
            return LowerDigits[value & 15];
        }

        /// <summary>The value of one hex digit (either case).</summary>
        /// <returns>0..15, or -1 when <paramref name="c"/> is not a hex digit.</returns>
        public static int DigitValue(int c)
        {
            if (c >= '0' && c <= '9')
            {
                return c - '0';
            }

            if (c >= 'a' && c <= 'f')
            {
                return c - 'a' + 10;
            }

            if (c >= 'A' && c <= 'F')
            {
                return c - 'A' + 10;
            }

            return -1;
        }
    }
}
