// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.LocalCloud.Broker;

/// <summary>
/// A read-side MQTT framing watch between a client's (TLS) stream and MQTTnet: it follows the fixed header of every
/// packet in the bytes it passes on, and as soon as a remaining length above the limit (or a malformed one, more than
/// four length bytes) comes through, it fails the read instead of handing those bytes over. MQTTnet therefore never
/// sees the length of an oversize packet, so it never allocates or reads its body; the connection is closed.
/// </summary>
/// <remarks>Why here: MQTTnet.Server 5.2 has no server-side packet size limit (MqttServerOptions has none, and
/// MqttChannelAdapter allocates the body of whatever remaining length it reads), so the limit has to sit below it, in
/// the stream its channel reads.</remarks>
internal sealed class PacketLimitStream : Stream
{
    private readonly Stream _inner;
    private readonly int _maxRemainingLength;
    private readonly Action<long, long> _onRefused;
    private int _state; // 0: first byte of a fixed header, 1: remaining length bytes, 2: body
    private long _length;
    private int _lengthBytes;
    private long _bodyLeft;
    private bool _refused;

    /// <param name="inner">The connection's stream (after the TLS handshake).</param>
    /// <param name="maxRemainingLength">Largest remaining length (everything after the fixed header) accepted.</param>
    /// <param name="onRefused">Called once with (declared remaining length, bytes read from the connection so far) when a packet is refused.</param>
    public PacketLimitStream(Stream inner, int maxRemainingLength, Action<long, long> onRefused)
    {
        _inner = inner;
        _maxRemainingLength = maxRemainingLength;
        _onRefused = onRefused;
    }

    /// <summary>Bytes read from the connection so far.</summary>
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Watch(buffer.AsSpan(offset, _inner.Read(buffer, offset, count)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ThrowIfRefused();
        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return Watch(buffer.Span[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            // Close TLS with close_notify: without it a libmosquitto client's own reconnect never came back after the
            // broker restarted (BoardSignInTests; probably libmosquitto taking the bare close for a fatal TLS error).
            if (_inner is System.Net.Security.SslStream tls)
            {
                try
                {
                    tls.ShutdownAsync().Wait(TimeSpan.FromSeconds(1));
                }
                catch (Exception)
                {
                    // The peer is gone already: nothing to tell it.
                }
            }

            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    // Follows the framing through the bytes just read (MQTT 3.1.1 2.2 and MQTT 5 2.1.4: fixed header byte, then a
    // variable byte integer of at most four bytes, then that many bytes).
    private int Watch(ReadOnlySpan<byte> data)
    {
        ThrowIfRefused();
        BytesRead += data.Length;
        int i = 0;
        while (i < data.Length)
        {
            switch (_state)
            {
                case 0:
                    i++;
                    _state = 1;
                    _length = 0;
                    _lengthBytes = 0;
                    break;
                case 1:
                    byte b = data[i++];
                    _length |= (long)(b & 0x7F) << (7 * _lengthBytes);
                    _lengthBytes++;
                    if ((b & 0x80) != 0)
                    {
                        if (_lengthBytes == 4)
                        {
                            Refuse(-1);
                        }
                    }
                    else if (_length > _maxRemainingLength)
                    {
                        Refuse(_length);
                    }
                    else
                    {
                        _bodyLeft = _length;
                        _state = _bodyLeft == 0 ? 0 : 2;
                    }

                    break;
                default:
                    int take = (int)Math.Min(_bodyLeft, data.Length - i);
                    i += take;
                    _bodyLeft -= take;
                    if (_bodyLeft == 0)
                    {
                        _state = 0;
                    }

                    break;
            }
        }

        return data.Length;
    }

    private void Refuse(long length)
    {
        _refused = true;
        _onRefused(length, BytesRead);
        ThrowIfRefused();
    }

    private void ThrowIfRefused()
    {
        if (_refused)
        {
            throw new IOException("MQTT packet above the limit of " + _maxRemainingLength + " bytes (or malformed length); connection closed");
        }
    }
}
