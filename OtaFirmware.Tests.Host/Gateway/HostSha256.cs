// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Security.Cryptography;
using OtaFirmware.Integrity;

namespace OtaFirmware.Tests.Host.Gateway;

/// <summary>The real SHA-256 (System.Security.Cryptography) behind <see cref="IStreamingHash"/>, for host tests.
/// Mid-state export is not available from IncrementalHash, so ExportState/ImportState are not supported.</summary>
public sealed class HostSha256 : IStreamingHash
{
    private IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public int DigestSize => 32;

    public int BlockSize => 64;

    public int StateSize => 0;

    public long Length { get; private set; }

    public void Reset()
    {
        _hash.Dispose();
        _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Length = 0;
    }

    public void Append(byte[] buffer, int offset, int count)
    {
        _hash.AppendData(buffer, offset, count);
        Length += count;
    }

    public void Finish(byte[] digest, int offset)
    {
        byte[] result = _hash.GetHashAndReset();
        Array.Copy(result, 0, digest, offset, result.Length);
        Length = 0;
    }

    public void ExportState(byte[] destination, int offset) => throw new NotSupportedException("IncrementalHash has no mid-state export");

    public bool ImportState(byte[] source, int offset) => false;
}
