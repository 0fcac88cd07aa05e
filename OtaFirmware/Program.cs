// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System;
using System.Device.Wifi;
using System.IO;
using System.Security.Cryptography.X509Certificates;
using System.Threading;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.JdCloud;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Configuration;
using OtaFirmware.Connectivity;
using OtaFirmware.Device;
using OtaFirmware.Esp32;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Integrity;
using OtaFirmware.Security;
using OtaFirmware.Update;
using nanoFramework.Hardware.Esp32;
using nanoFramework.Networking;
using nanoFramework.Runtime.Native;

namespace OtaFirmware
{
    /// <summary>
    /// Device entry point: wires the portable agent to the ESP32. Every decision is in OtaFirmware.Core; this file
    /// only reads files, starts Wi-Fi and starts two threads (MQTT supervisor, agent), plus a third one for the
    /// gateway agent when device_info.json has a <c>gateway</c> section: the board then updates its sub-devices over
    /// their UARTs in addition to itself (docs/DEVICE.md, "Gateway").
    /// </summary>
    public static class Program
    {
        private const string ConfigurationPath = "I:\\device_info.json";
        private const string DriveRoot = "I:\\";
        private const int WifiTimeoutMilliseconds = 60000;
        private const int HttpTimeoutMilliseconds = 30000;
        private const int HttpReadTimeoutMilliseconds = 30000;
        private const int HealthTimeoutMilliseconds = 120000;
        private const int HealthPollMilliseconds = 1000;
        private const int ConfigurationRecheckMilliseconds = 30000;
        private const int ReconnectBaseMilliseconds = 1000;
        private const int ReconnectMaxMilliseconds = 120000;

        // SMP over serial: 256 image bytes per request fit Zephyr's default 384-byte netbuf with the request overhead;
        // a sub-device may erase flash before it answers the first upload request.
        private const int SmpChunkSize = 256;
        private const int SmpTimeoutMilliseconds = 3000;
        private const int SmpAttempts = 3;

