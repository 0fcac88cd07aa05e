// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Runtime.InteropServices;

namespace OtaFirmware.Tests.Host.Integrity.Native;

/// <summary>
/// The device's portable native hash core (<c>OtaFirmware.Esp32Ota/native/ota_hash.c</c>) built with the host's C
/// compiler into a shared library on first use (<see cref="NativeSourceBuild"/>) and called through P/Invoke. The host tests and the benchmark's device
/// budget use it, so the code they measure and check is the very file the custom nanoCLR compiles.
/// </summary>
/// <remarks>
/// Arguments are pinned with
/// <see cref="GCHandle"/> for the call only, as the nanoCLR interop does with managed arrays.
/// </remarks>
public static class NativeHashLibrary
{
    /// <summary>Algorithm id of MD5 (OTA_HASH_MD5).</summary>
    public const int Md5 = 0;

    /// <summary>Algorithm id of SHA-256 (OTA_HASH_SHA256).</summary>
    public const int Sha256 = 1;

    /// <summary>OTA_HASH_OK.</summary>
    public const int Ok = 0;

    /// <summary>OTA_HASH_ERR_ARGUMENT.</summary>
    public const int ErrArgument = -2;

    /// <summary>OTA_HASH_ERR_STATE.</summary>
    public const int ErrState = -3;

    private static readonly Lazy<Api> Loaded = new(Load, LazyThreadSafetyMode.ExecutionAndPublication);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate nuint SizeFn(int algorithm);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int StateFn(int algorithm, IntPtr state, nuint stateLength);

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int DataFn(int algorithm, IntPtr state, nuint stateLength, IntPtr data, nuint count);

    /// <summary>The source folder of the native interop (<c>OtaFirmware.Esp32Ota/native</c>).</summary>
    public static string SourceDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            {
                string candidate = Path.Combine(dir.FullName, "OtaFirmware.Esp32Ota", "native");
                if (File.Exists(Path.Combine(candidate, "ota_hash.c")))
                {
                    return candidate;
                }
            }

            throw new FileNotFoundException("OtaFirmware.Esp32Ota/native/ota_hash.c not found above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>ota_hash_state_size.</summary>
    public static int StateSize(int algorithm) => (int)Loaded.Value.StateSize(algorithm);

    /// <summary>ota_hash_digest_size.</summary>
    public static int DigestSize(int algorithm) => (int)Loaded.Value.DigestSize(algorithm);

    /// <summary>ota_hash_reset over the whole of <paramref name="state"/>.</summary>
    public static int Reset(int algorithm, byte[] state) => WithPinned(state, 0, s => Loaded.Value.Reset(algorithm, s, (nuint)state.Length));

    /// <summary>ota_hash_check_state over the whole of <paramref name="state"/>.</summary>
    public static int CheckState(int algorithm, byte[] state) => WithPinned(state, 0, s => Loaded.Value.Check(algorithm, s, (nuint)state.Length));

    /// <summary>ota_hash_append of <paramref name="count"/> bytes of <paramref name="data"/> from <paramref name="offset"/>.</summary>
    public static int Append(int algorithm, byte[] state, byte[] data, int offset, int count) =>
        WithPinned(state, 0, s => WithPinned(data, offset, d => Loaded.Value.Append(algorithm, s, (nuint)state.Length, d, (nuint)count)));

    /// <summary>ota_hash_finish into <paramref name="digest"/> from <paramref name="offset"/> (the rest of the array is the room given).</summary>
    public static int Finish(int algorithm, byte[] state, byte[] digest, int offset) =>
        WithPinned(state, 0, s => WithPinned(digest, offset, d => Loaded.Value.Finish(algorithm, s, (nuint)state.Length, d, (nuint)(digest.Length - offset))));

    private static int WithPinned(byte[] array, int offset, Func<IntPtr, int> call)
    {
        GCHandle handle = GCHandle.Alloc(array, GCHandleType.Pinned);
        try
        {
            return call(handle.AddrOfPinnedObject() + offset);
        }
        finally
        {
            handle.Free();
        }
    }

    private static Api Load()
    {
        IntPtr handle = NativeSourceBuild.Load("ota_hash.c", "-Wpedantic", "-fvisibility=hidden");
        T Export<T>(string name) where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(handle, name));
        return new Api(
            Export<SizeFn>("ota_hash_state_size"),
            Export<SizeFn>("ota_hash_digest_size"),
            Export<StateFn>("ota_hash_reset"),
            Export<StateFn>("ota_hash_check_state"),
            Export<DataFn>("ota_hash_append"),
            Export<DataFn>("ota_hash_finish"));
    }

    private sealed record Api(SizeFn StateSize, SizeFn DigestSize, StateFn Reset, StateFn Check, DataFn Append, DataFn Finish);
}
