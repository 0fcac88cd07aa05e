// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Configuration;
using OtaFirmware.Host.Broker;
using OtaFirmware.Host.Tls;
using OtaFirmware.Integrity;
using OtaFirmware.LocalCloud.Clouds;

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>
/// Writes what an external mosquitto needs to authenticate the provisioned devices and to keep each to its own topics:
/// a password file (<see cref="MosquittoPasswordFile"/>), an ACL file (per-user <c>user</c> + <c>topic</c> rules from
/// <see cref="TopicPolicy"/>, and the cloud's own account), a TLS certificate set and a <c>mosquitto.conf</c>
/// (TLS listener, <c>allow_anonymous false</c>); the same accounts and rules for the dynamic security plugin
/// (<see cref="DynamicSecurityPath"/>, <see cref="DynamicSecurityConfigPath"/>); plus <c>devices.json</c>: the devices' entries with the static
/// credentials the broker knows (what boards read with <c>--secrets</c>). Every file is 0600 in a 0700 directory.
/// </summary>
/// <remarks>
/// Why static credentials: a password file holds one fixed user name and password per account, while the clouds' key
/// mode signs fresh ones per connection. So each device gets explicit <c>mqtt_client_id</c>, <c>mqtt_username</c> and
/// <c>mqtt_password</c>, signed once here with its dialect's function: Tencent's with an expiry
/// <see cref="Write"/>'s <c>tencentValidity</c> away (its user name carries the expiry, and mosquitto never reads it),
/// Aliyun's with the generation time as its timestamp (mosquitto never reads it either), JD's as the registry issued
/// them (they never expire). Mosquitto compares the password, nothing more: these credentials are long-lived secrets.
/// </remarks>
public sealed class MosquittoConfiguration
{
    /// <summary>The largest MQTT packet the broker accepts: the embedded broker's default (16 KiB of payload and 1 KiB of headers, <see cref="EmbeddedBrokerOptions.MaxPacketBytes"/>).</summary>
    public const int MaxPacketBytes = (16 * 1024) + 1024;

    private MosquittoConfiguration(string directory)
    {
        Directory = directory;
        ConfigPath = System.IO.Path.Combine(directory, "mosquitto.conf");
        PasswordPath = System.IO.Path.Combine(directory, "passwd");
        AclPath = System.IO.Path.Combine(directory, "acl");
        DevicesPath = System.IO.Path.Combine(directory, "devices.json");
        CaPemPath = System.IO.Path.Combine(directory, "ca.pem");
        DynamicSecurityPath = System.IO.Path.Combine(directory, "dynamic-security.json");
        DynamicSecurityConfigPath = System.IO.Path.Combine(directory, "mosquitto-dynsec.conf");
    }

    /// <summary>Where mosquitto's dynamic security plugin is on Debian and Ubuntu (package <c>mosquitto</c>, 2.0 or later).</summary>
    public const string DefaultDynamicSecurityPlugin = "/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so";

    /// <summary>The same accounts and permissions for mosquitto's dynamic security plugin, which also refuses a
    /// SUBSCRIBE outside them (SUBACK 0x80), where <c>acl_file</c> grants it and only filters deliveries.</summary>
    public string DynamicSecurityPath { get; }

    /// <summary>The <c>mosquitto.conf</c> that uses <see cref="DynamicSecurityPath"/> instead of the password and ACL files.</summary>
    public string DynamicSecurityConfigPath { get; }

    /// <summary>The output directory.</summary>
    public string Directory { get; }

    /// <summary>The <c>mosquitto.conf</c> to start mosquitto with (<c>mosquitto -c</c>).</summary>
    public string ConfigPath { get; }

    /// <summary>The password file.</summary>
    public string PasswordPath { get; }

    /// <summary>The ACL file.</summary>
    public string AclPath { get; }

    /// <summary>The devices' entries with their static credentials (a board's <c>--secrets</c>).</summary>
    public string DevicesPath { get; }

    /// <summary>The CA of the broker's TLS listener: what devices and the cloud (<c>--broker-ca</c>) trust.</summary>
    public string CaPemPath { get; }

