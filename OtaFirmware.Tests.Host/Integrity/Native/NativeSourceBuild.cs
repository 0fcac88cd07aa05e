// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Runtime.InteropServices;

namespace OtaFirmware.Tests.Host.Integrity.Native;

/// <summary>
/// Builds one C file of the device's native interop (<c>OtaFirmware.Esp32Ota/native</c>) with the host's C compiler
/// (<c>$CC</c>, else gcc) into a shared library and loads it, so host tests and the benchmark call the very file the
/// custom nanoCLR compiles.
/// </summary>
/// <remarks>
/// Built at test time rather than at build time so that only the runs that need it pay for it, and a missing compiler
/// or library (libmbedtls-dev) fails those tests with the compiler's message instead of breaking every build. The
/// temporary folder is deleted once the library is loaded: the mapping stays valid.
/// </remarks>
public static class NativeSourceBuild
{
    /// <summary>Compiles <paramref name="sourceFile"/> (C99, warnings as errors) and loads it.</summary>
    /// <param name="sourceFile">File name inside <see cref="NativeHashLibrary.SourceDirectory"/>.</param>
    /// <param name="arguments">More compiler and linker arguments, e.g. <c>-fvisibility=hidden</c> or <c>-lmbedcrypto</c>.</param>
    /// <returns>The handle of the loaded library (free it with <see cref="NativeLibrary.Free"/>).</returns>
    public static IntPtr Load(string sourceFile, params string[] arguments)
    {
        string dir = Directory.CreateTempSubdirectory("otafw-native-").FullName;
        string library = Path.Combine(dir, "lib" + Path.GetFileNameWithoutExtension(sourceFile) + ".so");
        string compiler = Environment.GetEnvironmentVariable("CC") is { Length: > 0 } cc ? cc : "gcc";
        var start = new ProcessStartInfo(compiler)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = NativeHashLibrary.SourceDirectory,
        };
        foreach (string arg in new[] { "-std=c99", "-O2", "-Wall", "-Wextra", "-Werror", "-fPIC", "-shared", "-o", library, sourceFile }.Concat(arguments))
        {
            start.ArgumentList.Add(arg);
        }

        try
        {
            using (Process process = Process.Start(start) ?? throw new InvalidOperationException("cannot start " + compiler))
            {
                string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
                if (!process.WaitForExit(120_000) || process.ExitCode != 0)
                {
                    throw new InvalidOperationException(compiler + " failed to build " + sourceFile + " (tools/install-host-deps.sh installs gcc and libmbedtls-dev): " + output);
                }
            }

            return NativeLibrary.Load(library);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
