// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography.X509Certificates;
using OtaFirmware.Agent;
using OtaFirmware.Clouds;
using OtaFirmware.Clouds.Aliyun;
using OtaFirmware.Clouds.JdCloud;
using OtaFirmware.Clouds.Tencent;
using OtaFirmware.Host.Flash;
using OtaFirmware.Host.Http;
using OtaFirmware.Host.Json;
using OtaFirmware.Host.Mqtt;
using OtaFirmware.Simulation;

namespace OtaFirmware.Simulator;

/// <summary>
/// One simulated ESP32 running the same agent, pipeline and dialects as the device: the simulated flash (in a file,
/// so that killing the process is a power cut), the simulated ESP-IDF bootloader at every reset, MQTT through
/// libmosquitto and HTTPS through HttpClient. <see cref="Run"/> boots, runs the agent, and on every reset (the reboot
/// into a new image, a rollback) or simulated power cut boots again from the same flash.
/// </summary>
public sealed class SimulatedBoard
{
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

    private void RunOneBoot(IFlashMedium medium, CancellationToken cancel)
    {
        (string csv, int chipId) = Layout(_options.Board);
        SimulatedEsp32 esp = SimulatedEsp32.Open(medium, chipId)
            ?? SimulatedEsp32.Create(medium, csv, chipId, _options.FactoryVersion, _options.FactoryImageSize, _options.Name.GetHashCode());
        BootResult boot = esp.Boot();
        _boots++;
        if (!boot.Succeeded)
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
        OtaAgent? agent = null;
        using var channel = new MosquittoControlChannel(
            BoardSignIn.Options(_options.Cloud, _options.Product, _options.Name, _options.SecretsFile, _options.MqttCaFile),
            _options.BrokerHost,
            _options.BrokerPort,
            dialect.SubscriptionTopics,
            (topic, payload) => agent?.Enqueue(topic, payload));
        using var source = new HttpClientFirmwareSource(new HttpFirmwareSourceOptions
        {
            TrustedAuthority = _options.HttpsCaFile == null ? null : X509Certificate2.CreateFromPem(File.ReadAllText(_options.HttpsCaFile)),
        });
        var health = new ReachableCloudHealthCheck(channel, () => slot.RunningVersion, _options.UnhealthyVersions, TimeSpan.FromSeconds(_options.HealthCheckSeconds));
        agent = new OtaAgent(dialect, channel, slot, source, esp.ResumeRecordRegion, new SystemClock(), _log, health, _options.Agent);
        channel.Connected += _ => agent.OnConnected();
        _agent = agent;
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
            _agent = null;
        }
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
        var codec = new SystemTextJsonCodec();
        var options = new DialectOptions { AllowHttpOnLoopback = _options.AllowHttp };
        return _options.Cloud switch
        {
            "tencent" => new TencentDialect(_options.Product, _options.Name, codec, options),
            "aliyun" => new AliyunDialect(_options.Product, _options.Name, codec, options),
            "jdcloud" => new JdCloudDialect(_options.Product, _options.Name, codec, options),
            _ => throw new ArgumentException("unknown cloud '" + _options.Cloud + "' (tencent, aliyun, jdcloud)"),
        };
    }

    private static (string Csv, int ChipId) Layout(string board) => board switch
    {
        "esp32-4mb" => (BoardLayouts.Esp32FourMegabytes, 0x0000),
        "esp32s3-8mb" => (BoardLayouts.Esp32S3EightMegabytes, 0x0009),
        _ => throw new ArgumentException("unknown board '" + board + "' (esp32-4mb, esp32s3-8mb)"),
    };
}
