// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OtaFirmware.Host.Broker;

/// <summary>
/// A real mosquitto broker process on 127.0.0.1 for tests, the demo and benchmarks: generated config (anonymous access,
/// no persistence, a plain listener and optionally a TLS one), free ports, started and ready (accepting TCP
/// connections) when <see cref="Start"/> returns. <see cref="Stop"/> and <see cref="Restart"/> keep the ports, for
/// broker-restart tests. <see cref="Dispose"/> kills the process.
/// </summary>
public sealed class MosquittoBroker : IDisposable
{
    private readonly MosquittoBrokerOptions _options;
    private readonly string _configPath;
    private readonly string _workDirectory;
    private readonly bool _ownsWorkDirectory;
    private readonly string _executable;
    private readonly StringBuilder _log = new();
    private Process? _process;

    private MosquittoBroker(MosquittoBrokerOptions options)
    {
        _options = options;
        _executable = options.Executable ?? FindExecutable()
            ?? throw new FileNotFoundException("mosquitto not found; run tools/install-host-deps.sh");
        _ownsWorkDirectory = options.WorkDirectory == null;
        _workDirectory = options.WorkDirectory ?? Directory.CreateTempSubdirectory("ota-mosquitto-").FullName;
        Directory.CreateDirectory(_workDirectory);
        Port = options.Port != 0 ? options.Port : FreePort();
        bool tls = options.TlsCertificateFile != null && options.TlsKeyFile != null;
        TlsPort = tls ? (options.TlsPort != 0 ? options.TlsPort : FreePort()) : null;
        _configPath = Path.Combine(_workDirectory, "mosquitto.conf");
        File.WriteAllText(_configPath, BuildConfig());
    }

    /// <summary>The host the listeners are bound to.</summary>
    public string Host => "127.0.0.1";

    /// <summary>The plain MQTT port.</summary>
    public int Port { get; }

    /// <summary>The MQTT over TLS port, or null without a TLS listener.</summary>
    public int? TlsPort { get; }

    /// <summary>True while the process runs.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>The broker's process id (tests freeze it with SIGSTOP to hold back acknowledgements), or 0.</summary>
    public int ProcessId => _process is { HasExited: false } p ? p.Id : 0;

    /// <summary>The broker's output so far (for test failure messages).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Starts a broker and waits until every listener accepts connections.</summary>
    /// <param name="options">Ports, TLS files; null for a plain listener on a free port.</param>
    /// <returns>The running broker.</returns>
    /// <exception cref="FileNotFoundException">mosquitto is not installed.</exception>
    /// <exception cref="InvalidOperationException">mosquitto exited or did not listen in time (the message carries its log).</exception>
    public static MosquittoBroker Start(MosquittoBrokerOptions? options = null)
    {
        options ??= new MosquittoBrokerOptions();

        // A free port picked here can be taken by another process before mosquitto binds it (tests run in
        // parallel): with ports chosen automatically, a failed start is retried on fresh ports.
        bool portsChosenHere = options.Port == 0 && (options.TlsCertificateFile == null || options.TlsPort == 0);
        for (int attempt = 1; ; attempt++)
        {
            var broker = new MosquittoBroker(options);
            try
            {
                broker.Launch();
                return broker;
            }
            catch (InvalidOperationException) when (portsChosenHere && attempt < 3)
            {
                broker.Dispose();
            }
            catch
            {
                broker.Dispose();
                throw;
            }
        }
    }

    /// <summary>Kills the broker (as a crash would; clients see the connection drop). Safe when already stopped.</summary>
    public void Stop()
    {
        Process? process = _process;
        _process = null;
        if (process == null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        process.Dispose();
    }

    /// <summary>Stops the broker if it runs and starts it again on the same ports.</summary>
    /// <exception cref="InvalidOperationException">It did not come back in time.</exception>
    public void Restart()
    {
        Stop();
        Launch();
    }

    /// <summary>Kills the broker and deletes the generated files when the directory was temporary.</summary>
    public void Dispose()
    {
        Stop();
        if (_ownsWorkDirectory)
        {
            try
            {
                Directory.Delete(_workDirectory, true);
            }
            catch (IOException)
            {
            }
        }
    }

    private void Launch()
    {
        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _workDirectory,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(_configPath);
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (!(Accepts(Port) && (TlsPort == null || Accepts(TlsPort.Value))))
        {
            if (process.HasExited || deadline.Elapsed > _options.StartTimeout)
            {
                Stop();
                throw new InvalidOperationException("mosquitto did not start listening on " + Port + ":\n" + Log);
            }

            Thread.Sleep(25);
        }
    }

    private void Append(string? line)
    {
        if (line == null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private string BuildConfig()
    {
        var config = new StringBuilder();
        config.AppendLine("# Generated by OtaFirmware.Host.Broker.MosquittoBroker");
        config.AppendLine("per_listener_settings false");
        config.AppendLine("allow_anonymous true");
        config.AppendLine("persistence false");
        // Small MQTT packets otherwise wait ~40 ms for Nagle's algorithm on every hop (measured in bench/).
        config.AppendLine("set_tcp_nodelay true");
        config.AppendLine("log_dest stdout");
        config.AppendLine("log_type error");
        config.AppendLine("log_type warning");
        config.AppendLine("log_type notice");
        if (Environment.UserName == "root")
        {
            // Otherwise mosquitto drops to the 'mosquitto' user, which cannot read the run's private temp files.
            config.AppendLine("user root");
        }

        config.AppendLine("listener " + Port + " 127.0.0.1");
        if (TlsPort != null)
        {
            config.AppendLine("listener " + TlsPort.Value + " 127.0.0.1");
            config.AppendLine("certfile " + _options.TlsCertificateFile);
            config.AppendLine("keyfile " + _options.TlsKeyFile);
            config.AppendLine("tls_version tlsv1.2");
        }

        return config.ToString();
    }

    private static bool Accepts(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>A TCP port nobody listens on right now (bind to port 0 and release).</summary>
    /// <returns>The port.</returns>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Where the mosquitto binary is (the usual Debian and local paths, then PATH).</summary>
    /// <returns>Its path, or null when mosquitto is not installed.</returns>
    public static string? FindExecutable()
    {
        foreach (string candidate in new[] { "/usr/sbin/mosquitto", "/usr/bin/mosquitto", "/usr/local/sbin/mosquitto", "/usr/local/bin/mosquitto" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            string path = Path.Combine(dir, "mosquitto");
            if (dir.Length > 0 && File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
