// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using OtaFirmware.Host.Mqtt;
using OtaFirmware.LocalCloud.Broker;
using OtaFirmware.Host.Tls;
using OtaFirmware.LocalCloud.Clouds;
using OtaFirmware.LocalCloud.Devices;
using OtaFirmware.LocalCloud.Firmware;

namespace OtaFirmware.LocalCloud;

/// <summary>
/// The local cloud in-process: the run's CA and server certificate, the HTTPS firmware server, the embedded
/// authenticating broker (<see cref="EmbeddedBroker"/>: devices sign in with their dialect's real credentials, provisioned
/// by <see cref="ProvisionDevice"/>, and use only their own topics) or a connection to an external broker, and
/// per-device update tracking (bounded by <see cref="LocalCloudOptions.MaxDevices"/>). A report counts only when it
/// comes from the reporting device's own authenticated identity (or from the gateway it is bound to). Push an update to named devices, to the devices listed in a file or to every device
/// that reported a version (the three methods of the Tencent console, seed 000); the update is sent at once to
/// devices already heard from and on first contact to the others. Success is judged as the clouds do: by the version
/// the device reports afterwards.
/// </summary>
/// <remarks>
/// A device is named by <c>{product}/{name}</c> (<see cref="DeviceAddress.Key"/>, <see cref="DeviceSnapshot.Key"/>):
/// the clouds make a device name unique only within its product, so the table, the permissions, the reports it
/// accepts and the push targets all go by both. Methods that take a device also accept a bare name as a shorthand
/// when exactly one device of that name is known (heard from, registered or provisioned); an ambiguous bare name
/// names no device.
/// </remarks>
public sealed class LocalCloud : IAsyncDisposable
{
    private readonly LocalCloudOptions _options;
    private readonly IReadOnlyList<ICloudProtocol> _clouds;
    // Keyed by (product, device name): names are unique only within a product.
    private readonly Dictionary<(string Product, string Name), DeviceEntry> _devices = new();
    private readonly object _gate = new();
    private readonly string _dataDirectory;
    private readonly bool _ownsDataDirectory;
    private MosquittoControlChannel? _mqtt;
    private EmbeddedBroker? _broker;
    private DeviceRegistry? _registry;
    private FirmwareServer? _server;
    private RunCertificates? _certificates;
    private readonly Dictionary<string, int> _refusedSubDevices = new(StringComparer.Ordinal);
    private long _nextJobId = 1000;

    /// <summary>Creates the cloud; <see cref="StartAsync"/> starts it.</summary>
    public LocalCloud(LocalCloudOptions? options = null)
    {
        _options = options ?? new LocalCloudOptions();
        _clouds = _options.Clouds ?? [new TencentCloud(), new AliyunCloud(), new JdCloud()];
        _ownsDataDirectory = _options.DataDirectory == null;
        _dataDirectory = _options.DataDirectory ?? Directory.CreateTempSubdirectory("ota-localcloud-").FullName;
    }

    /// <summary>Raised (on the MQTT thread or the caller's) after every change of a device.</summary>
    public event Action<DeviceSnapshot>? DeviceChanged;

    /// <summary>The run's certificates; <see cref="RunCertificates.CaPemPath"/> is the CA file devices trust.</summary>
    public RunCertificates Certificates => _certificates ?? throw NotStarted();

    /// <summary>Path of the CA PEM devices trust (HTTPS and MQTT over TLS).</summary>
    public string CaPemPath => Certificates.CaPemPath;

    /// <summary>The firmware server.</summary>
    public FirmwareServer Firmware => _server ?? throw NotStarted();

    /// <summary>The embedded broker, or null with <see cref="LocalCloudOptions.ExternalBroker"/>.</summary>
    public EmbeddedBroker? Broker => _broker;

    /// <summary>The provisioned devices and their secrets.</summary>
    public DeviceRegistry Registry => _registry ?? throw NotStarted();

    /// <summary>The device secrets file simulated boards read (<c>--secrets</c>); 0600 in a 0700 directory.</summary>
    public string SecretsPath => Registry.SecretsPath;

