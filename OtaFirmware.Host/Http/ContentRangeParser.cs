// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Host.Http;

/// <summary>Reads a Content-Range header value ("bytes first-last/total", "bytes */total", "bytes first-last/*").</summary>
internal static class ContentRangeParser
{
    /// <summary>Parses <paramref name="value"/>; fields that are absent, "*" or do not fit an int come back as -1.</summary>
    /// <returns>True when the value had the "bytes" unit and a well-formed range or "*".</returns>
    public static bool TryParse(string? value, out int first, out int last, out int total)
    {
        first = -1;
        last = -1;
        total = -1;
        if (value == null)
        {
            return false;
        }

        ReadOnlySpan<char> text = value.AsSpan().Trim();
        if (!text.StartsWith("bytes ", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        text = text[6..].Trim();
        int slash = text.IndexOf('/');
        if (slash < 0)
        {
            return false;
        }

        ReadOnlySpan<char> range = text[..slash].Trim();
        ReadOnlySpan<char> length = text[(slash + 1)..].Trim();
        int parsedFirst = -1, parsedLast = -1, parsedTotal = -1;
        if (!(length.Length == 1 && length[0] == '*') && !TryNumber(length, out parsedTotal))
        {
            return false;
        }

        if (!(range.Length == 1 && range[0] == '*'))
        {
            int dash = range.IndexOf('-');
            if (dash <= 0 || !TryNumber(range[..dash], out parsedFirst) || !TryNumber(range[(dash + 1)..], out parsedLast) || parsedLast < parsedFirst)
            {
                return false;
            }
        }

        first = parsedFirst;
        last = parsedLast;
        total = parsedTotal;
        return true;
    }

    private static bool TryNumber(ReadOnlySpan<char> digits, out int value)
    {
        value = -1;
        if (digits.Length == 0)
        {
            return false;
        }

        long result = 0;
        foreach (char c in digits)
        {
            if (c < '0' || c > '9')
            {
                return false;
            }

            result = (result * 10) + (c - '0');
            if (result > int.MaxValue)
            {
                return false;
            }
        }

        value = (int)result;
        return true;
    }
}
