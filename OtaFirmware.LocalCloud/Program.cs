// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.CommandLine;
using System.Text;
using OtaFirmware.Host.Signing;
using OtaFirmware.LocalCloud;
using OtaFirmware.LocalCloud.Broker;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;
using OtaFirmware.LocalCloud.View;

// otafw-cloud serve: certificates, HTTPS firmware server and the cloud side of the three dialects until Ctrl+C.
// otafw-cloud push:  the same, plus one rollout: add a firmware file, assign it (devices, a devices file, or every device
//                    that reports a version), follow it live and print the results; exit code 0 when all succeeded.
// otafw-cloud mosquitto-config: password file, ACL, TLS listener and device credentials for an external mosquitto.
var httpsPort = new Option<int>("--https-port") { Description = "HTTPS port of the firmware server (0: a free one)", DefaultValueFactory = _ => 0 };
var httpPort = new Option<int>("--http-port") { Description = "Also serve plain HTTP on this port (-1: no, 0: a free one)", DefaultValueFactory = _ => -1 };
var brokerPort = new Option<int>("--broker-port") { Description = "TLS port of the embedded broker (0: a free one)", DefaultValueFactory = _ => 8883 };
var externalBroker = new Option<string?>("--external-broker") { Description = "Use this broker (host:port) instead of the embedded one; it must authenticate devices itself" };
var brokerUser = new Option<string?>("--broker-user") { Description = "The cloud's user name on the external broker" };
var brokerPasswordFile = new Option<FileInfo?>("--broker-password-file") { Description = "File holding the cloud's password on the external broker" };
var brokerCa = new Option<string?>("--broker-ca") { Description = "CA (PEM) of the external broker's TLS listener (default: plain MQTT)" };
var dataDir = new Option<string?>("--data-dir") { Description = "Where ca.pem, the server certificate and devices/secrets.json go, made 0700 (default: a temporary directory)" };
var provision = new Option<string[]>("--provision") { Description = "Provision devices cloud/product/name (repeatable); their secrets go to <data-dir>/devices/secrets.json", AllowMultipleArgumentsPerToken = true };
var publicHost = new Option<string?>("--host-name") { Description = "Host name to announce in URLs and to put into the server certificate (real boards verify it)" };
var bindAll = new Option<bool>("--listen-any") { Description = "Listen on every interface instead of loopback (real boards on the network)" };
var firmwareOrigin = new Option<Uri?>("--firmware-base-url") { Description = "Base URL of an external firmware origin (CDN, any HTTPS server) that serves the files by name" };
var signSecret = new Option<string?>("--sign-secret") { Description = "HMAC key for signed firmware URLs (default: a random one per run)" };
var unsigned = new Option<bool>("--unsigned-urls") { Description = "Serve unsigned firmware URLs" };
var urlLifetime = new Option<int>("--url-lifetime") { Description = "Signed URL lifetime in seconds", DefaultValueFactory = _ => 1800 };
var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every MQTT message" };
Option[] common = [httpsPort, httpPort, brokerPort, externalBroker, brokerUser, brokerPasswordFile, brokerCa, dataDir, provision, publicHost, bindAll, firmwareOrigin, signSecret, unsigned, urlLifetime, verbose];

var firmware = new Option<FileInfo>("--firmware") { Description = "Firmware image to serve", Required = true };
var version = new Option<string>("--version") { Description = "Version the image carries", Required = true };
var devices = new Option<string?>("--devices") { Description = "Comma-separated devices, product/name (a bare name when only one device has it)" };
var devicesFile = new Option<FileInfo?>("--devices-file") { Description = "File with one device per line, product/name (a bare name when only one device has it)" };
var fromVersion = new Option<string?>("--from-version") { Description = "Every device that reported this version" };
var waitSeconds = new Option<int>("--wait") { Description = "Seconds to listen for version reports before a --from-version push", DefaultValueFactory = _ => 10 };
var timeoutSeconds = new Option<int>("--timeout") { Description = "Seconds to follow the rollout", DefaultValueFactory = _ => 600 };
var rate = new Option<int>("--rate") { Description = "Fault: serve the firmware at about this many bytes per second (0: full speed)" };
var dropAfter = new Option<long>("--drop-after") { Description = "Fault: break the connection after this many body bytes (-1: never)", DefaultValueFactory = _ => -1 };
var dropCount = new Option<int>("--drop-count") { Description = "Fault: how many responses --drop-after breaks (0: all)", DefaultValueFactory = _ => 1 };
var allowUnsigned = new Option<bool>("--allow-unsigned") { Description = "Push an image without a Secure Boot v2 signature (development boards that accept unsigned images)" };
var ignoreRange = new Option<bool>("--ignore-range") { Description = "Fault: ignore Range and always answer 200 with the whole file" };

var serve = new Command("serve", "Run the local cloud until Ctrl+C");
foreach (Option o in common)
{
    serve.Options.Add(o);
}

