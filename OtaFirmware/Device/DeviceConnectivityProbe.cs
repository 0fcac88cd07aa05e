// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Net.NetworkInformation;
using OtaFirmware.Connectivity;

namespace OtaFirmware.Device
{
    /// <summary>Connectivity facts on the device: Wi-Fi interface with an IPv4 address, the RTC, the MQTT channel.</summary>
    public sealed class DeviceConnectivityProbe : IConnectivityProbe
    {
        private readonly M2MqttChannel _channel;

        /// <summary>Creates the probe over the agent's channel.</summary>
        public DeviceConnectivityProbe(M2MqttChannel channel)
        {
            _channel = channel;
        }

        /// <summary>True when the Wi-Fi interface has an IPv4 address.</summary>
        public bool IsNetworkUp
        {
            get
            {
                try
                {
                    NetworkInterface[] interfaces = NetworkInterface.GetAllNetworkInterfaces();
                    for (int i = 0; i < interfaces.Length; i++)
                    {
                        NetworkInterface ni = interfaces[i];
                        if (ni.NetworkInterfaceType == NetworkInterfaceType.Wireless80211)
                        {
                            string address = ni.IPv4Address;
                            return address != null && address.Length != 0 && address != "0.0.0.0";
                        }
                    }
                }
                catch (Exception)
                {
                    // the network stack is not up yet
                }

                return false;
            }
        }

        /// <summary>The RTC, set by SNTP once Wi-Fi is up.</summary>
        public DateTime UtcNow
        {
            get { return DateTime.UtcNow; }
        }

        /// <summary>True while the MQTT client is connected.</summary>
        public bool IsBrokerConnected
        {
            get { return _channel.IsConnected; }
        }
    }
}