    /// <summary>Broker host devices connect to.</summary>
    public string BrokerHost => _broker != null ? _options.PublicHost ?? "127.0.0.1" : _options.BrokerHost;

    /// <summary>Broker port devices connect to (the embedded broker's TLS port).</summary>
    public int BrokerPort => _broker?.Port ?? _options.BrokerPort;

    /// <summary>Broker TLS port (embedded broker), or null.</summary>
    public int? BrokerTlsPort => _broker?.Port;

    /// <summary>The dialects served.</summary>
    public IReadOnlyList<ICloudProtocol> Clouds => _clouds;

    /// <summary>Every device known (heard from, registered or pushed to), ordered by product and name.</summary>
    public IReadOnlyList<DeviceSnapshot> Devices
    {
        get
        {
            lock (_gate)
            {
                return _devices.Values.Select(d => d.Snapshot()).OrderBy(d => d.Key, StringComparer.Ordinal).ToArray();
            }
        }
    }

    /// <summary>Generates the certificates, starts the firmware server (and the broker) and connects to the broker.</summary>
    /// <returns>A task that completes when the cloud is subscribed to every device topic.</returns>
    /// <exception cref="TimeoutException">The broker connection or the subscriptions did not complete within 10 s.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        _certificates = RunCertificates.Create(_dataDirectory, hostName: _options.PublicHost);
        _registry = new DeviceRegistry(Path.Combine(_dataDirectory, "devices"));
        UrlSigner? signer = _options.UnsignedUrls ? null : new UrlSigner(_options.UrlSigningSecret ?? RandomNumberGenerator.GetBytes(32));
        _server = new FirmwareServer(_certificates.Server, _options.HttpsPort, _options.HttpPort, signer)
        {
            SignedUrlLifetime = _options.SignedUrlLifetime,
            BindAddress = _options.BindAddress,
            PublicHost = _options.PublicHost,
        };
        await _server.StartAsync(cancellationToken).ConfigureAwait(false);
        if (!_options.ExternalBroker)
        {
            _broker = new EmbeddedBroker(
                new EmbeddedBrokerOptions
                {
                    Certificate = _certificates.Server,
                    Port = _options.EmbeddedBrokerPort,
                    BindAddress = _options.BindAddress,
                    MaxMessageBytes = _options.MaxMessageBytes,
                    Clock = _options.Clock ?? (() => DateTimeOffset.UtcNow),
                },
                new SignInVerifier(_registry),
                OnMessage,
                Log);
            await _broker.StartAsync().ConfigureAwait(false);
            Log("broker: embedded, TLS on " + BrokerHost + ":" + _broker.Port + "; firmware server: " + _server.HttpsBase + "; CA: " + CaPemPath);
            return;
        }

        string[] topics = _clouds.SelectMany(c => c.Subscriptions)
            .Concat(_clouds.Any(c => c.Name == "tencent") ? [TencentGatewayOperations.Subscription] : [])
            .ToArray();
        _mqtt = new MosquittoControlChannel(
            new MosquittoClientOptions
            {
                ClientId = "ota-localcloud-" + Guid.NewGuid().ToString("N")[..8],
                Username = _options.BrokerUserName,
                Password = _options.BrokerPassword,
                CaFile = _options.BrokerCaFile,
                ReconnectDelayMaxSeconds = 5,
            },
            BrokerHost,
            BrokerPort,
            topics,
            (topic, payload) => OnMessage(null, topic, payload));
        _mqtt.Connected += n => Log("mqtt: connected (#" + n + ") to " + BrokerHost + ":" + BrokerPort);
        _mqtt.Disconnected += rc => Log("mqtt: disconnected (" + rc + ")");
        _mqtt.Start();
        if (!await Task.Run(() => _mqtt.WaitConnected(TimeSpan.FromSeconds(10)), cancellationToken).ConfigureAwait(false))
        {
            throw new TimeoutException("no MQTT connection to " + BrokerHost + ":" + BrokerPort + " within 10 s");
        }