        /// <summary>Starts the device.</summary>
        public static void Main()
        {
            ILog log = new DebugLog();
            IClock clock = new DeviceClock();
            log.Write("OtaFirmware starting on " + SystemInfo.TargetName + ", nanoCLR " + SystemInfo.Version.ToString());

            // 1. The OTA interop. Stock nanoFramework firmware has neither the interop nor OTA partitions.
            Esp32FirmwareSlot slot;
            int err;
            try
            {
                err = Esp32FirmwareSlot.TryOpen(log, out slot);
            }
            catch (NotSupportedException) // nanoCLR throws this for an InternalCall without native code (CLR_E_NOT_SUPPORTED)
            {
                // nanoCLR answers a call into an InternalCall whose native code the firmware lacks with
                // NotSupportedException (CLR_E_NOT_SUPPORTED), never NotImplementedException.
                log.Write("FATAL: this firmware has no OtaFirmware.Esp32Ota interop; flash the custom nanoCLR (docs/DEVICE.md)");
                Thread.Sleep(Timeout.Infinite);
                return;
            }

            if (err != EspErrorMap.Ok)
            {
                log.Write("FATAL: no OTA slot (" + EspErrorMap.Describe(err) + "); flash the partition table from boards/");
                Thread.Sleep(Timeout.Infinite);
                return;
            }

            LogMemory(log);
            DeviceHashes hashes = new DeviceHashes(log);
            log.Write("running slot " + slot.RunningSlot.ToString() + ", version " + slot.RunningVersion
                + ", update slot " + slot.Capacity.ToString() + " bytes");

            // 2. The configuration (and the CA it names). Decisions: DeviceConfigurationReader and StartupPolicy.
            ConfigurationResult configuration = DeviceConfigurationReader.Parse(ReadText(ConfigurationPath, log));
            X509Certificate caCertificate = null;
            bool verifyServer = true;
            if (configuration.IsValid && configuration.Configuration.insecure_skip_server_verification)
            {
                // only with the explicit development setting, and never together with a CA (DeviceConfigurationReader)
                verifyServer = false;
                log.Write("TLS: INSECURE DEVELOPMENT MODE: server certificates are NOT verified (insecure_skip_server_verification); never ship this");
            }
            else if (configuration.IsValid)
            {
                caCertificate = LoadCertificate(configuration.Configuration.ca_cert, log);
                if (caCertificate == null)
                {
                    // no CA, no start: a missing or unreadable CA never turns verification off
                    configuration = ConfigurationResult.Fail(ConfigurationError.InvalidValue, "ca_cert cannot be read as a PEM certificate");
                }
                else
                {
                    log.Write("TLS: server certificates verified against " + configuration.Configuration.ca_cert + " (CertificateRequired)");
                }
            }

            if (!configuration.IsValid)
            {
                WithoutConfiguration(configuration, slot, log);
                return;
            }

            DeviceConfiguration config = configuration.Configuration;
            ImageSignatureCheck signature = null;
            if (config.allow_unsigned_images)
            {
                log.Write("images: UNSIGNED IMAGES ACCEPTED (allow_unsigned_images; development only); never ship this");
            }
            else if (!NativeVerifierPresent())
            {
                // Verifying needs the interop's RSA-PSS (never RSA in the interpreter): without it, no start rather than
                // unverified images.
                log.Write("FATAL: signing_key_digests is set but this firmware has no native Secure Boot v2 verifier (flash the OtaFirmware nanoCLR)");
                Thread.Sleep(Timeout.Infinite);
                return;
            }
            else
            {
                signature = new ImageSignatureCheck(new NativeRsaPssVerifier(), hashes.CreateSha256(), DeviceConfigurationReader.TrustedKeyDigests(config));
                log.Write("images: Secure Boot v2 signatures verified against " + config.signing_key_digests.Length.ToString() + " trusted key digest(s)");
            }

            log.Write("images: downgrades " + (config.allow_downgrade ? "allowed (allow_downgrade)" : "refused"));

            // 3. Wi-Fi with a valid clock (TLS validates certificate dates). A failure is not fatal: the supervisor
            //    keeps reconnecting, and a fresh image that never gets online fails its health check and rolls back.
            ConnectWifi(config, log);

            // 4. The agent and its adapters.
            Esp32PartitionRegion journal;
            err = Esp32PartitionRegion.TryOpenJournal(log, out journal);
            if (err != EspErrorMap.Ok)
            {
                log.Write("FATAL: no 'otarec' journal partition (" + EspErrorMap.Describe(err) + "); flash the partition table from boards/");
                Thread.Sleep(Timeout.Infinite);
                return;
            }

            string device = configuration.Cloud == CloudKind.JdCloud ? DeviceConfigurationReader.Identifier(config) : config.deviceName;
            string product = configuration.Cloud == CloudKind.Tencent ? config.productId : config.productKey;
            ICloudDialect dialect = DialectFactory.Create(configuration.Cloud, product, device, new DialectOptions());
            M2MqttChannel channel = new M2MqttChannel(log);
            DeviceConnectivityProbe probe = new DeviceConnectivityProbe(channel);
            AgentOptions options = new AgentOptions();
            options.ChipId = ChipIds.FromTargetName(SystemInfo.TargetName);

            UpdateRecord updateRecord = new UpdateRecord(new ResumeJournal(journal));
            // HttpWebRequest blocks for the connect, the handshake, the headers and each read (up to 30 s each): the
            // wrapper runs it on its own thread so every pipeline step returns within half a second and the agent's
            // inbox (a newer command, a cancel) is never held by the server. Costs one chunk buffer and one thread.
            UpdatePipeline pipeline = new UpdatePipeline(
                slot,
                new BoundedFirmwareSource(
                    new HttpWebRequestSource(caCertificate, verifyServer, HttpTimeoutMilliseconds, HttpReadTimeoutMilliseconds, log),
                    options.ChunkSize),
                updateRecord,
                new byte[options.ChunkSize],
                options.ChunkSize,
                options.RequestWindow,
                options.ChipId,
                hashes.CreateMd5(),
                hashes.CreateSha256());
            pipeline.Policy = new ImagePolicy(signature, config.allow_downgrade, 0);

            // The eFuse counter now, and again whenever this image is confirmed (ESP-IDF raises it then).
            Esp32AntiRollbackCounter antiRollback = new Esp32AntiRollbackCounter(log);
            antiRollback.Apply(pipeline.Policy);
            slot.AfterConfirmed(antiRollback, pipeline.Policy);
            log.Write(pipeline.CombinesWriteAndHash
                ? "HASH: native; each chunk written and hashed in one interop call"
                : "HASH: each chunk written, then hashed by separate calls");
            OtaAgent agent = new OtaAgent(
                dialect,
                channel,
                slot,
                updateRecord,
                pipeline,
                clock,
                log,
                new ConnectivityHealthCheck(probe, clock, HealthTimeoutMilliseconds, HealthPollMilliseconds),
                options);

            // One connection, two agents: the router owns each agent's subscriptions and routes by topic.
            ControlPlaneRouter router = new ControlPlaneRouter(log);
            router.RouteAll(dialect.SubscriptionTopics, agent);
            GatewayAgent gateway = null;
            if (config.gateway != null)
            {
                gateway = CreateGateway(config, channel, router, caCertificate, verifyServer, clock, hashes, log);
            }

            MqttSupervisor supervisor = new MqttSupervisor(
                BrokerHost(configuration.Cloud, config),
                BrokerPort(configuration.Cloud, config),
                caCertificate,
                verifyServer,
                config,
                configuration.Cloud,
                router,
                channel,
                agent,
                gateway,
                probe,
                new ReconnectBackoff(ReconnectBaseMilliseconds, ReconnectMaxMilliseconds, ReconnectBackoff.Seed(config.deviceName, clock.UptimeMilliseconds)),
                log);

            // 5. Two threads: the supervisor owns the connection, the agent settles the boot, reports and updates.
            //    A third one for the gateway agent: it stages sub-device images and flashes them over the UARTs.
            new Thread(supervisor.Run).Start();
            new Thread(agent.Run).Start();
            if (gateway != null)
            {
                new Thread(gateway.Run).Start();
            }

            Thread.Sleep(Timeout.Infinite);
        }

