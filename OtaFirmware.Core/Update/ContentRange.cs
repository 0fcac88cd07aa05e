// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>
    /// Parses an HTTP <c>Content-Range</c> response header (RFC 9110 §14.4): <c>bytes first-last/total</c>,
    /// <c>bytes first-last/*</c> (total unknown) or <c>bytes */total</c> (the form a 416 carries). Sources call it so
    /// every platform reads the header the same way; the pipeline judges the values.
    /// </summary>
    public static class ContentRange
    {
        /// <summary>Parses <paramref name="value"/>.</summary>
        /// <param name="value">The header value, or null when the header was absent.</param>
        /// <param name="first">First byte position, -1 for the <c>*/total</c> form or on failure.</param>
        /// <param name="last">Last byte position (inclusive), -1 for the <c>*/total</c> form or on failure.</param>
        /// <param name="total">Complete length, -1 when the server sent <c>*</c> or on failure.</param>
        /// <returns>True when the value is well formed: unit "bytes" (any case), first &lt;= last, last &lt; total
        /// when total is known, every number within int; false otherwise (all outputs -1).</returns>
        public static bool TryParse(string value, out int first, out int last, out int total)
        {
            first = -1;
            last = -1;
            total = -1;
            if (value == null)
            {
                return false;
            }

            string text = value.Trim();
            if (text.Length < 7 || text.Substring(0, 5).ToLower() != "bytes" || (text[5] != ' ' && text[5] != '\t'))
            {
                return false;
            }

            text = text.Substring(6).Trim();
            int slash = text.IndexOf('/');
            if (slash <= 0 || slash == text.Length - 1)
            {
                return false;
            }

            string range = text.Substring(0, slash).Trim();
            string length = text.Substring(slash + 1).Trim();

            int parsedTotal = -1;
            if (length != "*" && !TryParseNumber(length, out parsedTotal))
            {
                return false;
            }

            if (range == "*")
            {
                // "bytes */*" says nothing at all.
                if (parsedTotal < 0)
                {
                    return false;
                }

                total = parsedTotal;
                return true;
            }

            int dash = range.IndexOf('-');
            if (dash <= 0 || dash == range.Length - 1)
            {
                return false;
            }

            int parsedFirst;
            int parsedLast;
            if (!TryParseNumber(range.Substring(0, dash).Trim(), out parsedFirst)
                || !TryParseNumber(range.Substring(dash + 1).Trim(), out parsedLast))
            {
                return false;
            }

            if (parsedLast < parsedFirst || (parsedTotal >= 0 && parsedLast >= parsedTotal))
            {
                return false;
            }

            first = parsedFirst;
            last = parsedLast;
            total = parsedTotal;
            return true;
        }

        /// <summary>
        /// Copies a parsed <paramref name="value"/> into <paramref name="facts"/> (RangeFirst, RangeLast, TotalLength).
        /// A missing or malformed header leaves those fields at -1, which the pipeline reads as "not sent".
        /// </summary>
        /// <returns>True when the header was well formed.</returns>
        public static bool Apply(string value, ref HttpFacts facts)
        {
            int first;
            int last;
            int total;
            bool ok = TryParse(value, out first, out last, out total);
            facts.RangeFirst = first;
            facts.RangeLast = last;
            facts.TotalLength = total;
            return ok;
        }

        private static bool TryParseNumber(string text, out int number)
        {
            number = 0;
            if (text.Length == 0 || text.Length > 10)
            {
                return false;
            }

            long value = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c < '0' || c > '9')
                {
                    return false;
                }

                value = (value * 10) + (c - '0');
            }

            if (value > int.MaxValue)
            {
                return false;
            }

            number = (int)value;
            return true;
        }
    }
}
