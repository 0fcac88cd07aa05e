// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography.X509Certificates;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.JdCloud;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Configuration;
using OtaFirmware.Connectivity;
using OtaFirmware.Host.Signing;
using OtaFirmware.Integrity;
using OtaFirmware.Security;
using OtaFirmware.Update;
using OtaFirmware.Host.Flash;
using OtaFirmware.Host.Http;
using OtaFirmware.Host.Mqtt;
using OtaFirmware.SimulatedHardware;

namespace OtaFirmware.Simulator;

/// <summary>
/// One simulated ESP32 running the same agent, pipeline and dialects as the device: the simulated flash (in a file,
/// so that killing the process is a power cut), the simulated ESP-IDF bootloader at every reset, MQTT through
/// libmosquitto and HTTPS through HttpClient. <see cref="Run"/> boots, runs the agent, and on every reset (the reboot
/// into a new image, a rollback) or simulated power cut boots again from the same flash.
/// </summary>
public sealed class SimulatedBoard
{
    private const int HealthPollMilliseconds = 100;

    private readonly BoardOptions _options;
    private readonly BoardLog _log;
    private volatile OtaAgent? _agent;
    private int _boots;

    /// <summary>Creates a board; nothing runs until <see cref="Run"/>.</summary>
    public SimulatedBoard(BoardOptions options, bool logToConsole)
    {
        _options = options;
        _log = new BoardLog(options.Name, logToConsole);
    }

    /// <summary>The board's log (subscribe to <see cref="BoardLog.Line"/> to watch it).</summary>
    public BoardLog Log => _log;

    /// <summary>Boots so far (1 after the first power-on).</summary>
    public int Boots => _boots;

    /// <summary>The version the bootloader started at the last boot.</summary>
    public string? RunningVersion { get; private set; }

    /// <summary>The agent of the current boot (null between boots).</summary>
    public OtaAgent? Agent => _agent;

    /// <summary>
    /// The gateway this board runs beside its own agent (null: none), as a gateway board does: both agents share the
    /// board's one connection through a <see cref="ControlPlaneRouter"/>, and every reset of the board stops the
    /// gateway agent too. Its product and name must be the board's (the gateway signs in as the board).
    /// </summary>
    public SimulatedGateway? Gateway { get; init; }

    /// <summary>The connection of the current boot (null between boots).</summary>
    public MosquittoControlChannel? Channel { get; private set; }

    /// <summary>The router of the current boot's connection (null between boots).</summary>
    public ControlPlaneRouter? Router { get; private set; }

    /// <summary>An armed power cut for the next boot's flash (in-process fault tests).</summary>
    public PowerCutPlan? PowerCutPlan { get; set; }

    /// <summary>Runs the board until <paramref name="cancel"/> fires. Blocks; run it on its own thread.</summary>
    public void Run(CancellationToken cancel)
    {
        IFlashMedium medium = OpenMedium();
        try
        {
            while (!cancel.IsCancellationRequested)
            {
                try
                {
                    RunOneBoot(medium, cancel);
                }
                catch (Exception ex) when (!cancel.IsCancellationRequested)
                {
                    // What a watchdog does on the device: the crash is logged and the board resets.
                    _log.Write("crash: " + ex.GetType().Name + ": " + ex.Message + "; watchdog reset in 1 s");
                    cancel.WaitHandle.WaitOne(1000);
                }
            }
        }
        finally
        {
            (medium as IDisposable)?.Dispose();
        }
    }

    // The chip's eFuses outlive every reset (the anti-rollback counter raised by a confirmed image stays); not the process.
    private readonly SimulatedEfuse _efuse = new();