        private static GatewayAgent CreateGateway(DeviceConfiguration config, M2MqttChannel channel, ControlPlaneRouter router, X509Certificate caCertificate, bool verifyServer, IClock clock, DeviceHashes hashes, ILog log)
        {
            // Refusals keep the board's own OTA running: only the sub-devices are not updated.
            Esp32PartitionRegion staging;
            int err = Esp32PartitionRegion.TryOpenStaging(log, out staging);
            if (err != EspErrorMap.Ok)
            {
                log.Write("GATEWAY: refused: no 'staging' data partition (" + EspErrorMap.Describe(err)
                    + "); add one to the partition table (docs/DEVICE.md, Gateway); sub-devices are not updated");
                return null;
            }

            GatewaySubDeviceConfiguration[] entries = config.gateway.sub_devices;
            GatewaySubDevice[] subDevices = new GatewaySubDevice[entries.Length];
            int opened = 0;
            for (int i = 0; i < entries.Length; i++)
            {
                GatewaySubDeviceConfiguration entry = entries[i];
                NativeEcdsaP256Verifier verifier = null;
                byte[] signingKey = DeviceConfigurationReader.SubDeviceSigningKey(entry);
                if (signingKey != null)
                {
                    if (!NativeEcdsaP256Verifier.IsPresent())
                    {
                        // The key says its images must be signed: no update rather than an unverified one.
                        log.Write("GATEWAY: " + entry.product_id + "/" + entry.device_name
                            + " skipped: signing_key is set but this firmware has no native ECDSA P-256 verifier (flash the OtaFirmware nanoCLR)");
                        continue;
                    }

                    verifier = new NativeEcdsaP256Verifier(signingKey, hashes.CreateSha256());
                }

                string port = "COM" + entry.port.Trim().Substring(3, 1); // validated: COM2 or COM3, any case
                SerialPortLink link;
                string why = SerialPortLink.TryOpen(port, DeviceConfigurationReader.BaudRate(entry), entry.rx_pin, entry.tx_pin, log, out link);
                if (why != null)
                {
                    log.Write("GATEWAY: " + entry.product_id + "/" + entry.device_name + " skipped: " + port + " cannot be opened: " + why);
                    continue;
                }

                // Refusing downgrades, the gateway also asks the device for upgrades only ("upgrade": true, which
                // Zephyr's img_mgmt checks before it erases anything; a server without it skips the unknown key, as
                // Zephyr's zcbor_map_decode_bulk in zcbor_bulk.c does).
                SmpSubDeviceLink smp = new SmpSubDeviceLink(link, clock, SmpChunkSize, SmpTimeoutMilliseconds, SmpAttempts);
                smp.RequireNewerImage = !config.allow_downgrade;
                subDevices[opened++] = new GatewaySubDevice(new SubDeviceId(entry.product_id.Trim(), entry.device_name.Trim()), smp, verifier);
                log.Write("GATEWAY: " + entry.product_id + "/" + entry.device_name + " on " + port + " (RX GPIO"
                    + entry.rx_pin.ToString() + ", TX GPIO" + entry.tx_pin.ToString() + "), images "
                    + (verifier == null ? "checked by SHA-256 only" : "signed with the configured ECDSA P-256 key"));
            }

            if (opened == 0)
            {
                log.Write("GATEWAY: refused: no sub-device UART could be opened");
                return null;
            }

            GatewaySubDevice[] usable = new GatewaySubDevice[opened];
            Array.Copy(subDevices, usable, opened);
            M2MqttGatewayChannel gatewayChannel = new M2MqttGatewayChannel(channel, router, log);
            GatewayOptions options = new GatewayOptions();
            options.AllowDowngrade = config.allow_downgrade; // one policy for the board and its sub-devices
            log.Write("GATEWAY: sub-device downgrades " + (options.AllowDowngrade ? "allowed (allow_downgrade)" : "refused"));
            try
            {
                GatewayAgent gateway = new GatewayAgent(
                    config.productId,
                    config.deviceName,
                    gatewayChannel,
                    new BoundedFirmwareSource(
                        new HttpWebRequestSource(caCertificate, verifyServer, HttpTimeoutMilliseconds, HttpReadTimeoutMilliseconds, log),
                        options.ChunkSize),
                    staging,
                    usable,
                    new DialectOptions(),
                    clock,
                    log,
                    hashes.CreateMd5(),
                    hashes.CreateSha256(),
                    options);
                gatewayChannel.Attach(gateway);
                log.Write("GATEWAY: staging " + staging.Size.ToString() + " bytes, " + opened.ToString() + " sub-device(s)");
                return gateway;
            }
            catch (ArgumentOutOfRangeException)
            {
                log.Write("GATEWAY: refused: the 'staging' partition (" + staging.Size.ToString()
                    + " bytes) has no room for the journals and an image; make it larger (docs/DEVICE.md, Gateway)");
                return null;
            }
        }

