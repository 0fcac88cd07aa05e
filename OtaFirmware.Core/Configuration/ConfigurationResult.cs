// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Configuration
{
    /// <summary>The outcome of reading a device configuration: the configuration and its cloud, or why it was refused.</summary>
    public sealed class ConfigurationResult
    {
        private ConfigurationResult(ConfigurationError error, string detail, DeviceConfiguration configuration, CloudKind cloud)
        {
            Error = error;
            Detail = detail;
            Configuration = configuration;
            Cloud = cloud;
        }

        /// <summary><see cref="ConfigurationError.None"/> when the configuration is usable.</summary>
        public ConfigurationError Error { get; private set; }

        /// <summary>What was wrong (names the key), or "ok".</summary>
        public string Detail { get; private set; }

        /// <summary>The configuration when usable, otherwise null.</summary>
        public DeviceConfiguration Configuration { get; private set; }

        /// <summary>The cloud when usable, otherwise <see cref="CloudKind.Unknown"/>.</summary>
        public CloudKind Cloud { get; private set; }

        /// <summary>True when <see cref="Error"/> is <see cref="ConfigurationError.None"/>.</summary>
        public bool IsValid
        {
            get { return Error == ConfigurationError.None; }
        }

        /// <summary>A usable configuration.</summary>
        /// <returns>A result with <see cref="ConfigurationError.None"/>.</returns>
        public static ConfigurationResult Ok(DeviceConfiguration configuration, CloudKind cloud)
        {
            return new ConfigurationResult(ConfigurationError.None, "ok", configuration, cloud);
        }

        /// <summary>A refused configuration.</summary>
        /// <returns>A result carrying <paramref name="error"/> and <paramref name="detail"/>.</returns>
        public static ConfigurationResult Fail(ConfigurationError error, string detail)
        {
            return new ConfigurationResult(error, detail, null, CloudKind.Unknown);
        }

        /// <summary>One line for the log.</summary>
        /// <returns>"ok" or "{error number}: {detail}".</returns>
        public override string ToString()
        {
            return IsValid ? "ok" : ((int)Error).ToString() + ": " + Detail;
        }
    }
}
