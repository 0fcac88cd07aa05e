// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.CommandLine;
using OtaFirmware.Simulator;

// otafw-board: one simulated ESP32 (or --count N of them in this process) running the OtaFirmware agent against a
// broker and firmware server. Its flash lives in --flash (a file): kill the process to cut the power, start it again to
// power on; with --count the files are <flash>.<n>.
var name = new Option<string>("--name") { Description = "Device name (with --count: the prefix of name-1 .. name-N)", DefaultValueFactory = _ => "board" };
var cloud = new Option<string>("--cloud") { Description = "tencent, aliyun or jdcloud", DefaultValueFactory = _ => "tencent" };
var product = new Option<string>("--product") { Description = "Product id (Tencent) or product key (Aliyun, JD)", DefaultValueFactory = _ => "OTASIMPROD" };
var broker = new Option<string>("--broker") { Description = "Broker host:port", DefaultValueFactory = _ => "127.0.0.1:1883" };
var mqttCa = new Option<string?>("--mqtt-ca") { Description = "CA (PEM) for MQTT over TLS" };
var httpsCa = new Option<string?>("--https-ca") { Description = "CA (PEM) of the firmware server" };
var secrets = new Option<string?>("--secrets") { Description = "Device secrets file the local cloud provisioned (devices/secrets.json); the board signs in with its entry" };
var flash = new Option<string?>("--flash") { Description = "Flash file (default: in memory)" };
var board = new Option<string>("--board") { Description = "esp32-4mb or esp32s3-8mb", DefaultValueFactory = _ => "esp32-4mb" };
var factoryVersion = new Option<string>("--factory-version") { Description = "Version flashed when the flash is blank", DefaultValueFactory = _ => "1.0.0" };
var unhealthy = new Option<string[]>("--unhealthy") { Description = "Versions whose health check fails (rollback demo)", AllowMultipleArgumentsPerToken = true };
var count = new Option<int>("--count") { Description = "Boards in this process", DefaultValueFactory = _ => 1 };
var chunk = new Option<int>("--chunk") { Description = "Chunk buffer size in bytes", DefaultValueFactory = _ => 4096 };
var quiet = new Option<bool>("--quiet") { Description = "No per-board log lines" };
var gateway = new Option<bool>("--gateway") { Description = "Run a Tencent gateway (--product/--name) with simulated MCUboot sub-devices instead of boards" };
var subDevices = new Option<string[]>("--sub-device") { Description = "Sub-device product/name (repeatable; default: seed 001's four)", AllowMultipleArgumentsPerToken = true };
var subDeviceKey = new Option<string[]>("--sub-device-key") { Description = "PID/name=BASE64: the P-256 key (base64 DER SubjectPublicKeyInfo, as device_info.json's signing_key) a --gateway sub-device's images must be signed with; the gateway and the sub-device's MCUboot both check it (repeatable)", AllowMultipleArgumentsPerToken = true };
var trustedKey = new Option<string[]>("--trusted-key-digest") { Description = "Hex SHA-256 of a public key whose signed images the board accepts (repeatable; otafw-sign digest prints it); none: unsigned images accepted (development)", AllowMultipleArgumentsPerToken = true };
var allowDowngrade = new Option<bool>("--allow-downgrade") { Description = "Accept jobs older than the running version (default: refused); with --gateway, images older than a sub-device runs" };

var root = new RootCommand("Simulated ESP32 board(s) running the OtaFirmware agent");
foreach (Option o in new Option[] { name, cloud, product, broker, mqttCa, httpsCa, secrets, flash, board, factoryVersion, unhealthy, count, chunk, quiet, gateway, subDevices, subDeviceKey, trustedKey, allowDowngrade })
{
    root.Options.Add(o);
}

