// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Agent;
using OtaFirmware.Integrity;
using OtaFirmware.Update;

namespace OtaFirmware.Bench;

/// <summary>Serves an image from a byte[] with Range semantics and without allocating; counts the bytes served.</summary>
internal sealed class ArrayFirmwareSource : IFirmwareSource
{
    private readonly byte[] _image;
    private bool _open;
    private int _position;
    private int _end;

    public ArrayFirmwareSource(byte[] image) => _image = image;

    public long BytesServed { get; private set; }

    public int Opens { get; private set; }

    public SourceStatus Open(string url, int offset, int length, ref HttpFacts facts)
    {
        Close();
        Opens++;
        facts.Reset();
        if (offset == 0 && length <= 0)
        {
            facts.StatusCode = 200;
            facts.ContentLength = _image.Length;
            _position = 0;
            _end = _image.Length;
        }
        else
        {
            int last = length > 0 ? Math.Min(offset + length - 1, _image.Length - 1) : _image.Length - 1;
            facts.StatusCode = 206;
            facts.RangeFirst = offset;
            facts.RangeLast = last;
            facts.TotalLength = _image.Length;
            facts.ContentLength = last - offset + 1;
            _position = offset;
            _end = last + 1;
        }

        _open = true;
        return SourceStatus.Ok;
    }

    public SourceStatus Read(byte[] buffer, int offset, int count, out int bytesRead)
    {
        bytesRead = 0;
        if (!_open)
        {
            return SourceStatus.ConnectionDropped;
        }

        int n = Math.Min(count, _end - _position);
        Array.Copy(_image, _position, buffer, offset, n);
        _position += n;
        BytesServed += n;
        bytesRead = n;
        return SourceStatus.Ok;
    }

    public void Close() => _open = false;
}

/// <summary>Passes everything to a real hash and counts the bytes appended (to prove nothing is hashed twice).</summary>
internal sealed class CountingHash : IStreamingHash
{
    private readonly IStreamingHash _inner;

    public CountingHash(IStreamingHash inner) => _inner = inner;

    public long BytesAppended { get; private set; }

    public int DigestSize => _inner.DigestSize;

    public int BlockSize => _inner.BlockSize;

    public int StateSize => _inner.StateSize;

    public long Length => _inner.Length;

    public void Reset() => _inner.Reset();

    public void Append(byte[] buffer, int offset, int count)
    {
        BytesAppended += count;
        _inner.Append(buffer, offset, count);
    }

    public void Finish(byte[] digest, int offset) => _inner.Finish(digest, offset);

    public void ExportState(byte[] destination, int offset) => _inner.ExportState(destination, offset);

    public bool ImportState(byte[] source, int offset) => _inner.ImportState(source, offset);
}

/// <summary>A connected control channel that only counts what is published (no allocation).</summary>
internal sealed class CountingChannel : IControlChannel
{
    public bool IsConnected => true;

    public int UnacknowledgedCount => 0;

    public int Published { get; private set; }

    public long PayloadBytes { get; private set; }

    public bool Publish(string topic, byte[] payload, int qos)
    {
        Published++;
        PayloadBytes += payload.Length;
        return true;
    }
}

/// <summary>A clock that advances a fixed step at every read of a pump (simulated time, no sleeping).</summary>
internal sealed class SteppingClock : IClock
{
    public long Now { get; set; } = 1000;

    public long UptimeMilliseconds => Now;

    public void Sleep(int milliseconds) => Now += milliseconds;
}

/// <summary>Drops log lines.</summary>
internal sealed class NullLog : ILog
{
    public void Write(string line)
    {
    }
}

/// <summary>Always healthy.</summary>
internal sealed class HealthyCheck : IHealthCheck
{
    public bool Check(out string reason)
    {
        reason = null!;
        return true;
    }
}
