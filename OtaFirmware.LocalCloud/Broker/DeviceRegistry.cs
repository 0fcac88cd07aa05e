// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Configuration;
using OtaFirmware.Host.Broker;
using OtaFirmware.Host.Tls;
using OtaFirmware.Integrity;
using OtaFirmware.LocalCloud.Clouds;

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>
/// The devices the local cloud has provisioned (what a cloud console's "create device" does) and their secrets, kept in
/// <c>{data}/devices/secrets.json</c> (<see cref="DeviceSecretsFile"/>, 0600 in a 0700 directory) so that a restarted
/// cloud knows the same devices; and the password of the cloud's own broker account, in <c>{data}/devices/cloud.secret</c>.
/// Tencent secrets are 16 random bytes in base64 (as the console issues them), Aliyun secrets 32 hex characters, and JD
/// Cloud devices get explicit credentials (client id <c>{productKey}.{identifier}</c>, user name
/// <c>{identifier}&amp;{productKey}</c>, password the iotkit HMAC-SHA256 that <see cref="AliyunCredentials"/> computes —
/// JD's device SDK descends from iotkit).
/// </summary>
public sealed class DeviceRegistry
{
    private readonly object _gate = new();
    private readonly List<DeviceConfiguration> _devices;

    /// <summary>Opens (or starts) the registry in <paramref name="directory"/>.</summary>
    public DeviceRegistry(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        PrivateFiles.CreateDirectory(directory);
        SecretsPath = Path.Combine(directory, "secrets.json");
        CloudSecretPath = Path.Combine(directory, "cloud.secret");
        _devices = DeviceSecretsFile.Load(SecretsPath).ToList();
        if (File.Exists(CloudSecretPath))
        {
            CloudPassword = File.ReadAllText(CloudSecretPath).Trim();
        }
        else
        {
            CloudPassword = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            PrivateFiles.WriteAllText(CloudSecretPath, CloudPassword + "\n");
        }
    }

    /// <summary>The user name of the cloud's own broker account.</summary>
    public const string CloudUserName = "otafw-cloud";

    /// <summary>The secrets file a simulated board reads (<c>--secrets</c>).</summary>
    public string SecretsPath { get; }

    /// <summary>The file holding <see cref="CloudPassword"/>.</summary>
    public string CloudSecretPath { get; }

    /// <summary>The password of the cloud's own broker account (<see cref="CloudUserName"/>).</summary>
    public string CloudPassword { get; }

    /// <summary>How many devices are provisioned.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _devices.Count;
            }
        }
    }

    /// <summary>Provisions <paramref name="device"/> (or returns its existing entry) and saves the file.</summary>
    /// <returns>The device's configuration fragment with its secret.</returns>
    /// <exception cref="ArgumentException">Unknown cloud, a name the cloud's topics cannot carry, or a device whose MQTT
    /// client id would equal another provisioned device's.</exception>
    public DeviceConfiguration Provision(DeviceAddress device)
    {
        ArgumentNullException.ThrowIfNull(device);
        OtaFirmware.Clouds.CloudTopics.CheckSegment(device.Product, "product");
        OtaFirmware.Clouds.CloudTopics.CheckSegment(device.Device, "device");
        lock (_gate)
        {
            DeviceConfiguration? existing = FindLocked(device);
            if (existing != null)
            {
                return existing;
            }

            // Tencent's client id is {productId}{deviceName} and iotkit's {productKey}.{deviceName}: two devices whose ids
            // coincide (P1 + AB, P1A + B) would take over each other's MQTT session, so the second is refused.
            string clientIdBase = ClientIdBase(device.Cloud, device.Product, device.Device);
            if (Addresses().FirstOrDefault(a => ClientIdBase(a.Cloud, a.Product, a.Device) == clientIdBase) is { } clash)
            {
                throw new ArgumentException(device.Cloud + "/" + device.Key + " would sign in with the same MQTT client id as " + clash.Cloud + "/" + clash.Key, nameof(device));
            }

            DeviceConfiguration entry = device.Cloud switch
            {
                "tencent" => new DeviceConfiguration
                {
                    cloud = "tencent",
                    productId = device.Product,
                    deviceName = device.Device,
                    key_deviceinfo = new KeyDeviceInfo { deviceSecret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)) },
                },
                "aliyun" => new DeviceConfiguration
                {
                    cloud = "aliyun",
                    productKey = device.Product,
                    deviceName = device.Device,
                    key_deviceinfo = new KeyDeviceInfo { deviceSecret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)) },
                },
                "jdcloud" => JdEntry(device),
                _ => throw new ArgumentException("unknown cloud '" + device.Cloud + "'", nameof(device)),
            };
            _devices.Add(entry);
            DeviceSecretsFile.Save(SecretsPath, _devices);
            return entry;
        }
    }

    /// <summary>The entry of <paramref name="device"/>.</summary>
    /// <returns>The entry, or null when not provisioned.</returns>
    public DeviceConfiguration? Find(DeviceAddress device)
    {
        lock (_gate)
        {
            return FindLocked(device);
        }
    }

    /// <summary>Every provisioned device.</summary>
    /// <returns>Their addresses, in provisioning order.</returns>
    public IReadOnlyList<DeviceAddress> Addresses()
    {
        lock (_gate)
        {
            return _devices.Select(d => new DeviceAddress(d.cloud ?? "tencent", (d.cloud ?? "tencent") == "tencent" ? d.productId : d.productKey, d.deviceName)).ToArray();
        }
    }

    /// <summary>The Tencent device whose client id <c>{productId}{deviceName}</c> is <paramref name="clientId"/>.</summary>
    /// <returns>Its address and entry, or null.</returns>
    public (DeviceAddress Address, DeviceConfiguration Entry)? FindTencentClient(string clientId)
    {
        lock (_gate)
        {
            foreach (DeviceConfiguration d in _devices)
            {
                if (d.cloud == "tencent" && d.productId + d.deviceName == clientId)
                {
                    return (new DeviceAddress("tencent", d.productId, d.deviceName), d);
                }
            }
        }

        return null;
    }

    private static string ClientIdBase(string cloud, string product, string device) =>
        cloud == "tencent" ? product + device : product + "." + device;

    private DeviceConfiguration? FindLocked(DeviceAddress device) =>
        _devices.FirstOrDefault(d => DeviceSecretsFile.Matches(d, device.Cloud, device.Product, device.Device));

    private static DeviceConfiguration JdEntry(DeviceAddress device)
    {
        string secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        string clientId = device.Product + "." + device.Device;
        return new DeviceConfiguration
        {
            cloud = "jdcloud",
            productKey = device.Product,
            deviceName = device.Device,
            key_deviceinfo = new KeyDeviceInfo { deviceSecret = secret },
            mqtt_client_id = AliyunCredentials.MqttClientId(clientId, AliyunCredentials.SecureModeTls, new Sha256(), null),
            mqtt_username = AliyunCredentials.UserName(device.Device, device.Product),
            mqtt_password = AliyunCredentials.Password(clientId, device.Device, device.Product, null, secret, new Sha256()),
        };
    }
}