    private void RunOneBoot(IFlashMedium medium, CancellationToken cancel)
    {
        (string csv, int chipId) = Layout(_options.Board);
        SimulatedEsp32 esp = SimulatedEsp32.Open(medium, chipId, _efuse)
            ?? SimulatedEsp32.Create(medium, csv, chipId, _options.FactoryVersion, _options.FactoryImageSize, _options.Name.GetHashCode(), _efuse);
        BootResult boot = esp.Boot();
        _boots++;
        if (!boot.IsOk)
        {
            _log.Write("bootloader: nothing bootable: " + boot.FailureReason);
            cancel.WaitHandle.WaitOne();
            return;
        }

        RunningVersion = boot.Version;
        _log.Write($"boot {_boots} since power-on: bootloader started slot ota_{boot.Slot} ({boot.Version}, {boot.State})");
        if (PowerCutPlan != null)
        {
            esp.Flash.SetPowerCutPlan(PowerCutPlan);
            PowerCutPlan = null;
        }

        _options.Agent.ChipId = chipId;
        SimulatedFirmwareSlot slot = esp.OpenSlot(boot);
        ICloudDialect dialect = CreateDialect();
        var router = new ControlPlaneRouter(_log);
        using var channel = new MosquittoControlChannel(
            BoardSignIn.Options(_options.Cloud, _options.Product, _options.Name, _options.SecretsFile, _options.MqttCaFile),
            _options.BrokerHost,
            _options.BrokerPort,
            router);
        using var source = new HttpClientFirmwareSource(new HttpFirmwareSourceOptions
        {
            TrustedAuthority = _options.HttpsCaFile == null ? null : X509Certificate2.CreateFromPem(File.ReadAllText(_options.HttpsCaFile)),
        });
        // As on the device: the HTTP source's blocking calls run on the wrapper's worker, so each pipeline step returns
        // within the bound whatever the server does (disposed first: it closes the source and lets its thread end).
        using var boundedSource = new BoundedFirmwareSource(source, _options.Agent.ChunkSize);
        if (_options.UnhealthyVersions.Contains(slot.RunningVersion))
        {
            _log.Write("version " + slot.RunningVersion + " is marked unhealthy: its network is simulated as broken");
        }

        var clock = new SystemClock();
        var health = new ConnectivityHealthCheck(
            new SimulatedConnectivityProbe(channel, slot.RunningVersion, _options.UnhealthyVersions), clock, _options.HealthCheckSeconds * 1000, HealthPollMilliseconds);
        var record = new UpdateRecord(new ResumeJournal(esp.ResumeRecordRegion));
        var pipeline = new UpdatePipeline(slot, boundedSource, record, new byte[_options.Agent.ChunkSize], _options.Agent.ChunkSize, _options.Agent.RequestWindow, _options.Agent.ChipId, new Md5(), new Sha256());
        pipeline.Policy = CreatePolicy(esp);
        var agent = new OtaAgent(dialect, channel, slot, record, pipeline, clock, _log, health, _options.Agent);
        router.RouteAll(dialect.SubscriptionTopics, agent);
        channel.Connected += _ => agent.OnConnected();
        _agent = agent;
        Channel = channel;
        Router = router;
        Gateway?.StartOnBoard(channel, router);
        using CancellationTokenRegistration stop = cancel.Register(agent.Stop);
        channel.Start();
        try
        {
            agent.Run();
        }
        catch (SimulatedResetException)
        {
            _log.Write("reset");
        }
        catch (PowerLossException ex)
        {
            _log.Write("power cut: " + ex.Message);
        }
        finally
        {
            // the reset takes the whole board down: the gateway agent stops wherever it was (a sub-device upload is cut)
            Gateway?.StopOnBoard();
            _agent = null;
            Channel = null;
            Router = null;
        }
    }

    /// <summary>The device's image policy: the trusted key digests (host RSA-PSS, the twin of the device's mbedtls
    /// check), the downgrade setting, and the anti-rollback counter read from the simulated eFuse at this boot.</summary>
    private ImagePolicy CreatePolicy(SimulatedEsp32 esp)
    {
        ImageSignatureCheck? signature = null;
        if (_options.TrustedKeyDigests.Count > 0)
        {
            byte[] digests = _options.TrustedKeyDigests.SelectMany(Convert.FromHexString).ToArray();
            signature = new ImageSignatureCheck(new RsaPssVerifier(), new Sha256(), digests);
            _log.Write($"images: Secure Boot v2 signatures verified against {_options.TrustedKeyDigests.Count} trusted key digest(s)");
        }
        else
        {
            _log.Write("images: UNSIGNED IMAGES ACCEPTED (no trusted key digest; development only)");
        }

        _log.Write("images: downgrades " + (_options.AllowDowngrade ? "allowed" : "refused") + "; anti-rollback counter " + esp.Efuse.SecureVersion);
        return new ImagePolicy(signature, _options.AllowDowngrade, esp.Efuse.SecureVersion);
    }

    private IFlashMedium OpenMedium()
    {
        (_, int size) = (0, _options.Board == "esp32s3-8mb" ? BoardLayouts.Esp32S3FlashSize : BoardLayouts.Esp32FlashSize);
        if (_options.FlashFile == null)
        {
            return new MemoryFlashMedium(size);
        }

        return new FileFlashMedium(_options.FlashFile, size);
    }

    private ICloudDialect CreateDialect()
    {
        CloudKind cloud = DeviceConfigurationReader.CloudFromName(_options.Cloud);
        return DialectFactory.Create(cloud, _options.Product, _options.Name, new DialectOptions { AllowHttpOnLoopback = _options.AllowHttp })
            ?? throw new ArgumentException("unknown cloud '" + _options.Cloud + "' (tencent, aliyun, jdcloud)");
    }

    private static (string Csv, int ChipId) Layout(string board) => board switch
    {
        "esp32-4mb" => (BoardLayouts.Esp32FourMegabytes, 0x0000),
        "esp32s3-8mb" => (BoardLayouts.Esp32S3EightMegabytes, 0x0009),
        _ => throw new ArgumentException("unknown board '" + board + "' (esp32-4mb, esp32s3-8mb)"),
    };
}