    /// <summary>Writes the files for every device in <paramref name="registry"/> into <paramref name="directory"/>.</summary>
    /// <param name="registry">The provisioned devices and the cloud's account.</param>
    /// <param name="directory">Output directory (created 0700). Files there are rewritten, except the certificates and the
    /// credentials of devices already in its <c>devices.json</c>, which are kept.</param>
    /// <param name="port">The TLS listener's port.</param>
    /// <param name="bindAddress">The address the listener binds, or null for every interface.</param>
    /// <param name="hostName">A host name the server certificate also carries, or null.</param>
    /// <param name="tencentValidity">How long Tencent's signed user names stay valid (their expiry).</param>
    /// <param name="now">The signing time.</param>
    /// <param name="dynamicSecurityPlugin">Path of mosquitto_dynamic_security.so for <see cref="DynamicSecurityConfigPath"/>, or null for <see cref="DefaultDynamicSecurityPlugin"/>.</param>
    /// <returns>The paths written.</returns>
    /// <exception cref="ArgumentException">A device whose user name mosquitto's password file cannot hold (a colon in it); nothing is written then.</exception>
    public static MosquittoConfiguration Write(DeviceRegistry registry, string directory, int port, string? bindAddress, string? hostName, TimeSpan tencentValidity, DateTimeOffset now, string? dynamicSecurityPlugin = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);
        var result = new MosquittoConfiguration(System.IO.Path.GetFullPath(directory));
        var passwords = new StringBuilder();
        var acl = new StringBuilder();
        acl.Append("# Generated by otafw-localcloud mosquitto-config. Each device may publish its uplink topics and subscribe\n")
           .Append("# its downlink topics, by exact name; the cloud's account may use every topic ('#' does not match topics\n")
           .Append("# starting with '$', hence Tencent's prefixes).\n\n")
           .Append("user ").Append(DeviceRegistry.CloudUserName).Append('\n')
           .Append("topic readwrite #\ntopic readwrite $ota/#\ntopic readwrite $gateway/#\n");
        passwords.Append(MosquittoPasswordFile.Line(DeviceRegistry.CloudUserName, registry.CloudPassword)).Append('\n');
        var clients = new JsonArray();
        var roles = new JsonArray();
        string[] everything = ["#", "$ota/#", "$gateway/#"];
        AddDynamicSecurityAccount(clients, roles, DeviceRegistry.CloudUserName, registry.CloudPassword, everything, everything, true, null);

        IReadOnlyList<DeviceConfiguration> previous = DeviceSecretsFile.Load(result.DevicesPath);
        var devices = new List<DeviceConfiguration>();
        var connIds = new Random();
        foreach (DeviceAddress address in registry.Addresses())
        {
            // A device already in devices.json with the same secret keeps its credentials: re-running after provisioning
            // more devices must not sign every existing device out.
            DeviceConfiguration current = registry.Find(address)!;
            DeviceConfiguration entry = previous.FirstOrDefault(p => DeviceSecretsFile.Matches(p, address.Cloud, address.Product, address.Device)
                    && p.key_deviceinfo?.deviceSecret == current.key_deviceinfo?.deviceSecret
                    && !string.IsNullOrEmpty(p.mqtt_username) && !string.IsNullOrEmpty(p.mqtt_password))
                ?? WithStaticCredentials(current, address, now, tencentValidity, connIds);
            devices.Add(entry);
            passwords.Append(MosquittoPasswordFile.Line(entry.mqtt_username, entry.mqtt_password)).Append('\n');
            acl.Append("\nuser ").Append(entry.mqtt_username).Append('\n');
            foreach (string topic in TopicPolicy.Uplinks(address))
            {
                acl.Append("topic write ").Append(topic).Append('\n');
            }

            foreach (string topic in TopicPolicy.Downlinks(address))
            {
                acl.Append("topic read ").Append(topic).Append('\n');
            }

            AddDynamicSecurityAccount(clients, roles, entry.mqtt_username, entry.mqtt_password, TopicPolicy.Uplinks(address), TopicPolicy.Downlinks(address), false, entry.mqtt_client_id);
        }

        // Written only once every line is known, so that a name mosquitto cannot carry leaves no half-written directory.
        // mosquitto gets its own certificate set: the cloud makes new run certificates at every start, which would
        // leave a running mosquitto serving a certificate from a CA nobody trusts any more.
        PrivateFiles.CreateDirectory(result.Directory);
        if (!File.Exists(result.CaPemPath) || !File.Exists(System.IO.Path.Combine(result.Directory, "server.pem")) || !File.Exists(System.IO.Path.Combine(result.Directory, "server.key")))
        {
            RunCertificates.Create(result.Directory, "OtaFirmware mosquitto CA", hostName).Dispose();
        }
        PrivateFiles.WriteAllText(result.PasswordPath, passwords.ToString());
        PrivateFiles.WriteAllText(result.AclPath, acl.ToString());
        DeviceSecretsFile.Save(result.DevicesPath, devices);
        PrivateFiles.WriteAllText(result.ConfigPath, Config(result, port, bindAddress));
        var dynamicSecurity = new JsonObject
        {
            ["defaultACLAccess"] = new JsonObject { ["publishClientSend"] = false, ["publishClientReceive"] = false, ["subscribe"] = false, ["unsubscribe"] = true },
            ["clients"] = clients,
            ["groups"] = new JsonArray(),
            ["roles"] = roles,
        };
        PrivateFiles.WriteAllText(result.DynamicSecurityPath, dynamicSecurity.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        PrivateFiles.WriteAllText(result.DynamicSecurityConfigPath, Config(result, port, bindAddress, dynamicSecurityPlugin ?? DefaultDynamicSecurityPlugin));
        if (!OperatingSystem.IsWindows())
        {
            foreach (string file in System.IO.Directory.GetFiles(result.Directory))
            {
                File.SetUnixFileMode(file, PrivateFiles.PrivateFileMode);
            }
        }

        return result;
    }

