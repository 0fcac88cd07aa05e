// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Configuration
{
    /// <summary>Why a device configuration was refused. Values are pinned.</summary>
    public enum ConfigurationError
    {
        /// <summary>The configuration is usable.</summary>
        None = 0,

        /// <summary>The file is missing or empty.</summary>
        Missing = 1,

        /// <summary>The text is not JSON of the expected shape.</summary>
        Malformed = 2,

        /// <summary>A required key is absent or empty (the detail names it).</summary>
        MissingField = 3,

        /// <summary>A key has a value outside its allowed range (the detail names it).</summary>
        InvalidValue = 4,

        /// <summary>The <c>cloud</c> key names no supported cloud.</summary>
        UnknownCloud = 5,

        /// <summary>The <c>auth_mode</c> is not <c>KEY</c> (certificate sign-in is not supported).</summary>
        UnsupportedAuthMode = 6,
    }
}