        private static bool NativeVerifierPresent()
        {
            try
            {
                // A zero block is no valid key: the native check answers "no" (an esp_err), stock firmware throws.
                new NativeRsaPssVerifier().Verify(new byte[SignatureBlock.BlockSize], 0, new byte[SignatureBlock.DigestLength], 0);
                return true;
            }
            catch (NotSupportedException)
            {
                return false;
            }
        }

        private static void WithoutConfiguration(ConfigurationResult configuration, Esp32FirmwareSlot slot, ILog log)
        {
            log.Write("CONFIGURATION: " + ConfigurationPath + " refused: " + configuration.ToString());
            if (StartupPolicy.WithoutConfiguration(slot.RunningState) == MissingConfigurationAction.RollBack)
            {
                // The previous image received this update, so it had a usable configuration: this image is at fault.
                log.Write("CONFIGURATION: unconfirmed image cannot configure itself; rolling back");
                if (slot.MarkRunningInvalid().IsOk)
                {
                    slot.Reboot();
                }

                log.Write("CONFIGURATION: rollback refused; the bootloader rolls back at the next reset");
            }

            // Keep the current firmware and wait for a usable file (copy it with Device Explorer), then restart cleanly.
            while (true)
            {
                Thread.Sleep(ConfigurationRecheckMilliseconds);
                ConfigurationResult again = DeviceConfigurationReader.Parse(ReadText(ConfigurationPath, log));
                if (again.IsValid)
                {
                    log.Write("CONFIGURATION: " + ConfigurationPath + " is usable now; restarting");
                    Power.RebootDevice();
                }
            }
        }