    private static DeviceConfiguration WithStaticCredentials(DeviceConfiguration entry, DeviceAddress address, DateTimeOffset now, TimeSpan tencentValidity, Random random)
    {
        string secret = entry.key_deviceinfo!.deviceSecret;
        var copy = new DeviceConfiguration
        {
            cloud = entry.cloud,
            productId = entry.productId,
            productKey = entry.productKey,
            deviceName = entry.deviceName,
            key_deviceinfo = new KeyDeviceInfo { deviceSecret = secret },
        };
        switch (address.Cloud)
        {
            case "tencent":
                copy.mqtt_client_id = TencentCredentials.ClientId(address.Product, address.Device);
                copy.mqtt_username = TencentCredentials.UserName(address.Product, address.Device, TencentCredentials.DefaultSdkAppId, TencentCredentials.NewConnId(random), (now + tencentValidity).ToUnixTimeSeconds());
                copy.mqtt_password = TencentCredentials.Password(copy.mqtt_username, secret, new Sha256());
                break;
            case "aliyun":
                string clientId = address.Product + "." + address.Device;
                string timestamp = now.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
                copy.mqtt_client_id = AliyunCredentials.MqttClientId(clientId, AliyunCredentials.SecureModeTls, new Sha256(), timestamp);
                copy.mqtt_username = AliyunCredentials.UserName(address.Device, address.Product);
                copy.mqtt_password = AliyunCredentials.Password(clientId, address.Device, address.Product, timestamp, secret, new Sha256());
                break;
            default:
                copy.mqtt_client_id = entry.mqtt_client_id;
                copy.mqtt_username = entry.mqtt_username;
                copy.mqtt_password = entry.mqtt_password;
                break;
        }

        return copy;
    }

    // mosquitto's plugins/dynamic-security (2.0): a client's password is "salt", "password" (the PBKDF2 hash) and
    // "iterations", the fields of a $7$ line; its role grants publishClientSend on the uplinks, subscribeLiteral and
    // publishClientReceive on the downlinks (subscribePattern for the cloud, which subscribes with wildcards).
    private static void AddDynamicSecurityAccount(JsonArray clients, JsonArray roles, string userName, string password, IReadOnlyList<string> send, IReadOnlyList<string> receive, bool patterns, string? clientId)
    {
        string[] hash = MosquittoPasswordFile.Line(userName, password)[(userName.Length + 1)..].Split('$');
        clients.Add(new JsonObject
        {
            ["username"] = userName,
            ["salt"] = hash[3],
            ["password"] = hash[4],
            ["iterations"] = int.Parse(hash[2], CultureInfo.InvariantCulture),
            ["roles"] = new JsonArray(new JsonObject { ["rolename"] = userName }),
        });
        if (clientId != null)
        {
            // The plugin then refuses this user name with any other client id.
            ((JsonObject)clients[^1]!)["clientid"] = clientId;
        }
        var acls = new JsonArray();
        foreach (string topic in send)
        {
            acls.Add(new JsonObject { ["acltype"] = "publishClientSend", ["topic"] = topic, ["allow"] = true });
        }

        foreach (string topic in receive)
        {
            acls.Add(new JsonObject { ["acltype"] = patterns ? "subscribePattern" : "subscribeLiteral", ["topic"] = topic, ["allow"] = true });
            acls.Add(new JsonObject { ["acltype"] = "publishClientReceive", ["topic"] = topic, ["allow"] = true });
        }

        roles.Add(new JsonObject { ["rolename"] = userName, ["acls"] = acls });
    }

    private static string Config(MosquittoConfiguration files, int port, string? bindAddress, string? dynamicSecurityPlugin = null)
    {
        var config = new StringBuilder();
        config.Append("# Generated by otafw-localcloud mosquitto-config: devices sign in over TLS with the static credentials\n")
              .Append("# in devices.json; the cloud with user ").Append(DeviceRegistry.CloudUserName).Append(" and the password in <data-dir>/devices/cloud.secret.\n")
              .Append("# mosquitto must be able to read these files: run it as the user that owns them (or chown them to its user).\n")
              .Append("per_listener_settings false\n")
              .Append("allow_anonymous false\n")
              .Append(dynamicSecurityPlugin == null
                  ? "password_file " + files.PasswordPath + "\nacl_file " + files.AclPath + "\n"
                  : "plugin " + dynamicSecurityPlugin + "\nplugin_opt_config_file " + files.DynamicSecurityPath + "\n")
              .Append("max_packet_size ").Append(MaxPacketBytes.ToString(CultureInfo.InvariantCulture)).Append('\n')
              .Append("listener ").Append(port.ToString(CultureInfo.InvariantCulture)).Append(bindAddress == null ? string.Empty : " " + bindAddress).Append('\n')
              .Append("cafile ").Append(files.CaPemPath).Append('\n')
              .Append("certfile ").Append(System.IO.Path.Combine(files.Directory, "server.pem")).Append('\n')
              .Append("keyfile ").Append(System.IO.Path.Combine(files.Directory, "server.key")).Append('\n');
        return config.ToString();
    }
}
