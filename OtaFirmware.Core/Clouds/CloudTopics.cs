// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Clouds
{
    /// <summary>Checks for the identity segments (product, device) that the dialects put into MQTT topics.</summary>
    public static class CloudTopics
    {
        /// <summary>
        /// Throws unless <paramref name="value"/> is a usable topic segment: not empty, no '/', '+', '#', no
        /// whitespace or control characters (identities come from configuration, so a bad one is a caller bug).
        /// </summary>
        /// <exception cref="ArgumentNullException"><paramref name="value"/> is null.</exception>
        /// <exception cref="ArgumentException"><paramref name="value"/> is empty or contains a forbidden character.</exception>
        public static void CheckSegment(string value, string name)
        {
            if (value == null)
            {
                throw new ArgumentNullException(name);
            }

            if (value.Length == 0)
            {
                throw new ArgumentException(name + " is empty");
            }

            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c == '/' || c == '+' || c == '#' || c <= ' ' || c == 0x7F)
                {
                    throw new ArgumentException(name + " contains a character not allowed in a topic segment");
                }
            }
        }
    }
}
