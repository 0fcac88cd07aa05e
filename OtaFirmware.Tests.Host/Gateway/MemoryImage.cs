// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Clouds.Tencent.Gateway;
using OtaFirmware.Gateway;
using OtaFirmware.Gateway.Links;
using OtaFirmware.Gateway.Staging;

namespace OtaFirmware.Tests.Host.Gateway;

/// <summary>An image in memory with its real SHA-256.</summary>
public sealed class MemoryImage(byte[] bytes) : ISubDeviceImage
{
    public int Length => bytes.Length;

    public byte[] Sha256 { get; } = System.Security.Cryptography.SHA256.HashData(bytes);

    public bool Read(int imageOffset, byte[] buffer, int offset, int count)
    {
        Array.Copy(bytes, imageOffset, buffer, offset, count);
        return true;
    }
}
