// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using System.Text;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace OtaFirmware.Tests.Host.Device;

/// <summary>
/// Every nanoFramework assembly the solution builds stays under 80 % of the .pe format's per-assembly limits: 64 KiB
/// of strings and 64 KiB of IL (the MetadataProcessor refuses a larger assembly with "String table overflow", in
/// Visual Studio too). Measured on the assemblies compiled against the real mscorlib 1.17.11 in the normal build
/// (nanoFramework/Mscorlib.props, unoptimized IL as in a Debug build).
/// </summary>
/// <remarks>
/// How the figures approximate the .pe file: IL is the sum of the method bodies' IL bytes, which the MetadataProcessor
/// copies unchanged apart from re-encoding metadata tokens (2 bytes instead of 4 in a few opcodes, so the .pe is at most
/// as large). Strings are the #Strings heap (type, member, namespace and parameter names, UTF-8, NUL-terminated) plus
/// the #US heap (string literals) converted from UTF-16 to UTF-8 with a NUL each, because the .pe keeps one UTF-8 string
/// table for both. The MetadataProcessor drops a few names the PE metadata has (the module name, some attribute
/// types), and shares identical strings across both, so the real table is somewhat smaller: the measure errs on the
/// safe side. Stub assemblies (nanoFramework/LibraryStubs, nanoFramework/TestFrameworkStub) are not measured: they
/// stand in for libraries that ship as their own .pe files. The app's figure (DeviceTypeCheck) includes the interop
/// library's few managed types and the device API stubs it compiles with, so it overstates the app.
/// </remarks>
[TestClass]
public sealed class AssemblySizeTests
{
    /// <summary>The .pe format's limit for the string table and for the IL, per assembly.</summary>
    public const int PeLimitBytes = 64 * 1024;

    /// <summary>The share of the limit an assembly may use: headroom for growth before anyone meets the limit.</summary>
    public const double AllowedShare = 0.80;

    private static readonly string Root = FindRepositoryRoot();

#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    /// <summary>Each nanoFramework assembly: what it is, and the output of the project that compiles it against the real mscorlib.</summary>
    private static readonly (string Name, string Output)[] Assemblies =
    {
        ("OtaFirmware.Core", "nanoFramework/OtaFirmware.Core/Mscorlib/bin/{0}/OtaFirmware.Core.dll"),
        ("OtaFirmware.Primitives", "nanoFramework/OtaFirmware.Primitives/Mscorlib/bin/{0}/OtaFirmware.Primitives.dll"),
        ("OtaFirmware.Gateway", "nanoFramework/OtaFirmware.Gateway/Mscorlib/bin/{0}/OtaFirmware.Gateway.dll"),
        ("OtaFirmware.SimulatedHardware", "nanoFramework/OtaFirmware.SimulatedHardware/Mscorlib/bin/{0}/OtaFirmware.SimulatedHardware.dll"),
        ("OtaFirmware (app, estimate)", "tools/DeviceTypeCheck/bin/{0}/OtaFirmware.dll"),
        ("NFUnitTest (Core tests)", "OtaFirmware.Tests.Emulator/Core/Mscorlib/bin/{0}/NFUnitTest.dll"),
        ("NFUnitTest (Gateway tests)", "OtaFirmware.Tests.Emulator/Gateway/Mscorlib/bin/{0}/NFUnitTest.dll"),
        ("NFUnitTest (SimulatedHardware tests)", "OtaFirmware.Tests.Emulator/SimulatedHardware/Mscorlib/bin/{0}/NFUnitTest.dll"),
        ("NFUnitTest (Update tests)", "OtaFirmware.Tests.Emulator/Update/Mscorlib/bin/{0}/NFUnitTest.dll"),
    };

    [TestMethod]
    public void EveryNanoFrameworkAssembly_StringsAndIl_Under80PercentOfThePeLimits()
    {
        int limit = (int)(PeLimitBytes * AllowedShare);
        var report = new StringBuilder();
        var over = new List<string>();
        foreach ((string name, string output) in Assemblies)
        {
            string path = Path.Combine(Root, string.Format(output, Configuration));
            Assert.IsTrue(File.Exists(path), $"{name}: {path} was not built (dotnet build OtaFirmware.Desktop.slnf -c {Configuration})");
            AssemblySize size = Measure(path);
            report.AppendLine($"{name,-38} IL {size.IlBytes,6} B ({Percent(size.IlBytes),3} %)   strings {size.StringBytes,6} B ({Percent(size.StringBytes),3} %)");
            if (size.IlBytes > limit || size.StringBytes > limit)
            {
                over.Add(name);
            }
        }

        Console.WriteLine(report.ToString());
        Assert.AreEqual(0, over.Count, $"over 80 % of the 64 KiB .pe limits: {string.Join(", ", over)} (split the assembly; see docs/DEVICE.md)\n{report}");
    }

    [TestMethod]
    public void Measure_GrowsWithIlAndLiterals()
    {
        // Proves the measure counts what it claims: the test group with the most literal text has more string bytes
        // than the #Strings heap alone, and every measured assembly has IL.
        string path = Path.Combine(Root, string.Format(Assemblies[0].Output, Configuration));
        Assert.IsTrue(File.Exists(path), path + " was not built");
        using FileStream stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader metadata = pe.GetMetadataReader();
        AssemblySize size = Measure(path);
        Assert.IsTrue(size.IlBytes > 1000);
        Assert.IsTrue(size.StringBytes > metadata.GetHeapSize(HeapIndex.String), "the literals (#US) are counted too");
    }

    /// <summary>The IL bytes and string-table bytes of one compiled assembly (see the class remarks).</summary>
    public static AssemblySize Measure(string path)
    {
        using FileStream stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        MetadataReader metadata = pe.GetMetadataReader();

        long il = 0;
        foreach (MethodDefinitionHandle handle in metadata.MethodDefinitions)
        {
            MethodDefinition method = metadata.GetMethodDefinition(handle);
            if (method.RelativeVirtualAddress != 0)
            {
                il += pe.GetMethodBody(method.RelativeVirtualAddress).GetILContent().Length;
            }
        }

        long strings = metadata.GetHeapSize(HeapIndex.String);
        UserStringHandle literal = MetadataTokens.UserStringHandle(1);
        while (!literal.IsNil)
        {
            strings += Encoding.UTF8.GetByteCount(metadata.GetUserString(literal)) + 1;
            literal = metadata.GetNextHandle(literal);
        }

        return new AssemblySize(il, strings);
    }

    private static long Percent(long bytes) => bytes * 100 / PeLimitBytes;

    private static string FindRepositoryRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory != null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OtaFirmware.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("OtaFirmware.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Sizes of one assembly in bytes.</summary>
    public readonly record struct AssemblySize(long IlBytes, long StringBytes);
}
