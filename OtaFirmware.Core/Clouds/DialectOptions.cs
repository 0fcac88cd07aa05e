// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;

namespace OtaFirmware.Clouds
{
    /// <summary>What a cloud dialect accepts in an update command. The defaults suit a device in the field.</summary>
    public sealed class DialectOptions
    {
        /// <summary>Default largest image: 16 MiB, the largest ESP32 flash (an OTA slot is always smaller).</summary>
        public const int DefaultMaxImageSize = 16 * 1024 * 1024;

        /// <summary>Largest incoming payload in bytes; anything longer is rejected before it is decoded or parsed.</summary>
        public const int MaxPayloadBytes = 4096;

        /// <summary>Creates the field defaults: images up to 16 MiB, https only.</summary>
        public DialectOptions()
        {
            MaxImageSize = DefaultMaxImageSize;
        }

        private int _maxImageSize;

        /// <summary>Largest image size a job may announce, in bytes (1 or more).</summary>
        /// <exception cref="ArgumentOutOfRangeException">The value is 0 or negative.</exception>
        public int MaxImageSize
        {
            get
            {
                return _maxImageSize;
            }

            set
            {
                if (value <= 0)
                {
                    throw new ArgumentOutOfRangeException("value");
                }

                _maxImageSize = value;
            }
        }

        /// <summary>
        /// Also accept plain <c>http://</c> URLs, but only to a loopback host (<c>127.x.x.x</c>, <c>localhost</c>,
        /// <c>[::1]</c>): for the local cloud demo. False by default (https only).
        /// </summary>
        public bool AllowHttpOnLoopback { get; set; }
    }
}