        private static void ConnectWifi(DeviceConfiguration config, ILog log)
        {
            log.Write("wifi: connecting to " + config.wifi_ssid);
            bool connected;
            using (CancellationTokenSource timeout = new CancellationTokenSource(WifiTimeoutMilliseconds))
            {
                connected = WifiNetworkHelper.ConnectDhcp(
                    config.wifi_ssid,
                    config.wifi_password == null ? string.Empty : config.wifi_password,
                    WifiReconnectionKind.Automatic,
                    true,
                    0,
                    timeout.Token);
            }

            if (connected)
            {
                log.Write("wifi: connected, clock " + DateTime.UtcNow.ToString());
                return;
            }

            Exception cause = WifiNetworkHelper.HelperException;
            log.Write("wifi: not connected within " + (WifiTimeoutMilliseconds / 1000).ToString() + " s (status "
                + ((int)WifiNetworkHelper.Status).ToString() + (cause == null ? string.Empty : ", " + cause.Message)
                + "); without a network and a valid clock TLS cannot start; retrying in the background");
        }

        private static string BrokerHost(CloudKind cloud, DeviceConfiguration config)
        {
            if (config.broker_host != null && config.broker_host.Length != 0)
            {
                return config.broker_host;
            }

            return cloud == CloudKind.Aliyun
                ? AliyunCredentials.BrokerHost(config.productKey, config.region)
                : TencentCredentials.BrokerHost(config.productId);
        }

        private static int BrokerPort(CloudKind cloud, DeviceConfiguration config)
        {
            // Aliyun's documented MQTT-over-TLS endpoint listens on 1883 with securemode=2.
            return cloud == CloudKind.Aliyun && config.broker_port == 0
                ? AliyunCredentials.Port
                : DeviceConfigurationReader.BrokerPort(config);
        }


        private static void LogMemory(ILog log)
        {
            // MQTT over TLS plus an HTTPS download each hold an mbedTLS session: on a board without PSRAM watch this.
            uint total;
            uint free;
            uint largest;
            NativeMemory.GetMemoryInfo(NativeMemory.MemoryType.Internal, out total, out free, out largest);
            log.Write("memory: internal " + free.ToString() + " of " + total.ToString() + " bytes free, largest block "
                + largest.ToString());
            NativeMemory.GetMemoryInfo(NativeMemory.MemoryType.SpiRam, out total, out free, out largest);
            log.Write("memory: PSRAM " + (total == 0 ? "none" : free.ToString() + " of " + total.ToString() + " bytes free"));
        }

        private static string ReadText(string path, ILog log)
        {
            try
            {
                return File.Exists(path) ? File.ReadAllText(path) : null;
            }
            catch (Exception ex)
            {
                log.Write("cannot read " + path + ": " + ex.Message);
                return null;
            }
        }

        private static X509Certificate LoadCertificate(string fileName, ILog log)
        {
            string pem = ReadText(DriveRoot + fileName, log);
            if (pem == null)
            {
                log.Write("CA certificate " + DriveRoot + fileName + " not found");
                return null;
            }

            try
            {
                return new X509Certificate(pem);
            }
            catch (Exception ex)
            {
                log.Write("CA certificate " + fileName + " is not a PEM certificate: " + ex.Message);
                return null;
            }
        }
    }
}
