// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Update
{
    /// <summary>
    /// Orders the version strings of app images (esp_app_desc_t.version) for the downgrade policy: an optional "v", one to
    /// four dot-separated decimal numbers, an optional pre-release after "-" and build metadata after "+", compared as
    /// semantic versions (numbers numerically, a pre-release below its release, build metadata ignored). "1.2" equals
    /// "1.2.0". Anything else cannot be ordered, and the policy does not guess.
    /// </summary>
    public static class FirmwareVersion
    {
        private const int MaxComponents = 4;

        /// <summary>
        /// Compares <paramref name="a"/> with <paramref name="b"/>.
        /// </summary>
        /// <param name="a">A version string.</param>
        /// <param name="b">Another version string.</param>
        /// <param name="ordered">False when either string is not a version this class can order; the result is then 0.</param>
        /// <returns>Negative when a is older than b, 0 when equal, positive when newer.</returns>
        public static int Compare(string a, string b, out bool ordered)
        {
            int[] left = new int[MaxComponents];
            int[] right = new int[MaxComponents];
            string leftPre;
            string rightPre;
            bool leftOk = Parse(a, left, out leftPre);
            bool rightOk = Parse(b, right, out rightPre);
            ordered = leftOk && rightOk;
            if (!ordered)
            {
                return 0;
            }

            for (int i = 0; i < MaxComponents; i++)
            {
                if (left[i] != right[i])
                {
                    return left[i] < right[i] ? -1 : 1;
                }
            }

            if (leftPre.Length == 0 || rightPre.Length == 0)
            {
                // A release ranks above its pre-releases: "1.0.0-rc1" < "1.0.0".
                return leftPre.Length == rightPre.Length ? 0 : (leftPre.Length == 0 ? 1 : -1);
            }

            int c = string.Compare(leftPre, rightPre);
            return c < 0 ? -1 : (c > 0 ? 1 : 0);
        }

        private static bool Parse(string text, int[] components, out string preRelease)
        {
            preRelease = string.Empty;
            if (text == null || text.Length == 0 || text.Length > 32)
            {
                return false;
            }

            int i = text[0] == 'v' || text[0] == 'V' ? 1 : 0;
            int count = 0;
            while (true)
            {
                int start = i;
                long value = 0;
                while (i < text.Length && text[i] >= '0' && text[i] <= '9')
                {
                    value = (value * 10) + (text[i] - '0');
                    if (value > int.MaxValue)
                    {
                        return false;
                    }

                    i++;
                }

                if (i == start || count == MaxComponents)
                {
                    return false;
                }

                components[count++] = (int)value;
                if (i == text.Length)
                {
                    return true;
                }

                if (text[i] == '.')
                {
                    i++;
                    continue;
                }

                break;
            }

            int plus = text.IndexOf('+', i);
            if (text[i] == '-')
            {
                int end = plus < 0 ? text.Length : plus;
                preRelease = text.Substring(i + 1, end - i - 1);
                return preRelease.Length > 0 && (plus < 0 || plus < text.Length - 1);
            }

            return text[i] == '+' && i < text.Length - 1;
        }
    }
}
