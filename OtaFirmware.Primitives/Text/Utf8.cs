// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Text
{
    /// <summary>Strict UTF-8 checks for text that arrives from outside (MQTT payloads, files).</summary>
    /// <remarks>
    /// Why strict and why NUL is refused: nanoCLR keeps strings as NUL-terminated UTF-8, so a NUL would silently cut a
    /// value on the device while the host keeps it, and an overlong form or an encoded surrogate would decode
    /// differently on the two runtimes. Text that passes decodes to the same string on both.
    /// </remarks>
    public static class Utf8
    {
        /// <summary>
        /// Finds the first byte of <paramref name="data"/>[<paramref name="offset"/>..+<paramref name="count"/>] that
        /// breaks strict UTF-8: a NUL, a stray continuation byte, a truncated sequence, an overlong form, a UTF-16
        /// surrogate (U+D800..U+DFFF) or a code point above U+10FFFF.
        /// </summary>
        /// <param name="data">The bytes; null is treated as empty.</param>
        /// <param name="offset">First byte to check.</param>
        /// <param name="count">How many bytes to check.</param>
        /// <returns>The index (relative to <paramref name="offset"/>) of the first bad byte, or -1 when the text is valid.
        /// A range outside <paramref name="data"/> answers 0.</returns>
        public static int FindInvalid(byte[] data, int offset, int count)
        {
            if (count <= 0)
            {
                return -1;
            }

            if (data == null || offset < 0 || offset > data.Length - count)
            {
                return 0;
            }

            int i = 0;
            while (i < count)
            {
                int b = data[offset + i];
                if (b == 0)
                {
                    return i;
                }

                if (b < 0x80)
                {
                    i++;
                    continue;
                }

                int need = SequenceLength(b) - 1;
                if (need <= 0 || i + need >= count)
                {
                    return i;
                }

                int min = need == 1 ? 0x80 : (need == 2 ? 0x800 : 0x10000);
                int cp = b & (need == 1 ? 0x1F : (need == 2 ? 0x0F : 0x07));
                for (int k = 1; k <= need; k++)
                {
                    int c = data[offset + i + k];
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

        /// <summary>True when the whole range is strict UTF-8 (see <see cref="FindInvalid"/>).</summary>
        /// <returns>True when valid.</returns>
        public static bool IsValid(byte[] data, int offset, int count)
        {
            return FindInvalid(data, offset, count) < 0;
        }

        /// <summary>Length of the sequence a lead byte starts.</summary>
        /// <returns>1 for ASCII, 2..4 for a valid lead byte (0xC2..0xF4), 0 for a byte that cannot start a character.</returns>
        public static int SequenceLength(int lead)
        {
            if (lead < 0x80)
            {
                return 1;
            }

            if (lead >= 0xC2 && lead <= 0xDF)
            {
                return 2;
            }

            if (lead >= 0xE0 && lead <= 0xEF)
            {
                return 3;
            }

            return lead >= 0xF0 && lead <= 0xF4 ? 4 : 0;
        }

        /// <summary>
        /// Writes code point <paramref name="codePoint"/> as UTF-8 at <paramref name="offset"/>.
        /// </summary>
        /// <returns>The number of bytes written (1..4), or 0 for a surrogate, a negative value or one above U+10FFFF,
        /// or when the buffer is too short.</returns>
        public static int Encode(int codePoint, byte[] buffer, int offset)
        {
            if (buffer == null || offset < 0 || codePoint < 0 || codePoint > 0x10FFFF || (codePoint >= 0xD800 && codePoint <= 0xDFFF))
            {
                return 0;
            }

            int length = codePoint < 0x80 ? 1 : (codePoint < 0x800 ? 2 : (codePoint < 0x10000 ? 3 : 4));
            if (offset > buffer.Length - length)
            {
                return 0;
            }

            switch (length)
            {
                case 1:
                    buffer[offset] = (byte)codePoint;
                    break;
                case 2:
                    buffer[offset] = (byte)(0xC0 | (codePoint >> 6));
                    buffer[offset + 1] = (byte)(0x80 | (codePoint & 0x3F));
                    break;
                case 3:
                    buffer[offset] = (byte)(0xE0 | (codePoint >> 12));
                    buffer[offset + 1] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                    buffer[offset + 2] = (byte)(0x80 | (codePoint & 0x3F));
                    break;
                default:
                    buffer[offset] = (byte)(0xF0 | (codePoint >> 18));
                    buffer[offset + 1] = (byte)(0x80 | ((codePoint >> 12) & 0x3F));
                    buffer[offset + 2] = (byte)(0x80 | ((codePoint >> 6) & 0x3F));
                    buffer[offset + 3] = (byte)(0x80 | (codePoint & 0x3F));
                    break;
            }

            return length;
        }
    }
}
