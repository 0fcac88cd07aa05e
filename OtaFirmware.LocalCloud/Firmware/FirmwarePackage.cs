// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;

namespace OtaFirmware.LocalCloud.Firmware;

/// <summary>A firmware image the local cloud serves at <c>/firmware/{Name}</c> and offers as version <see cref="Version"/>.</summary>
public sealed class FirmwarePackage
{
    private long _bytesServed;
    private int _requests;
    private int _drops;

    internal FirmwarePackage(string name, string version, byte[] content)
    {
        Name = name;
        Version = version;
        Content = content;
        Md5 = Convert.ToHexStringLower(MD5.HashData(content));
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(content));
    }

    /// <summary>File name in the URL path.</summary>
    public string Name { get; }

    /// <summary>The version the image carries (what the cloud announces and what the device reports after the update).</summary>
    public string Version { get; }

    /// <summary>The bytes served.</summary>
    public byte[] Content { get; }

    /// <summary>Size in bytes.</summary>
    public int Size => Content.Length;

    /// <summary>MD5 of <see cref="Content"/>, 32 lower-case hex digits (what all three clouds send).</summary>
    public string Md5 { get; }

    /// <summary>SHA-256 of <see cref="Content"/>, 64 lower-case hex digits.</summary>
    public string Sha256 { get; }

    /// <summary>URL path on the firmware server.</summary>
    public string Path => "/firmware/" + Name;

    /// <summary>Fault modes of this file (all off by default).</summary>
    public FirmwareFaults Faults { get; } = new();

    /// <summary>Body bytes written so far, every response counted (for benchmarks: bytes served ÷ size = download overhead).</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>GET and HEAD requests answered so far, failed ones included.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Zeroes <see cref="BytesServed"/> and <see cref="Requests"/>.</summary>
    public void ResetCounters()
    {
        Interlocked.Exchange(ref _bytesServed, 0);
        Interlocked.Exchange(ref _requests, 0);
        Interlocked.Exchange(ref _drops, 0);
    }

    internal void CountRequest() => Interlocked.Increment(ref _requests);

    internal void CountBytes(int count) => Interlocked.Add(ref _bytesServed, count);

    /// <summary>True when this response should be dropped (and counts it against <see cref="FirmwareFaults.DropCount"/>).</summary>
    internal bool TakeDrop()
    {
        if (Faults.DropAfterBytes < 0)
        {
            return false;
        }

        int limit = Faults.DropCount;
        return limit <= 0 || Interlocked.Increment(ref _drops) <= limit;
    }
}
