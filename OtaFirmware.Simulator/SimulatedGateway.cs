// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography.X509Certificates;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Links.Smp;
using OtaFirmware.Gateway.Staging;
using OtaFirmware.Host.Gateway;
using OtaFirmware.Host.Http;
using OtaFirmware.Host.Mqtt;
using OtaFirmware.Host.Signing;
using OtaFirmware.Integrity;
using OtaFirmware.SimulatedHardware;
using OtaFirmware.SimulatedHardware.SubDevice;
using OtaFirmware.Update;

namespace OtaFirmware.Simulator;

/// <summary>
/// A simulated gateway: the real <see cref="GatewayAgent"/> with its staging area on a simulated NOR flash, MQTT
/// through libmosquitto, HTTPS through HttpClient, and N simulated MCUboot sub-devices, each on its own OS pipe pair
/// speaking SMP with its own flash. A simulated power cut of the staging flash ends the boot; the gateway boots
/// again over the same flash (the sub-devices keep running).
/// </summary>
/// <remarks>
/// Two ways to run it. On a <see cref="SimulatedBoard"/> (<see cref="SimulatedBoard.Gateway"/>), as on the device:
/// one connection for the board's agent and the gateway agent, routed by the portable
/// <see cref="ControlPlaneRouter"/>, one acknowledgement count, and every board reset stops the gateway agent
/// mid-step (a sub-device upload is cut and resumes after the boot). Alone (<see cref="Run"/>): a gateway board
/// without an agent of its own, with a connection of its own through the same router.
/// </remarks>
public sealed class SimulatedGateway : IDisposable
{
    private readonly GatewayBoardOptions _options;
    private readonly BoardLog _log;
    private readonly NorFlash _staging;
    private readonly GatewaySubDevice[] _links;
    private readonly List<IDisposable> _ports = [];
    private readonly List<IDisposable> _keys = [];
    private volatile GatewayAgent? _agent;
    private Thread? _boardThread;
    private HttpClientFirmwareSource? _boardSource;
    private BoundedFirmwareSource? _boardBounded;

    /// <summary>Creates the gateway and starts its sub-devices (version 1.0.0).</summary>
    /// <exception cref="ArgumentException">A signing key is not valid (<see cref="GatewayBoardOptions.SigningKeyError"/>).</exception>
    public SimulatedGateway(GatewayBoardOptions options, bool logToConsole)
    {
        if (options.SigningKeyError() is { } keyError)
        {
            throw new ArgumentException(keyError, nameof(options));
        }

        _options = options;
        _log = new BoardLog(options.Name, logToConsole);
        _staging = new NorFlash(new MemoryFlashMedium(options.StagingSize));
        var clock = new SystemClock();
        SubDevices = new SimulatedSubDevice[options.SubDevices.Count];
        _links = new GatewaySubDevice[options.SubDevices.Count];
        for (int i = 0; i < SubDevices.Length; i++)
        {
            (PipeSerialPort gatewayEnd, PipeSerialPort deviceEnd) = PipeSerialPort.CreatePair();
            _ports.Add(gatewayEnd);
            _ports.Add(deviceEnd);
            // A trusted key, as on the device (OtaFirmware/Program.cs): the gateway checks the signature before uploading,
            // and the sub-device's MCUboot, built with the same key, checks it again at the swap (its own instance: the
            // bootloader runs on its own thread). The factory image stays unsigned (the simulator holds no private key):
            // the simulated MCUboot checks the signature of images it swaps to, never of the one it starts with.
            byte[]? key = options.SigningKey(options.SubDevices[i].Product, options.SubDevices[i].Name);
            EcdsaP256ImageVerifier? gatewayKey = key == null ? null : new EcdsaP256ImageVerifier(key);
            EcdsaP256ImageVerifier? bootloaderKey = key == null ? null : new EcdsaP256ImageVerifier(key);
            if (key != null)
            {
                _keys.Add(gatewayKey!);
                _keys.Add(bootloaderKey!);
            }

            SubDevices[i] = new SimulatedSubDevice(deviceEnd, clock, new Sha256(), McubootImage.Build(1, 0, 0, 0, options.FactoryPayload, i + 1), options.SubDeviceSlotSize, bootloaderKey);
            SubDevices[i].Start();
            var id = new SubDeviceId(options.SubDevices[i].Product, options.SubDevices[i].Name);
            // As on the device: refusing downgrades, the gateway also asks each sub-device for upgrades only.
            _links[i] = new GatewaySubDevice(id, new SmpSubDeviceLink(gatewayEnd, clock, options.ChunkSize, 300, 3) { RequireNewerImage = !options.Agent.AllowDowngrade }, gatewayKey);
        }
    }

