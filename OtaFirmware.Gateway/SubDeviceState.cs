// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Update;

namespace OtaFirmware.Gateway
{
    /// <summary>What the gateway knows about one sub-device: online, refused, its version, its pending job.</summary>
    internal sealed class SubDeviceState
    {
        internal SubDeviceState(GatewaySubDevice device, TencentDialect dialect, SubDeviceUpdater updater)
        {
            Device = device;
            Dialect = dialect;
            Updater = updater;
        }

        internal GatewaySubDevice Device { get; private set; }

        internal TencentDialect Dialect { get; private set; }

        internal SubDeviceUpdater Updater { get; private set; }

        internal string Key
        {
            get { return Device.Id.Key; }
        }

        internal bool Online { get; set; }

        internal bool Refused { get; set; }

        internal string Version { get; set; }

        /// <summary>The pending job, or null.</summary>
        internal UpdateJob Job { get; set; }

        /// <summary>The staged image the job holds, or null while it waits for staging space.</summary>
        internal StagedImage Stage { get; set; }

        internal int LastPercent { get; set; }

        /// <summary>The job's state in the agent's sub-device table.</summary>
        internal SubDeviceJobState JobState { get; set; }
    }
}
