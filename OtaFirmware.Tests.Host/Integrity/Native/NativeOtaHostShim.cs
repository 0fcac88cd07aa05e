// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using OtaFirmware.Tests.Host.Integrity.Native;

namespace OtaFirmware.Esp32Ota;

/// <summary>
/// The hash members of the device's <c>NativeOta</c> interop for the host: the same names, constants and results as
/// <c>OtaFirmware.Esp32Ota/NativeOta.cs</c>, with the argument checks of the hand-written interop layer
/// (<c>OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta.cpp</c>) in front of the real portable core
/// (<see cref="NativeHashLibrary"/>). It lets the device's <c>NativeStreamingHash</c> and <c>DeviceHashes</c> (linked
/// into this project unchanged) run against the native code on the host.
/// </summary>
public static class NativeOta
{
    /// <summary>Same as NativeOta.HashMd5.</summary>
    public const int HashMd5 = 0;

    /// <summary>Same as NativeOta.HashSha256.</summary>
    public const int HashSha256 = 1;

    private const int EspErrInvalidArg = 0x102;
    private const int EspErrInvalidState = 0x103;

    /// <summary>When true, every call throws <see cref="NotSupportedException"/> as nanoCLR does for a firmware
    /// without the interop. Only <c>NativeStreamingHashTests</c> sets it (its methods run one after the other).</summary>
    public static bool Missing { get; set; }

    /// <summary>NativeOta.HashReset.</summary>
    public static int HashReset(int algorithm, byte[] state)
    {
        ThrowIfMissing();
        return state == null ? EspErrInvalidArg : Map(NativeHashLibrary.Reset(algorithm, state));
    }

    /// <summary>NativeOta.HashAppend.</summary>
    public static int HashAppend(int algorithm, byte[] state, byte[] buffer, int offset, int count)
    {
        ThrowIfMissing();
        if (state == null || !RangeFitsBuffer(buffer, offset, count))
        {
            return EspErrInvalidArg;
        }

        return Map(NativeHashLibrary.Append(algorithm, state, buffer, offset, count));
    }

    /// <summary>NativeOta.HashFinish.</summary>
    public static int HashFinish(int algorithm, byte[] state, byte[] digest, int offset)
    {
        ThrowIfMissing();
        int digestSize = NativeHashLibrary.DigestSize(algorithm);
        if (state == null || digestSize == 0 || !RangeFitsBuffer(digest, offset, digestSize))
        {
            return EspErrInvalidArg;
        }

        return Map(NativeHashLibrary.Finish(algorithm, state, digest, offset));
    }

    private static bool RangeFitsBuffer(byte[] buffer, int offset, int count) =>
        buffer != null && offset >= 0 && count >= 0 && (long)offset + count <= buffer.Length;

    private static int Map(int result) => result switch
    {
        NativeHashLibrary.Ok => 0,
        NativeHashLibrary.ErrState => EspErrInvalidState,
        _ => EspErrInvalidArg,
    };

    private static void ThrowIfMissing()
    {
        if (Missing)
        {
            throw new NotSupportedException("no native implementation (CLR_E_NOT_SUPPORTED)");
        }
    }
}
