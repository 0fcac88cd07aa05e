// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Configuration
{
    /// <summary>
    /// The device configuration file <c>I:\device_info.json</c>. The first keys are those of the Tencent SDKs'
    /// <c>device_info.json</c> (<c>auth_mode</c>, <c>productId</c>, <c>deviceName</c>, <c>key_deviceinfo.deviceSecret</c>);
    /// the rest choose the cloud, the broker, the CA certificate and the Wi-Fi network. Property names are the JSON
    /// keys, exactly; <see cref="DeviceConfigurationReader.Parse"/> fills them with the portable JSON reader. Check it with
    /// <see cref="DeviceConfigurationReader.Validate"/>.
    /// </summary>
    public sealed class DeviceConfiguration
    {
        /// <summary>Creates an empty configuration.</summary>
        public DeviceConfiguration()
        {
        }

        /// <summary>"KEY" (the only supported mode); absent means KEY.</summary>
        public string auth_mode { get; set; }

        /// <summary>Tencent product id.</summary>
        public string productId { get; set; }

        /// <summary>Device name on every cloud.</summary>
        public string deviceName { get; set; }

        /// <summary>The device secret holder.</summary>
        public KeyDeviceInfo key_deviceinfo { get; set; }

        /// <summary>"tencent" (default), "aliyun" or "jdcloud".</summary>
        public string cloud { get; set; }

        /// <summary>Aliyun and JD Cloud product key.</summary>
        public string productKey { get; set; }

        /// <summary>JD Cloud device identifier; absent means <see cref="deviceName"/>.</summary>
        public string identifier { get; set; }

        /// <summary>Aliyun region id (e.g. "cn-shanghai"), used to derive the broker host when <see cref="broker_host"/> is absent.</summary>
        public string region { get; set; }

        /// <summary>MQTT broker host; derived for Tencent (and Aliyun with a region) when absent, required for JD Cloud.</summary>
        public string broker_host { get; set; }

        /// <summary>MQTT broker port; 0 or absent means 8883 (MQTT over TLS).</summary>
        public int broker_port { get; set; }

        /// <summary>Name of the PEM CA certificate file on I:\ that signs the broker and download servers.</summary>
        public string ca_cert { get; set; }

        /// <summary>Wi-Fi network name.</summary>
        public string wifi_ssid { get; set; }

        /// <summary>Wi-Fi passphrase (empty for an open network).</summary>
        public string wifi_password { get; set; }

        /// <summary>Explicit MQTT client id (JD Cloud, the local test cloud); overrides the derived one.</summary>
        public string mqtt_client_id { get; set; }

        /// <summary>Explicit MQTT user name; overrides the derived one.</summary>
        public string mqtt_username { get; set; }

        /// <summary>Explicit MQTT password; overrides the derived one.</summary>
        public string mqtt_password { get; set; }

        /// <summary>
        /// Development only: true runs TLS without verifying the broker's and the download servers' certificates, and
        /// then <see cref="ca_cert"/> must be absent. False (the default) verifies every TLS connection against
        /// <see cref="ca_cert"/>, which is then required.
        /// </summary>
        /// <remarks>Why a separate, loud setting: a missing CA file must stop the device, never silently turn
        /// verification off; the device logs the mode it runs in at every start.</remarks>
        public bool insecure_skip_server_verification { get; set; }

        /// <summary>
        /// The SHA-256 digests (64 hex digits each, as <c>otafw-sign digest</c> and espsecure.py print them) of the
        /// public keys whose Secure Boot v2 signatures this device accepts; in JSON a string or an array of strings.
        /// Required unless <see cref="allow_unsigned_images"/> is true.
        /// </summary>
        /// <remarks>Only digests of public keys belong here: the private signing key never goes onto a device.</remarks>
        public string[] signing_key_digests { get; set; }

        /// <summary>
        /// Development only: true accepts images without a verified signature, and then <see cref="signing_key_digests"/>
        /// must be absent. False (the default) requires a trusted key digest.
        /// </summary>
        /// <remarks>Why a separate setting: a missing digest must stop the device, never silently accept any image.</remarks>
        public bool allow_unsigned_images { get; set; }

        /// <summary>True accepts jobs whose version is older than the running one (or not ordered with it); false (the default) refuses them.</summary>
        public bool allow_downgrade { get; set; }

        /// <summary>Optional: the sub-devices this board updates as a Tencent gateway; null when it updates only itself.</summary>
        public GatewayConfiguration gateway { get; set; }
    }
}
