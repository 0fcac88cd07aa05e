// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Implementations;
using MQTTnet.Server;

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>
/// The embedded broker's only listener: TCP, a TLS 1.2/1.3 handshake (bounded in time), then a
/// <see cref="PacketLimitStream"/> under MQTTnet's own channel and packet adapter, so that a packet larger than the limit
/// closes the connection after its fixed header instead of being read into memory.
/// </summary>
/// <remarks>Why a listener of our own: MQTTnet.Server's TCP listener builds its channel from the socket's stream
/// internally, with no hook between the two; IMqttServerAdapter is MQTTnet's documented way to bring a transport.</remarks>
internal sealed class PacketLimitedTlsListener : IMqttServerAdapter
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(10);
    private readonly IPAddress _bindAddress;
    private readonly int _port;
    private readonly X509Certificate2 _certificate;
    private readonly int _maxRemainingLength;
    private readonly Action<OversizePacket> _onOversize;
    private readonly CancellationTokenSource _stop = new();
    private TcpListener? _listener;
    private IMqttNetLogger? _logger;
    private MqttServerOptions? _options;

    public PacketLimitedTlsListener(IPAddress bindAddress, int port, X509Certificate2 certificate, int maxRemainingLength, Action<OversizePacket> onOversize)
    {
        _bindAddress = bindAddress;
        _port = port;
        _certificate = certificate;
        _maxRemainingLength = maxRemainingLength;
        _onOversize = onOversize;
    }

    public Func<IMqttChannelAdapter, Task>? ClientHandler { get; set; }

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger)
    {
        _options = options;
        _logger = logger;
        _listener = new TcpListener(_bindAddress, _port);
        _listener.Start();
        _ = Task.Run(AcceptAsync);
        return Task.CompletedTask;
    }

    public Task StopAsync()
    {
        lock (_stop)
        {
            if (!_stop.IsCancellationRequested)
            {
                _stop.Cancel();
                _listener?.Stop();
            }
        }

        return Task.CompletedTask;
    }

    // The token source is left to the finalizer-free GC: accept and serve tasks may still observe it after Dispose.
    public void Dispose() => StopAsync();

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            _ = Task.Run(() => ServeAsync(socket));
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        socket.NoDelay = true;
        string remote = socket.RemoteEndPoint?.ToString() ?? "?";
        var network = new NetworkStream(socket, ownsSocket: true);
        try
        {
            var tls = new SslStream(network, leaveInnerStreamOpen: false);
            using (var handshake = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token))
            {
                handshake.CancelAfter(HandshakeTimeout);
                await tls.AuthenticateAsServerAsync(
                    new SslServerAuthenticationOptions
                    {
                        ServerCertificate = _certificate,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        EncryptionPolicy = EncryptionPolicy.RequireEncryption,
                    },
                    handshake.Token).ConfigureAwait(false);
            }

            var limited = new PacketLimitStream(tls, _maxRemainingLength, (declared, read) => _onOversize(new OversizePacket(remote, declared, read)));
            var channel = new MqttTcpChannel(limited, socket.LocalEndPoint, socket.RemoteEndPoint, null);
            var formatter = new MqttPacketFormatterAdapter(new MqttBufferWriter(_options!.WriterBufferSize, _options.WriterBufferSizeMax));
            using var adapter = new MqttChannelAdapter(channel, formatter, _logger!);
            if (ClientHandler is { } handler)
            {
                await handler(adapter).ConfigureAwait(false);
            }
        }
        catch (Exception)
        {
            // A failed handshake, a reset, a refused packet: the connection ends here (MQTTnet logs its own side).
        }
        finally
        {
            await network.DisposeAsync().ConfigureAwait(false);
        }
    }
}
