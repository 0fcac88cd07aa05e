// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Configuration
{
    /// <summary>
    /// The optional <c>gateway</c> object of <c>device_info.json</c>: the sub-devices this board updates over its UARTs
    /// (Tencent IoT Hub gateway protocol, SMP over serial). Absent means the board updates only itself.
    /// </summary>
    public sealed class GatewayConfiguration
    {
        /// <summary>Creates an empty section.</summary>
        public GatewayConfiguration()
        {
        }

        /// <summary>The sub-devices, one UART each.</summary>
        public GatewaySubDeviceConfiguration[] sub_devices { get; set; }
    }
}