serve.SetAction(async (parse, cancel) =>
{
    await using LocalCloud cloud = await StartAsync(parse).ConfigureAwait(false);
    cloud.DeviceChanged += s => Console.WriteLine(DateTime.UtcNow.ToString("HH:mm:ss") + " " + s.Key + " (" + s.Cloud + ") " + LiveView.Describe(s));
    try
    {
        await Task.Delay(Timeout.Infinite, cancel).ConfigureAwait(false);
    }
    catch (OperationCanceledException)
    {
    }

    return 0;
});

var push = new Command("push", "Serve a firmware image, push it to devices and follow the rollout");
foreach (Option o in common.Concat([firmware, version, devices, devicesFile, fromVersion, waitSeconds, timeoutSeconds, rate, dropAfter, dropCount, ignoreRange, allowUnsigned]))
{
    push.Options.Add(o);
}

push.Validators.Add(result =>
{
    int chosen = new Option[] { devices, devicesFile, fromVersion }.Count(o => result.GetResult(o) != null);
    if (chosen != 1)
    {
        result.AddError("give exactly one of --devices, --devices-file, --from-version");
    }
});

push.SetAction(async (parse, cancel) =>
{
    // Devices refuse unsigned images anyway; refusing here saves a rollout that can only fail. The cloud holds no key, so
    // this checks that a signature block is there (otafw-sign sign), not whom it is from: the device decides that.
    string firmwarePath = parse.GetValue(firmware)!.FullName;
    if (!parse.GetValue(allowUnsigned) && File.Exists(firmwarePath) && SecureBootSigner.CountValidBlocks(File.ReadAllBytes(firmwarePath)) == 0)
    {
        Console.Error.WriteLine("refused: " + firmwarePath + " carries no Secure Boot v2 signature block; sign it with otafw-sign sign, or pass --allow-unsigned for development boards");
        return 2;
    }

    await using LocalCloud cloud = await StartAsync(parse).ConfigureAwait(false);
    FirmwarePackage package = cloud.AddFirmware(parse.GetValue(firmware)!.FullName, parse.GetValue(version)!);
    package.Faults.BytesPerSecond = parse.GetValue(rate);
    package.Faults.DropAfterBytes = parse.GetValue(dropAfter);
    package.Faults.DropCount = parse.GetValue(dropCount);
    package.Faults.IgnoreRange = parse.GetValue(ignoreRange);
    Console.WriteLine("firmware " + package.Name + " " + package.Version + ": " + package.Size + " bytes, md5 " + package.Md5 + ", " + cloud.UrlFor(package));

    IReadOnlyList<string> targets;
    if (parse.GetValue(fromVersion) is { } from)
    {
        Console.WriteLine("listening " + parse.GetValue(waitSeconds) + " s for devices reporting " + from + " ...");
        await Task.Delay(TimeSpan.FromSeconds(parse.GetValue(waitSeconds)), cancel).ConfigureAwait(false);
        targets = cloud.PushUpdateToVersion(package, from);
    }
    else if (parse.GetValue(devicesFile) is { } file)
    {
        targets = cloud.PushUpdateToDevicesInFile(package, file.FullName);
    }
    else
    {
        targets = cloud.PushUpdate(package, parse.GetValue(devices)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    if (targets.Count == 0)
    {
        Console.WriteLine("no device to update");
        return 1;
    }

    Console.WriteLine("pushed " + package.Version + " to " + string.Join(", ", targets));
    IReadOnlyList<DeviceSnapshot> results = await LiveView.FollowAsync(cloud, targets, TimeSpan.FromSeconds(parse.GetValue(timeoutSeconds)), null, cancel).ConfigureAwait(false);
    LiveView.WriteResults(results);
    Console.WriteLine("firmware bytes served: " + package.BytesServed + " (" + package.Requests + " requests) for " + targets.Count + " x " + package.Size);
    return results.All(r => r.Phase == DevicePhase.Succeeded) ? 0 : 1;
});

var mosquittoOut = new Option<DirectoryInfo>("--out") { Description = "Directory for mosquitto.conf, passwd, acl, the broker's certificates and devices.json (made 0700)", Required = true };
var mosquittoData = new Option<string>("--data-dir") { Description = "The local cloud's data directory (its devices and the cloud's broker password)", Required = true };
var mosquittoPort = new Option<int>("--port") { Description = "Port of mosquitto's TLS listener", DefaultValueFactory = _ => 8883 };
var dynsecPlugin = new Option<string?>("--dynsec-plugin") { Description = "Path of mosquitto_dynamic_security.so for mosquitto-dynsec.conf (default: Debian's)" };
var tencentDays = new Option<int>("--tencent-valid-days") { Description = "Expiry of the Tencent devices' signed user names, in days (mosquitto does not check it)", DefaultValueFactory = _ => 3650 };
var mosquittoConfig = new Command("mosquitto-config", "Write a mosquitto configuration (password file, ACL, TLS listener) for the provisioned devices, to run with --external-broker");
foreach (Option o in new Option[] { mosquittoOut, mosquittoData, mosquittoPort, tencentDays, dynsecPlugin, provision, publicHost, bindAll })
{
    mosquittoConfig.Options.Add(o);
}

mosquittoConfig.SetAction(parse =>
{
    try
    {
        return WriteMosquittoConfig(parse);
    }
    catch (ArgumentException ex)
    {
        // A device name mosquitto's files cannot carry (a ':' in a user name), an unknown cloud, a port out of range.
        Console.Error.WriteLine("refused: " + ex.Message);
        return 2;
    }
});

int WriteMosquittoConfig(ParseResult parse)
{
    var registry = new DeviceRegistry(Path.Combine(parse.GetValue(mosquittoData)!, "devices"));
    foreach (string device in parse.GetValue(provision) ?? [])
    {
        string[] parts = device.Split('/');
        if (parts.Length != 3)
        {
            Console.Error.WriteLine("--provision takes cloud/product/name, not '" + device + "'");
            return 2;
        }

        registry.Provision(new DeviceAddress(parts[0], parts[1], parts[2]));
    }

    MosquittoConfiguration files = MosquittoConfiguration.Write(
        registry,
        parse.GetValue(mosquittoOut)!.FullName,
        parse.GetValue(mosquittoPort),
        parse.GetValue(bindAll) ? null : "127.0.0.1",
        parse.GetValue(publicHost),
        TimeSpan.FromDays(parse.GetValue(tencentDays)),
        DateTimeOffset.UtcNow,
        parse.GetValue(dynsecPlugin));
    Console.WriteLine("mosquitto config for " + registry.Count + " devices: mosquitto -c " + files.ConfigPath);
    Console.WriteLine("or, refusing foreign subscriptions too (dynamic security plugin): mosquitto -c " + files.DynamicSecurityConfigPath);
    Console.WriteLine("device credentials " + files.DevicesPath);
    Console.WriteLine("broker CA " + files.CaPemPath);
    Console.WriteLine("cloud: --external-broker HOST:" + parse.GetValue(mosquittoPort) + " --broker-ca " + files.CaPemPath + " --broker-user " + DeviceRegistry.CloudUserName + " --broker-password-file " + registry.CloudSecretPath);
    return 0;
}

var root = new RootCommand("OtaFirmware local cloud: HTTPS firmware server and the Tencent, Aliyun and JD Cloud OTA protocols over MQTT");
root.Subcommands.Add(serve);
root.Subcommands.Add(push);
root.Subcommands.Add(mosquittoConfig);
return await root.Parse(args).InvokeAsync().ConfigureAwait(false);

async Task<LocalCloud> StartAsync(ParseResult parse)
{
    bool loud = parse.GetValue(verbose);
    string? secret = parse.GetValue(signSecret);
    string[]? external = parse.GetValue(externalBroker)?.Split(':');
    var cloud = new LocalCloud(new LocalCloudOptions
    {
        HttpsPort = parse.GetValue(httpsPort),
        HttpPort = parse.GetValue(httpPort),
        ExternalBroker = external != null,
        BrokerHost = external?[0] ?? "127.0.0.1",
        BrokerPort = external is { Length: > 1 } ? int.Parse(external[1], System.Globalization.CultureInfo.InvariantCulture) : 1883,
        BrokerUserName = parse.GetValue(brokerUser),
        BrokerPassword = parse.GetValue(brokerPasswordFile) is { } pw ? File.ReadAllText(pw.FullName).Trim() : null,
        BrokerCaFile = parse.GetValue(brokerCa),
        EmbeddedBrokerPort = parse.GetValue(brokerPort),
        PublicHost = parse.GetValue(publicHost),
        BindAddress = parse.GetValue(bindAll) ? System.Net.IPAddress.Any : System.Net.IPAddress.Loopback,
        FirmwareBaseUrl = parse.GetValue(firmwareOrigin),
        DataDirectory = parse.GetValue(dataDir),
        UrlSigningSecret = secret == null ? null : Encoding.UTF8.GetBytes(secret),
        UnsignedUrls = parse.GetValue(unsigned),
        SignedUrlLifetime = TimeSpan.FromSeconds(parse.GetValue(urlLifetime)),
        Log = loud ? line => Console.Error.WriteLine(line) : null,
    });
    await cloud.StartAsync().ConfigureAwait(false);
    foreach (string device in parse.GetValue(provision) ?? [])
    {
        string[] parts = device.Split('/');
        if (parts.Length != 3)
        {
            throw new ArgumentException("--provision takes cloud/product/name, not '" + device + "'");
        }

        cloud.ProvisionDevice(new DeviceAddress(parts[0], parts[1], parts[2]));
    }

    Console.WriteLine("device secrets " + cloud.SecretsPath);
    Console.WriteLine("firmware server " + cloud.Firmware.HttpsBase + (cloud.Firmware.HttpBase is { } h ? " and " + h : string.Empty));
    Console.WriteLine("broker " + cloud.BrokerHost + ":" + cloud.BrokerPort + (cloud.BrokerTlsPort is { } t ? " (TLS " + t + ")" : string.Empty));
    Console.WriteLine("CA " + cloud.CaPemPath);
    return cloud;
}