root.SetAction(parse =>
{
    string[] hostPort = parse.GetValue(broker)!.Split(':');
    int n = parse.GetValue(count);
    // Not disposed: ProcessExit cancels it after the action has returned (an early return on bad options included).
    var cancel = new CancellationTokenSource();
    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
    AppDomain.CurrentDomain.ProcessExit += (_, _) => cancel.Cancel();

    if (parse.GetValue(gateway))
    {
        string[] subs = parse.GetValue(subDevices) ?? [];
        var keys = new Dictionary<string, string>();
        foreach (string entry in parse.GetValue(subDeviceKey) ?? [])
        {
            int equals = entry.IndexOf('=');
            if (equals <= 0)
            {
                Console.Error.WriteLine("--sub-device-key " + entry + ": expected PID/name=BASE64");
                return 2;
            }

            keys[entry[..equals]] = entry[(equals + 1)..];
        }

        var gatewayOptions = new GatewayBoardOptions
        {
            // The board defaults stand for "not given": then the gateway of seed 001.
            Product = parse.GetValue(product) is { } p && p != "OTASIMPROD" ? p : new GatewayBoardOptions().Product,
            Name = parse.GetValue(name) is { } n2 && n2 != "board" ? n2 : new GatewayBoardOptions().Name,
            BrokerHost = hostPort[0],
            BrokerPort = hostPort.Length > 1 ? int.Parse(hostPort[1]) : 1883,
            MqttCaFile = parse.GetValue(mqttCa),
            HttpsCaFile = parse.GetValue(httpsCa),
            SecretsFile = parse.GetValue(secrets),
            Agent = new OtaFirmware.Gateway.GatewayOptions { RetryDelayMilliseconds = 200, AllowDowngrade = parse.GetValue(allowDowngrade) },
            SubDevices = subs.Length > 0 ? subs.Select(s => (s.Split('/')[0], s.Split('/')[1])).ToArray() : new GatewayBoardOptions().SubDevices,
            SigningKeys = keys,
        };
        if (gatewayOptions.SigningKeyError() is { } keyError)
        {
            Console.Error.WriteLine("--sub-device-key " + keyError);
            return 2;
        }

        using var simulatedGateway = new SimulatedGateway(gatewayOptions, !parse.GetValue(quiet));
        simulatedGateway.Run(cancel.Token);
        return 0;
    }

    var threads = new List<Thread>();
    for (int i = 1; i <= n; i++)
    {
        string boardName = n == 1 ? parse.GetValue(name)! : parse.GetValue(name) + "-" + i;
        string? flashFile = parse.GetValue(flash) is { } f ? (n == 1 ? f : f + "." + i) : null;
        var options = new BoardOptions
        {
            Name = boardName,
            Cloud = parse.GetValue(cloud)!,
            Product = parse.GetValue(product)!,
            BrokerHost = hostPort[0],
            BrokerPort = hostPort.Length > 1 ? int.Parse(hostPort[1]) : 1883,
            MqttCaFile = parse.GetValue(mqttCa),
            HttpsCaFile = parse.GetValue(httpsCa),
            SecretsFile = parse.GetValue(secrets),
            FlashFile = flashFile,
            Board = parse.GetValue(board)!,
            FactoryVersion = parse.GetValue(factoryVersion)!,
            UnhealthyVersions = parse.GetValue(unhealthy) ?? Array.Empty<string>(),
            TrustedKeyDigests = parse.GetValue(trustedKey) ?? Array.Empty<string>(),
            AllowDowngrade = parse.GetValue(allowDowngrade),
            Agent = new OtaFirmware.Agent.AgentOptions { ChunkSize = parse.GetValue(chunk) },
        };
        var simulated = new SimulatedBoard(options, !parse.GetValue(quiet));
        var thread = new Thread(() => simulated.Run(cancel.Token)) { Name = boardName };
        thread.Start();
        threads.Add(thread);
    }

    foreach (Thread t in threads)
    {
        t.Join();
    }

    return 0;
});

return root.Parse(args).Invoke();