    /// <summary>The gateway's log.</summary>
    public BoardLog Log => _log;

    /// <summary>The simulated sub-devices, in configuration order.</summary>
    public SimulatedSubDevice[] SubDevices { get; }

    /// <summary>The staging flash (arm a <see cref="PowerCutPlan"/> on it for fault tests).</summary>
    public NorFlash StagingFlash => _staging;

    /// <summary>The agent of the current boot (null between boots).</summary>
    public GatewayAgent? Agent => _agent;

    /// <summary>Gateway boots so far.</summary>
    public int Boots { get; private set; }

    /// <summary>Runs the gateway until <paramref name="cancel"/> fires. Blocks; run it on its own thread.</summary>
    public void Run(CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            RunOneBoot(cancel);
        }
    }

    /// <summary>Stops the sub-devices and closes their lines.</summary>
    public void Dispose()
    {
        foreach (SimulatedSubDevice device in SubDevices)
        {
            device.Stop();
        }

        foreach (IDisposable port in _ports)
        {
            port.Dispose();
        }

        foreach (IDisposable key in _keys)
        {
            key.Dispose();
        }
    }

    /// <summary>
    /// Boots the gateway agent on the board's connection (called by <see cref="SimulatedBoard"/> at every boot, before
    /// the connection starts): its topics are routed in <paramref name="router"/>, it runs on its own thread.
    /// </summary>
    public void StartOnBoard(MosquittoControlChannel channel, ControlPlaneRouter router)
    {
        var gatewayChannel = new MosquittoGatewayChannel(channel, router);
        _boardSource = NewSource();
        _boardBounded = new BoundedFirmwareSource(_boardSource, _options.Agent.ChunkSize);
        GatewayAgent agent = NewAgent(gatewayChannel, _boardBounded);
        gatewayChannel.Attach(agent);
        channel.Connected += _ => agent.OnConnected();
        Boots++;
        _log.Write("gateway boot " + Boots + " on the board's connection");
        _agent = agent;
        _boardThread = new Thread(() => RunAgent(agent)) { IsBackground = true, Name = "gateway agent" };
        _boardThread.Start();
    }

    /// <summary>Stops the gateway agent of the board's boot (the board resets): whatever it was doing is cut.</summary>
    public void StopOnBoard()
    {
        GatewayAgent? agent = _agent;
        agent?.Stop();
        _boardThread?.Join();
        _boardThread = null;
        _boardBounded?.Dispose();
        _boardBounded = null;
        _boardSource?.Dispose();
        _boardSource = null;
        _agent = null;
    }

    private void RunOneBoot(CancellationToken cancel)
    {
        Boots++;
        _log.Write("gateway boot " + Boots);
        var router = new ControlPlaneRouter(_log);
        using var mqtt = new MosquittoControlChannel(
            BoardSignIn.Options("tencent", _options.Product, _options.Name, _options.SecretsFile, _options.MqttCaFile),
            _options.BrokerHost,
            _options.BrokerPort,
            router);
        using HttpClientFirmwareSource http = NewSource();
        using var source = new BoundedFirmwareSource(http, _options.Agent.ChunkSize);
        var gatewayChannel = new MosquittoGatewayChannel(mqtt, router);
        GatewayAgent agent = NewAgent(gatewayChannel, source);
        gatewayChannel.Attach(agent);
        router.Route(TencentGatewayTopics.OperationResult(_options.Product, _options.Name), agent);
        mqtt.Connected += _ => agent.OnConnected();
        _agent = agent;
        using CancellationTokenRegistration stop = cancel.Register(agent.Stop);
        mqtt.Start();
        RunAgent(agent);
    }

    private void RunAgent(GatewayAgent agent)
    {
        try
        {
            agent.Run();
        }
        catch (PowerLossException ex)
        {
            _log.Write("power cut: " + ex.Message);
            _staging.PowerOn();
        }
        finally
        {
            _agent = null;
        }
    }

    private HttpClientFirmwareSource NewSource() => new(new HttpFirmwareSourceOptions
    {
        TrustedAuthority = _options.HttpsCaFile == null ? null : X509Certificate2.CreateFromPem(File.ReadAllText(_options.HttpsCaFile)),
    });

    /// <summary>The gateway agent over <paramref name="source"/>: the HTTP source inside <see cref="BoundedFirmwareSource"/>, as on the device.</summary>
    private GatewayAgent NewAgent(IGatewayChannel channel, IFirmwareSource source)
    {
        var dialectOptions = new DialectOptions { AllowHttpOnLoopback = _options.AllowHttp };
        return new GatewayAgent(_options.Product, _options.Name, channel, source, _staging, _links, dialectOptions, new SystemClock(), _log, new Md5(), new Sha256(), _options.Agent);
    }
}
