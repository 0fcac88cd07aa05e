// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace OtaFirmware.Tests.Host.Integrity.Native;

/// <summary>
/// The interop's C++ (method table, marshalling, the ESP-IDF layer over ota_hash.c) compiled with the host's g++
/// against declarations of the nanoCLR interop and ESP-IDF APIs it uses (<c>DeviceHeaders/</c>, README there). It
/// proves names, types and overloads line up; the firmware build proves the rest.
/// </summary>
[TestClass]
public class NativeInteropTypeCheckTests
{
    [TestMethod]
    [DataRow("OtaFirmware_Esp32Ota.cpp", "")]
    [DataRow("OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta_mshl.cpp", "")]
    [DataRow("OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta.cpp", "")]
    [DataRow("OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta.cpp", "-DCONFIG_BOOTLOADER_APP_ANTI_ROLLBACK=1")]
    public void Compile_InteropSource_NoErrorsOrWarnings(string file, string define)
    {
        string headers = Path.Combine(NativeHashLibrary.SourceDirectory, "..", "..", "OtaFirmware.Tests.Host", "Integrity", "Native", "DeviceHeaders");
        var start = new ProcessStartInfo("g++")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = NativeHashLibrary.SourceDirectory,
        };
        foreach (string arg in new[] { "-std=c++17", "-fsyntax-only", "-Wall", "-Wextra", "-Werror", "-I", headers, "-I", ".", file })
        {
            start.ArgumentList.Add(arg);
        }

        if (define.Length > 0)
        {
            // the sdkconfig.h stand-in defines no option: each row says which CONFIG_ branch it compiles
            start.ArgumentList.Add(define);
        }

        using Process process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.IsTrue(process.WaitForExit(120_000), "g++ did not finish");
        Assert.AreEqual(0, process.ExitCode, output);
    }

    [TestMethod]
    public void MethodTable_EveryInternalCallOfNativeOta_InDeclarationOrder()
    {
        string native = NativeHashLibrary.SourceDirectory;
        string managed = File.ReadAllText(Path.Combine(native, "..", "NativeOta.cs"));
        string[] declared = System.Text.RegularExpressions.Regex.Matches(managed, @"public static extern int (\w+)\(")
            .Select(m => m.Groups[1].Value).ToArray();
        string table = File.ReadAllText(Path.Combine(native, "OtaFirmware_Esp32Ota.cpp"));
        string[] entries = System.Text.RegularExpressions.Regex.Matches(table, @"NativeOta::(\w+?)___STATIC__")
            .Select(m => m.Groups[1].Value).ToArray();
        CollectionAssert.AreEqual(declared, entries, "the generated table has one entry per method, in metadata order");

        string header = File.ReadAllText(Path.Combine(native, "OtaFirmware_Esp32Ota.h"));
        string[] handlers = System.Text.RegularExpressions.Regex.Matches(header, @"NANOCLR_NATIVE_DECLARE\((\w+?)___STATIC__")
            .Select(m => m.Groups[1].Value).ToArray();
        CollectionAssert.AreEqual(declared, handlers, "one marshalling handler declared per method, in metadata order");

        string glue = File.ReadAllText(Path.Combine(native, "OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta_mshl.cpp"));
        string[] marshalled = System.Text.RegularExpressions.Regex.Matches(glue, @"NativeOta::(\w+?)___STATIC__\w*\(")
            .Select(m => m.Groups[1].Value).ToArray();
        CollectionAssert.AreEqual(declared, marshalled, "one marshalling handler defined per method");

        string prototypes = File.ReadAllText(Path.Combine(native, "OtaFirmware_Esp32Ota_OtaFirmware_Esp32Ota_NativeOta.h"));
        string[] implemented = System.Text.RegularExpressions.Regex.Matches(prototypes, @"static signed int (\w+)\(")
            .Select(m => m.Groups[1].Value).ToArray();
        CollectionAssert.AreEqual(declared, implemented, "one implementation prototype per method");
    }

    [TestMethod]
    public void AssemblyNativeVersion_TableAndAssemblyInfo_Agree()
    {
        string native = NativeHashLibrary.SourceDirectory;
        string info = File.ReadAllText(Path.Combine(native, "..", "Properties", "AssemblyInfo.cs"));
        var managed = System.Text.RegularExpressions.Regex.Match(info, @"AssemblyNativeVersion\(""(\d+)\.(\d+)\.(\d+)\.(\d+)""\)");
        string table = File.ReadAllText(Path.Combine(native, "OtaFirmware_Esp32Ota.cpp"));
        var nativeVersion = System.Text.RegularExpressions.Regex.Match(table, @"\{ (\d+), (\d+), (\d+), (\d+) \} // AssemblyNativeVersion");
        Assert.IsTrue(managed.Success && nativeVersion.Success, "both versions are present");
        for (int i = 1; i <= 4; i++)
        {
            Assert.AreEqual(managed.Groups[i].Value, nativeVersion.Groups[i].Value, "nanoCLR refuses the assembly when the versions differ");
        }
    }
}
