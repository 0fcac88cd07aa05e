// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.


namespace OtaFirmware.Clouds.Tencent.Gateway
{
    /// <summary>
    /// Topics of the Tencent IoT Hub gateway protocol (gateway SDK, seed 001): the gateway publishes sub-device
    /// online/offline on <c>$gateway/operation/{gwPid}/{gwDn}</c> and receives per-device results on
    /// <c>$gateway/operation/result/{gwPid}/{gwDn}</c>; each online sub-device then has its own OTA topics
    /// <c>$ota/update/{subPid}/{subDn}</c> (subscribe) and <c>$ota/report/{subPid}/{subDn}</c> (publish), carrying the
    /// same payloads as a directly connected device's OTA (report_version, update_firmware, report_progress).
    /// </summary>
    public static class TencentGatewayTopics
    {
        private const string OtaUpdatePrefix = "$ota/update/";

        /// <summary><c>$gateway/operation/{productId}/{deviceName}</c> of the gateway.</summary>
        public static string Operation(string gatewayProductId, string gatewayDeviceName)
        {
            return "$gateway/operation/" + gatewayProductId + "/" + gatewayDeviceName;
        }

        /// <summary><c>$gateway/operation/result/{productId}/{deviceName}</c> of the gateway.</summary>
        public static string OperationResult(string gatewayProductId, string gatewayDeviceName)
        {
            return "$gateway/operation/result/" + gatewayProductId + "/" + gatewayDeviceName;
        }

        /// <summary><c>$ota/update/{subPid}/{subDn}</c>: where the cloud sends a sub-device's OTA commands.</summary>
        public static string OtaUpdate(SubDeviceId device)
        {
            return OtaUpdatePrefix + device.ProductId + "/" + device.DeviceName;
        }

        /// <summary><c>$ota/report/{subPid}/{subDn}</c>: where the gateway reports a sub-device's version and progress.</summary>
        public static string OtaReport(SubDeviceId device)
        {
            return "$ota/report/" + device.ProductId + "/" + device.DeviceName;
        }

        /// <summary>Recognises <c>$ota/update/{pid}/{dn}</c> and returns the sub-device it addresses.</summary>
        /// <returns>The sub-device, or null when the topic is not an OTA update topic with two non-empty parts.</returns>
        public static SubDeviceId ParseOtaUpdate(string topic)
        {
            if (topic == null || topic.IndexOf(OtaUpdatePrefix) != 0)
            {
                return null;
            }

            string rest = topic.Substring(OtaUpdatePrefix.Length);
            int slash = rest.IndexOf('/');
            if (slash <= 0 || slash == rest.Length - 1 || rest.IndexOf('/', slash + 1) >= 0)
            {
                return null;
            }

            return new SubDeviceId(rest.Substring(0, slash), rest.Substring(slash + 1));
        }
    }
}
