// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Configuration
{
    /// <summary>One entry of <c>gateway.sub_devices</c>: the sub-device's cloud identity and the UART it is wired to.</summary>
    public sealed class GatewaySubDeviceConfiguration
    {
        /// <summary>Creates an empty entry.</summary>
        public GatewaySubDeviceConfiguration()
        {
        }

        /// <summary>The sub-device's product id in the cloud.</summary>
        public string product_id { get; set; }

        /// <summary>The sub-device's device name in the cloud.</summary>
        public string device_name { get; set; }

        /// <summary>The nanoFramework serial port name, <c>COM2</c> or <c>COM3</c> (UART1, UART2; COM1 is UART0, the debugger's).</summary>
        public string port { get; set; }

        /// <summary>UART speed (8N1); 0 or absent means <see cref="DeviceConfigurationReader.DefaultBaudRate"/>.</summary>
        public int baud_rate { get; set; }

        /// <summary>GPIO the sub-device's TX line is wired to (the gateway's RX), 1 to 48.</summary>
        public int rx_pin { get; set; }

        /// <summary>GPIO the sub-device's RX line is wired to (the gateway's TX), 1 to 48.</summary>
        public int tx_pin { get; set; }

        /// <summary>
        /// The public key the sub-device's MCUboot trusts, as base64 of its DER SubjectPublicKeyInfo on curve P-256
        /// (<c>imgtool getpub -k key.pem --encoding der | base64 -w0</c>, which is also the body of the PEM public key);
        /// null or absent when its images are not signed. When set, the gateway uploads only images whose ECDSA
        /// signature TLV verifies with this key (<see cref="DeviceConfigurationReader.SubDeviceSigningKey"/>).
        /// </summary>
        public string signing_key { get; set; }
    }
}