        Log("firmware server: " + _server.HttpsBase + (_server.HttpBase != null ? " and " + _server.HttpBase : string.Empty) + "; CA: " + CaPemPath);
    }

    /// <summary>Adds a firmware file under its file name.</summary>
    /// <returns>The package (its URL: <see cref="UrlFor"/>).</returns>
    public FirmwarePackage AddFirmware(string path, string version) =>
        Firmware.Add(SafeName(Path.GetFileName(path)), version, File.ReadAllBytes(path));

    /// <summary>Adds a firmware image from memory, named <paramref name="name"/> or <c>firmware-{version}.bin</c>.</summary>
    /// <returns>The package.</returns>
    public FirmwarePackage AddFirmware(byte[] content, string version, string? name = null) =>
        Firmware.Add(SafeName(name ?? "firmware-" + version + ".bin"), version, content);

    /// <summary>The URL <paramref name="device"/> gets for <paramref name="package"/> (signed unless signing is off).</summary>
    /// <returns>An https URL on the announced host (or the external firmware origin).</returns>
    public string UrlFor(FirmwarePackage package, string? device = null) =>
        _options.FirmwareBaseUrl is { } origin
            ? Firmware.SignedUrl(origin.ToString().TrimEnd('/') + "/" + package.Name, package, device)
            : Firmware.UrlFor(package, device: device);

    /// <summary>
    /// Provisions a device (a cloud console's "create device"): generates its secret (or keeps the existing one) and
    /// writes it to <see cref="SecretsPath"/>. The embedded broker accepts only provisioned devices.
    /// </summary>
    /// <returns>The device's configuration fragment with its credentials.</returns>
    public OtaFirmware.Configuration.DeviceConfiguration ProvisionDevice(DeviceAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Registry.Provision(address);
    }

    /// <summary>Makes a device known before it reports, so an update can be sent to it at once.</summary>
    public void RegisterDevice(DeviceAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        DeviceSnapshot snapshot;
        lock (_gate)
        {
            DeviceEntry entry = Entry(address.Product, address.Device) ?? throw new InvalidOperationException("the device table is full (" + _options.MaxDevices + ")");
            if (entry.Address != null && entry.Address.Cloud != address.Cloud)
            {
                throw new InvalidOperationException(address.Key + " is already a " + entry.Address.Cloud + " device");
            }

            entry.Address ??= address;
            snapshot = entry.Snapshot();
        }

        Raise(snapshot);
    }

    /// <summary>Assigns <paramref name="package"/> to the named devices (console method "batch update specified devices").</summary>
    /// <param name="package">The firmware.</param>
    /// <param name="deviceNames">Devices as <c>{product}/{name}</c>, or bare names that name exactly one known device; an
    /// ambiguous bare name, and a bare name of a device never heard of, are refused (logged).</param>
    /// <returns>The targets the update was assigned to, spelled as given.</returns>
    public IReadOnlyList<string> PushUpdate(FirmwarePackage package, IEnumerable<string> deviceNames)
    {
        ArgumentNullException.ThrowIfNull(package);
        ArgumentNullException.ThrowIfNull(deviceNames);
        var assigned = new List<string>();
        var changed = new List<DeviceSnapshot>();
        lock (_gate)
        {
            foreach (string raw in deviceNames)
            {
                string name = raw.Trim();
                if (name.Length == 0 || assigned.Contains(name))
                {
                    continue;
                }

                if (ResolveLocked(name) is not { } key)
                {
                    Log("push: " + name + " refused: " + (name.Contains('/') ? "not product/name" : "no single known device of that name; give product/name"));
                    continue;
                }

                DeviceEntry? entry = Entry(key.Product, key.Name);
                if (entry == null)
                {
                    Log("push: " + name + " refused, the device table is full");
                    continue;
                }

                entry.Assign(package, Interlocked.Increment(ref _nextJobId));
                if (entry.Address != null)
                {
                    SendUpgrade(entry);
                }
                else
                {
                    Log("push: " + name + " not heard from yet; the update goes out on first contact");
                }

                assigned.Add(name);
                changed.Add(entry.Snapshot());
            }
        }

        changed.ForEach(Raise);
        return assigned;
    }

    /// <summary>Assigns <paramref name="package"/> to the devices named in a file, one per line ('#' starts a comment) (console method "devices in the template file").</summary>
    /// <returns>The device names the update was assigned to.</returns>
    public IReadOnlyList<string> PushUpdateToDevicesInFile(FirmwarePackage package, string path) =>
        PushUpdate(package, File.ReadAllLines(path).Select(l => l.Split('#')[0].Trim()).Where(l => l.Length > 0));

    /// <summary>Assigns <paramref name="package"/> to every device whose last reported version is <paramref name="fromVersion"/> (console method "all devices by version").</summary>
    /// <returns>The devices (<c>{product}/{name}</c>) the update was assigned to (empty when none reported that version).</returns>
    public IReadOnlyList<string> PushUpdateToVersion(FirmwarePackage package, string fromVersion)
    {
        string[] names;
        lock (_gate)
        {
            names = _devices.Values.Where(d => d.ReportedVersion == fromVersion).Select(d => d.Key).ToArray();
        }

        return PushUpdate(package, names);
    }

    /// <summary>The device's current state, or null when unknown.</summary>
    /// <param name="name"><c>{product}/{name}</c>, or a bare name that names exactly one known device.</param>
    /// <returns>The snapshot, or null (unknown, or an ambiguous bare name).</returns>
    public DeviceSnapshot? Device(string name)
    {
        lock (_gate)
        {
            return ResolveLocked(name) is { } key && _devices.TryGetValue(key, out DeviceEntry? entry) ? entry.Snapshot() : null;
        }
    }

    /// <summary>Waits until <paramref name="predicate"/> holds for the device.</summary>
    /// <param name="name"><c>{product}/{name}</c>, or a bare name (a device not known yet is waited for by name).</param>
    /// <param name="predicate">The condition.</param>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The first snapshot that satisfied it.</returns>
    /// <exception cref="TimeoutException">It did not within <paramref name="timeout"/> (the message has the last state).</exception>
    public async Task<DeviceSnapshot> WaitFor(string name, Func<DeviceSnapshot, bool> predicate, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<DeviceSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Check(DeviceSnapshot s)
        {
            if ((s.Key == name || (s.Name == name && Device(name)?.Key == s.Key)) && predicate(s))
            {
                done.TrySetResult(s);
            }
        }

        DeviceChanged += Check;
        try
        {
            DeviceSnapshot? now = Device(name);
            if (now != null)
            {
                Check(now);
            }

            Task finished = await Task.WhenAny(done.Task, Task.Delay(timeout)).ConfigureAwait(false);
            if (finished != done.Task)
            {
                throw new TimeoutException("device " + name + " did not reach the expected state within " + timeout + "; last: " + (Device(name)?.ToString() ?? "unknown"));
            }

            return await done.Task.ConfigureAwait(false);
        }
        finally
        {
            DeviceChanged -= Check;
        }
    }

    /// <summary>Waits until the current update of every named device succeeded or failed.</summary>
    /// <returns>The final snapshots, in the order of <paramref name="names"/>.</returns>
    /// <exception cref="TimeoutException">Not all finished in time.</exception>
    public async Task<IReadOnlyList<DeviceSnapshot>> WaitForFinished(IEnumerable<string> names, TimeSpan timeout)
    {
        Task<DeviceSnapshot>[] waits = names.Select(n => WaitFor(n, s => s.IsFinished, timeout)).ToArray();
        return await Task.WhenAll(waits).ConfigureAwait(false);
    }

    /// <summary>Publishes a raw message (tests use it to send malformed commands).</summary>
    /// <returns>True when queued.</returns>
    public bool Publish(CloudMessage message) => Transmit(message);

    /// <summary>Disconnects, stops the server and the broker, and deletes a temporary data directory.</summary>
    /// <returns>A task that completes when everything stopped.</returns>
    public async ValueTask DisposeAsync()
    {
        _mqtt?.Dispose();
        _mqtt = null;
        if (_broker != null)
        {
            await _broker.DisposeAsync().ConfigureAwait(false);
            _broker = null;
        }

        if (_server != null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
            _server = null;
        }

        _certificates?.Dispose();
        if (_ownsDataDirectory)
        {
            try
            {
                Directory.Delete(_dataDirectory, true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// Makes the cloud refuse to bring the sub-device online when a gateway asks (Tencent gateway operation result
    /// <paramref name="resultCode"/>, non-zero); the gateway must then skip it.
    /// </summary>
    public void RefuseSubDevice(string product, string device, int resultCode = -1)
    {
        ArgumentOutOfRangeException.ThrowIfZero(resultCode);
        lock (_gate)
        {
            _refusedSubDevices[product + "/" + device] = resultCode;
        }
    }

    /// <summary>Accepts the sub-device again (undoes <see cref="RefuseSubDevice"/>).</summary>
    public void AcceptSubDevice(string product, string device)
    {
        lock (_gate)
        {
            _refusedSubDevices.Remove(product + "/" + device);
        }
    }

    private void HandleGatewayOperation(DeviceAddress gateway, bool online, IReadOnlyList<TencentGatewayOperations.SubDevice> devices)
    {
        var results = new List<(TencentGatewayOperations.SubDevice, int)>();
        var snapshots = new List<DeviceSnapshot>();
        lock (_gate)
        {
            foreach (TencentGatewayOperations.SubDevice device in devices)
            {
                int result = _refusedSubDevices.TryGetValue(device.Product + "/" + device.Device, out int code) ? code : 0;
                results.Add((device, result));
                Log("gateway " + gateway.Product + "/" + gateway.Device + ": sub-device " + device.Product + "/" + device.Device
                    + (result == 0 ? (online ? " online" : " offline") : " REFUSED (" + result + ")"));
                var address = new DeviceAddress("tencent", device.Product, device.Device);
                if (result == 0 && _broker != null)
                {
                    if (!online)
                    {
                        _broker.Unbind(gateway, address);
                    }
                    else if (!_broker.Bind(gateway, address, Registry))
                    {
                        result = -1;
                        results[^1] = (device, result);
                        Log("gateway " + gateway.Product + "/" + gateway.Device + ": sub-device " + device.Product + "/" + device.Device + " REFUSED (signs in itself or bound elsewhere)");
                    }
                }

                DeviceEntry? entry = result == 0 ? Entry(device.Product, device.Device) : null;
                if (entry != null)
                {
                    entry.Address ??= address;
                    entry.Gateway = gateway.Product + "/" + gateway.Device;
                    entry.Heard();
                    snapshots.Add(entry.Snapshot());
                }
            }

            Send(TencentGatewayOperations.Result(gateway, online, results));
        }

        foreach (DeviceSnapshot snapshot in snapshots)
        {
            Raise(snapshot);
        }
    }

    // sender: the authenticated identity the embedded broker vouches for; null with an external broker, whose ACL
    // must then tie topics to identities.
    private void OnMessage(BrokerIdentity? sender, string topic, byte[] payload)
    {
        if (payload.Length > _options.MaxMessageBytes)
        {
            Log("?? " + topic + " refused: " + payload.Length + " bytes exceed " + _options.MaxMessageBytes);
            return;
        }

        if (TencentGatewayOperations.TryParse(topic, payload, out DeviceAddress? gateway, out bool online, out IReadOnlyList<TencentGatewayOperations.SubDevice> subDevices))
        {
            if (sender != null && sender.Device != gateway)
            {
                Log("?? " + topic + " refused: sent by " + sender);
                return;
            }

            Log("<- " + topic + " " + Json.Utf8(payload));
            HandleGatewayOperation(gateway!, online, subDevices);
            return;
        }

        foreach (ICloudProtocol cloud in _clouds)
        {
            DeviceReport? report = cloud.Parse(topic, payload);
            if (report != null)
            {
                if (sender != null && sender.Device != report.Device && !IsBoundSubDeviceOf(sender, report.Device))
                {
                    Log("?? " + topic + " refused: sent by " + sender);
                    return;
                }

                Log("<- " + topic + " " + Json.Utf8(payload));
                Handle(cloud, report);
                return;
            }
        }

        Log("?? " + topic + " (unreadable) " + Json.Utf8(payload));
    }

    private void Handle(ICloudProtocol cloud, DeviceReport report)
    {
        DeviceSnapshot snapshot;
        lock (_gate)
        {
            DeviceEntry? entry = Entry(report.Device.Product, report.Device.Device);
            if (entry == null)
            {
                Log("?? report from " + report.Device.Key + " dropped: the device table is full (" + _options.MaxDevices + ")");
                return;
            }

            if (entry.Address != null && entry.Address.Cloud != report.Device.Cloud)
            {
                Log("?? report from " + report.Device.Cloud + " " + report.Device.Key + " dropped: that product/name is a " + entry.Address.Cloud + " device");
                return;
            }

            entry.Address = report.Device;
            entry.Heard();
            entry.Apply(report);
            UpdateOffer? pending = entry.IsPending ? Offer(entry) : null;
            IReadOnlyList<CloudMessage> answers = cloud.Answer(report, pending);
            if (pending != null && answers.Count > 0 && report.Kind != DeviceReportKind.Progress)
            {
                entry.CommandsSent++;
                entry.Resent();
            }

            foreach (CloudMessage answer in answers)
            {
                Send(answer);
            }

            snapshot = entry.Snapshot();
        }

        Raise(snapshot);
    }

    private void SendUpgrade(DeviceEntry entry)
    {
        ICloudProtocol? cloud = _clouds.FirstOrDefault(c => c.Name == entry.Address!.Cloud);
        if (cloud == null)
        {
            Log("push: no dialect named " + entry.Address!.Cloud);
            return;
        }

        entry.CommandsSent++;
        Send(cloud.Upgrade(entry.Address!, Offer(entry)));
    }

    private UpdateOffer Offer(DeviceEntry entry)
    {
        FirmwarePackage package = entry.Package!;
        return new UpdateOffer(package.Version, UrlFor(package, entry.Key), package.Size, package.Md5, entry.JobId);
    }

    private void Send(CloudMessage message)
    {
        bool queued = Transmit(message);
        Log((queued ? "-> " : "-X ") + message.Topic + " " + message.Text);
    }

    private bool Transmit(CloudMessage message) =>
        _broker != null ? _broker.Publish(message.Topic, message.Payload, message.Qos) : _mqtt != null && _mqtt.Publish(message.Topic, message.Payload, message.Qos);

    private bool IsBoundSubDeviceOf(BrokerIdentity sender, DeviceAddress device)
    {
        lock (_gate)
        {
            return _devices.TryGetValue((device.Product, device.Device), out DeviceEntry? entry) && sender.Device is { } g && entry.Gateway == g.Key;
        }
    }

    private DeviceEntry? Entry(string product, string name)
    {
        if (!_devices.TryGetValue((product, name), out DeviceEntry? entry))
        {
            if (_devices.Count >= _options.MaxDevices)
            {
                return null;
            }

            entry = new DeviceEntry(product, name);
            _devices.Add((product, name), entry);
        }

        return entry;
    }

    // "{product}/{name}" names that device; a bare name names the one device of that name in the table or, when the
    // table has none, among the provisioned devices; otherwise (none, or several) nothing.
    private (string Product, string Name)? ResolveLocked(string target)
    {
        int slash = target.IndexOf('/');
        if (slash >= 0)
        {
            return slash > 0 && slash < target.Length - 1 && target.IndexOf('/', slash + 1) < 0 ? (target[..slash], target[(slash + 1)..]) : null;
        }

        (string, string)[] known = _devices.Keys.Where(k => k.Name == target).ToArray();
        if (known.Length == 0 && _registry != null)
        {
            known = _registry.Addresses().Where(a => a.Device == target).Select(a => (a.Product, a.Device)).Distinct().ToArray();
        }

        return known.Length == 1 ? known[0] : null;
    }

    private void Raise(DeviceSnapshot snapshot)
    {
        try
        {
            DeviceChanged?.Invoke(snapshot);
        }
        catch (Exception ex)
        {
            Log("DeviceChanged handler failed: " + ex.Message);
        }
    }

    private void Log(string line) => _options.Log?.Invoke(line);

    private static string SafeName(string name)
    {
        var chars = name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray();
        return chars.Length == 0 ? "firmware.bin" : new string(chars);
    }

    private static InvalidOperationException NotStarted() => new("the local cloud is not started (call StartAsync)");
}
