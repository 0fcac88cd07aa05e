// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Firmware;

/// <summary>Parses one Range header against a resource length. Multiple ranges are answered with the whole body (allowed by RFC 9110), not multipart.</summary>
public static class ByteRangeRequest
{
    /// <summary>Evaluates <paramref name="header"/> for a resource of <paramref name="length"/> bytes.</summary>
    /// <param name="header">The Range header value, or null.</param>
    /// <param name="length">Resource length.</param>
    /// <param name="first">First byte to send (Partial).</param>
    /// <param name="last">Last byte to send, inclusive (Partial; clamped to length - 1).</param>
    /// <returns><see cref="ByteRangeKind.Whole"/>, <see cref="ByteRangeKind.Partial"/> or <see cref="ByteRangeKind.Unsatisfiable"/>.</returns>
    public static ByteRangeKind Evaluate(string? header, long length, out long first, out long last)
    {
        first = 0;
        last = length - 1;
        if (string.IsNullOrWhiteSpace(header))
        {
            return ByteRangeKind.Whole;
        }

        string value = header.Trim();
        int equals = value.IndexOf('=');
        if (equals < 0 || !value[..equals].Trim().Equals("bytes", StringComparison.OrdinalIgnoreCase))
        {
            return ByteRangeKind.Whole;
        }

        string spec = value[(equals + 1)..].Trim();
        if (spec.Contains(','))
        {
            return ByteRangeKind.Whole;
        }

        int dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return ByteRangeKind.Whole;
        }

        string start = spec[..dash].Trim();
        string end = spec[(dash + 1)..].Trim();
        if (start.Length == 0)
        {
            // Suffix: the last n bytes.
            if (!TryDigits(end, out long suffix))
            {
                return ByteRangeKind.Whole;
            }

            if (suffix == 0 || length == 0)
            {
                return ByteRangeKind.Unsatisfiable;
            }

            first = Math.Max(0, length - suffix);
            last = length - 1;
            return ByteRangeKind.Partial;
        }

        if (!TryDigits(start, out long a))
        {
            return ByteRangeKind.Whole;
        }

        long b = long.MaxValue;
        if (end.Length > 0 && !TryDigits(end, out b))
        {
            return ByteRangeKind.Whole;
        }

        if (b < a)
        {
            return ByteRangeKind.Whole;
        }

        if (a >= length)
        {
            return ByteRangeKind.Unsatisfiable;
        }

        first = a;
        last = Math.Min(b, length - 1);
        return ByteRangeKind.Partial;
    }

    private static bool TryDigits(string text, out long value)
    {
        value = 0;
        if (text.Length == 0 || text.Length > 18)
        {
            return false;
        }

        foreach (char c in text)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }
}
