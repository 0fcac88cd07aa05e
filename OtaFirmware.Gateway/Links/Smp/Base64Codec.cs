// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Gateway.Links.Smp
{
    /// <summary>Allocation-free standard base64 (RFC 4648, with padding) over byte arrays; strict on decode.</summary>
    internal static class Base64Codec
    {
        private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

        /// <summary>Encodes <paramref name="count"/> bytes; returns the number of characters written (4 per started triple).</summary>
        public static int Encode(byte[] source, int offset, int count, byte[] destination, int destinationOffset)
        {
            int d = destinationOffset;
            for (int i = offset; i < offset + count; i += 3)
            {
                int n = offset + count - i < 3 ? offset + count - i : 3;
                int triple = source[i] << 16;
                if (n > 1)
                {
                    triple |= source[i + 1] << 8;
                }

                if (n > 2)
                {
                    triple |= source[i + 2];
                }

                d += EncodeGroup(triple, n, destination, d);
            }

            return d - destinationOffset;
        }

        /// <summary>Writes the 4 characters of one group of <paramref name="n"/> (1..3) bytes packed big-endian in <paramref name="triple"/>.</summary>
        /// <returns>4.</returns>
        public static int EncodeGroup(int triple, int n, byte[] destination, int offset)
        {
            destination[offset] = (byte)Alphabet[(triple >> 18) & 0x3F];
            destination[offset + 1] = (byte)Alphabet[(triple >> 12) & 0x3F];
            destination[offset + 2] = n > 1 ? (byte)Alphabet[(triple >> 6) & 0x3F] : (byte)'=';
            destination[offset + 3] = n > 2 ? (byte)Alphabet[triple & 0x3F] : (byte)'=';
            return 4;
        }

        /// <summary>Decodes <paramref name="count"/> characters (a multiple of 4, padding only at the end).</summary>
        /// <returns>The number of bytes written, or -1 when the text is not valid base64 or does not fit.</returns>
        public static int Decode(byte[] source, int offset, int count, byte[] destination, int destinationOffset)
        {
            if (count % 4 != 0)
            {
                return -1;
            }

            int d = destinationOffset;
            for (int i = offset; i < offset + count; i += 4)
            {
                bool last = i + 4 == offset + count;
                int a = Value(source[i]);
                int b = Value(source[i + 1]);
                int c = source[i + 2] == '=' && last && source[i + 3] == '=' ? -2 : Value(source[i + 2]);
                int e = source[i + 3] == '=' && last ? -2 : Value(source[i + 3]);
                if (a < 0 || b < 0 || c == -1 || e == -1)
                {
                    return -1;
                }

                int produced = c == -2 ? 1 : (e == -2 ? 2 : 3);
                if (d + produced > destination.Length)
                {
                    return -1;
                }

                int triple = (a << 18) | (b << 12) | ((c < 0 ? 0 : c) << 6) | (e < 0 ? 0 : e);
                destination[d++] = (byte)(triple >> 16);
                if (produced > 1)
                {
                    destination[d++] = (byte)(triple >> 8);
                }

                if (produced > 2)
                {
                    destination[d++] = (byte)triple;
                }
            }

            return d - destinationOffset;
        }

        private static int Value(byte c)
        {
            if (c >= 'A' && c <= 'Z')
            {
                return c - 'A';
            }

            if (c >= 'a' && c <= 'z')
            {
                return c - 'a' + 26;
            }

            if (c >= '0' && c <= '9')
            {
                return c - '0' + 52;
            }

            if (c == '+')
            {
                return 62;
            }

            return c == '/' ? 63 : -1;
        }
    }
}
