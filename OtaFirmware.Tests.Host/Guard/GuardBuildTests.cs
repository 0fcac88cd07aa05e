// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Diagnostics;
using System.Text.RegularExpressions;

namespace OtaFirmware.Tests.Host.Guard;

/// <summary>
/// End to end: a throwaway project that imports NanoFrameworkSubset.targets exactly as OtaFirmware.Core does, with
/// one file per banned API and per language feature, built once with <c>dotnet build</c>.
/// </summary>
[TestClass]
public class GuardBuildTests
{
    /// <summary>A file of the throwaway project and the diagnostic its build must report (RS0030 with the symbol's name, or an NF rule).</summary>
    /// <remarks>
    /// BannedApiAnalyzers reports a banned type where one of its members is used (a call, a construction, a property
    /// read, an implicit conversion operator), not where the type is merely written (<c>List&lt;int&gt; l = null;</c>):
    /// the NF rules cover those. So each RS0030 probe uses a member.
    /// </remarks>
    private sealed record Probe(string File, string ExpectedId, string? SymbolText, string Code);

    private static Probe Banned(string file, string symbol, string statements) =>
        new(file, "RS0030", symbol, Wrap(file, statements));

    private static Probe Feature(string file, string id, string code) =>
        new(file, id, null, code.Contains("class ", StringComparison.Ordinal) || code.Contains("struct ", StringComparison.Ordinal)
            ? "namespace Probe\n{\n" + code.Replace("CLASS", Path.GetFileNameWithoutExtension(file)) + "\n}\n"
            : Wrap(file, code));

    private static string Wrap(string file, string statements) =>
        "namespace Probe\n{\n    public class " + Path.GetFileNameWithoutExtension(file) + "\n    {\n        public void Run()\n        {\n            "
        + statements + "\n        }\n    }\n}\n";

    private static readonly Probe[] Probes =
    {
        Banned("NsCollectionsGeneric.cs", "System.Collections.Generic", "object l = new System.Collections.Generic.List<int>();"),
        Banned("NsLinq.cs", "System.Linq", "bool b = System.Linq.Enumerable.Any(new int[1]);"),
        Banned("NsTasks.cs", "System.Threading.Tasks", "object t = System.Threading.Tasks.Task.CompletedTask;"),
        Banned("NsConcurrent.cs", "System.Collections.Concurrent", "object q = new System.Collections.Concurrent.ConcurrentQueue<int>();"),
        Banned("NsImmutable.cs", "System.Collections.Immutable", "object a = System.Collections.Immutable.ImmutableArray<int>.Empty;"),
        Banned("NsBuffers.cs", "System.Buffers", "byte[] r = System.Buffers.ArrayPool<byte>.Shared.Rent(4);"),
        Banned("NsIO.cs", "System.IO", "bool e = System.IO.File.Exists(\"x\");"),
        Banned("NsCryptography.cs", "System.Security.Cryptography", "object h = System.Security.Cryptography.MD5.Create();"),
        Banned("NsNet.cs", "System.Net", "object ip = System.Net.IPAddress.Loopback;"),
        Banned("NsJson.cs", "System.Text.Json", "object o = System.Text.Json.JsonDocument.Parse(\"1\");"),
        Banned("NsRegex.cs", "System.Text.RegularExpressions", "bool m = System.Text.RegularExpressions.Regex.IsMatch(\"a\", \"a\");"),
        Banned("NsNumerics.cs", "System.Numerics", "object big = System.Numerics.BigInteger.One;"),
        Banned("TypeBuffer.cs", "Buffer", "System.Buffer.BlockCopy(new byte[1], 0, new byte[1], 0, 1);"),
        Banned("TypeSpan.cs", "Span", "System.Span<byte> s = new byte[1];"),
        Banned("TypeReadOnlySpan.cs", "ReadOnlySpan", "System.ReadOnlySpan<byte> s = new byte[1];"),
        Banned("TypeMemory.cs", "Memory", "System.Memory<byte> s = new byte[1];"),
        Banned("TypeReadOnlyMemory.cs", "ReadOnlyMemory", "System.ReadOnlyMemory<byte> s = new byte[1];"),
        Banned("TypeNullable.cs", "Nullable", "bool has = new System.Nullable<int>(1).HasValue;"),
        Banned("TypeValueTuple.cs", "ValueTuple", "object t = System.ValueTuple.Create(1, 2);"),
        Banned("TypeTuple.cs", "Tuple", "object t = System.Tuple.Create(1, 2);"),
        Banned("TypeEnvironment.cs", "Environment", "string nl = System.Environment.NewLine;"),
        Banned("TypeMath.cs", "Math", "int m = System.Math.Max(1, 2);"),
        Banned("TypeMathF.cs", "MathF", "float f = System.MathF.Abs(1f);"),
        Banned("TypeLazy.cs", "Lazy", "object l = new System.Lazy<int>();"),
        Banned("TypeHashCode.cs", "HashCode", "int h = System.HashCode.Combine(1, 2);"),
        Banned("TypeIndex.cs", "Index", "System.Index i = new System.Index(1, false);"),
        Banned("TypeRange.cs", "Range", "System.Range r = System.Range.All;"),
        Banned("TypeConsole.cs", "Console", "System.Console.WriteLine(\"x\");"),
        Banned("EncodingGetStringOneArgument.cs", "Encoding.GetString(byte[])", "string s = System.Text.Encoding.UTF8.GetString(new byte[1]);"),
        Banned("StringJoin.cs", "string.Join", "string j = string.Join(\",\", new string[] { \"a\" });"),
        Banned("StringReplace.cs", "string.Replace", "string r = \"a\".Replace(\"a\", \"b\");"),
        Banned("StringIsNullOrWhiteSpace.cs", "string.IsNullOrWhiteSpace", "bool w = string.IsNullOrWhiteSpace(\" \");"),
        Banned("StringContains.cs", "string.Contains", "bool c = \"abc\".Contains(\"b\");"),
        Banned("StringSplitChar.cs", "string.Split(char", "string[] p = \"a,b\".Split(',');"),
        Banned("StringComparisonOverload.cs", "string.Equals", "bool e = string.Equals(\"a\", \"b\", System.StringComparison.Ordinal);"),
        Banned("StringTrimChar.cs", "string.Trim(char)", "string t = \" a\".Trim(' ');"),
        Banned("StringInsert.cs", "string.Insert", "string t = \"ac\".Insert(1, \"b\");"),
        Banned("VersionParse.cs", "Version.Parse", "System.Version v = System.Version.Parse(\"1.0\");"),
        Banned("VersionCompareTo.cs", "Version.CompareTo", "int c = new System.Version(1, 0).CompareTo(new System.Version(1, 1));"),
        Banned("VersionOperator.cs", "Version.operator <", "bool lt = new System.Version(1, 0) < new System.Version(1, 1);"),
        Banned("EnumGetValues.cs", "Enum.GetValues", "System.Array v = System.Enum.GetValues(typeof(System.DayOfWeek));"),
        Banned("EnumIsDefined.cs", "Enum.IsDefined", "bool d = System.Enum.IsDefined(typeof(System.DayOfWeek), 1);"),
        Banned("GcCollect.cs", "GC.Collect", "System.GC.Collect();"),
        Banned("CharIsDigit.cs", "char.IsDigit", "bool d = char.IsDigit('1');"),
        Banned("CharIsWhiteSpace.cs", "char.IsWhiteSpace", "bool w = char.IsWhiteSpace(' ');"),
        Banned("DateTimeParse.cs", "DateTime.Parse", "System.DateTime d = System.DateTime.Parse(\"2020-01-01\", null);"),
        Banned("ArrayResize.cs", "Array.Resize", "int[] a = new int[1];\n            System.Array.Resize(ref a, 2);"),
        Banned("ArrayEmpty.cs", "Array.Empty", "int[] a = System.Array.Empty<int>();"),
        Banned("ArrayFill.cs", "Array.Fill", "System.Array.Fill(new byte[2], (byte)1);"),
        Banned("ArraySort.cs", "Array.Sort", "System.Array.Sort(new int[2]);"),
        Banned("ArrayExists.cs", "Array.Exists", "bool e = System.Array.Exists(new int[1], IsPositive);\n        }\n        private static bool IsPositive(int x) { return x > 0;"),
        Banned("IntMax.cs", "int.Max", "int m = int.Max(1, 2);"),
        Banned("IntCompareTo.cs", "int.CompareTo", "int c = 1.CompareTo(2);"),
        Banned("ConvertToHexString.cs", "Convert.ToHexString", "string h = System.Convert.ToHexString(new byte[1]);"),
        Feature("GenericClass.cs", "NF0001", "public class CLASS<T> { }"),
        Feature("GenericMethod.cs", "NF0002", "public class CLASS { public void Put<T>(T value) { } }"),
        Feature("GenericDelegateUse.cs", "NF0003", "System.EventHandler<System.EventArgs> handler = null;"),
        Feature("GenericMethodInferred.cs", "NF0004", "int[] a = new int[1];\n            System.Array.Resize(ref a, 2);"),
        Feature("NullableValueType.cs", "NF0005", "int? n = null;"),
        Feature("AsyncMethod.cs", "NF0006", "public class CLASS { public async void Go() { } }"),
        Feature("LinqQuery.cs", "NF0007", "object q = from x in new int[1] select x;"),
        Feature("TupleLiteral.cs", "NF0008", "var t = (1, 2);"),
        Feature("Dynamic.cs", "NF0010", "dynamic d = 1;"),
        Feature("StackAlloc.cs", "NF0011", "System.Span<byte> s = stackalloc byte[4];"),
        Feature("MultidimensionalArray.cs", "NF0013", "int[,] grid = new int[2, 2];"),
        Feature("RefStruct.cs", "NF0015", "public ref struct CLASS { public int Start; }"),
        Feature("ForEachOverString.cs", "NF0016", "int n = 0;\n            foreach (char c in \"abc\") { n++; }"),
        Feature("Iterator.cs", "NF0017", "public class CLASS { public System.Collections.IEnumerable Items() { yield return 1; } }"),
    };

    private const string CleanFile =
        "using System;\nusing System.Collections;\nusing System.Text;\n\nnamespace Probe\n{\n"
        + "    public delegate int IntOp(int x);\n\n"
        + "    public struct Window { public int Start; public int Length; }\n\n"
        + "    public static class Clean\n    {\n"
        + "        public const int Max = 4;\n"
        + "        private static readonly byte[] Magic = { 0xE9 };\n\n"
        + "        public static string Describe(string name, int value, out int doubled)\n        {\n"
        + "            ArrayList list = new ArrayList();\n            list.Add(value);\n"
        + "            Hashtable map = new Hashtable();\n            map[\"k\"] = value;\n"
        + "            foreach (DictionaryEntry e in map) { list.Add(e.Value); }\n"
        + "            int[][] rows = new int[2][];\n            rows[0] = new int[] { 1, 2 };\n"
        + "            IntOp twice = x => x * 2;\n            doubled = twice(value);\n"
        + "            Action nothing = () => { };\n            nothing();\n"
        + "            int Square(int x) { return x * x; }\n"
        + "            string kind;\n            switch (name) { case \"a\": kind = \"first\"; break; default: kind = \"other\"; break; }\n"
        + "            StringBuilder sb = new StringBuilder();\n            sb.Append(kind).Append(Square(value));\n"
        + "            byte[] utf8 = Encoding.UTF8.GetBytes(sb.ToString());\n"
        + "            string back = Encoding.UTF8.GetString(utf8, 0, utf8.Length);\n"
        + "            string[] parts = \"a,b\".Split(new char[] { ',' });\n"
        + "            int at = Array.IndexOf(Magic, (byte)0xE9);\n"
        + "            byte[] copy = new byte[utf8.Length];\n            Array.Copy(utf8, copy, utf8.Length);\n"
        + "            try { int.Parse(\"12\"); } catch (FormatException) { } finally { }\n"
        + "            bool flagged = AttributeTargets.All.HasFlag(AttributeTargets.Class);\n"
        + "            return $\"{name}={value} ({back}, {parts.Length}, {at}, {nameof(Describe)})\" + Convert.ToBase64String(copy).Trim() + \"x\".IndexOf(\"x\");\n"
        + "        }\n    }\n}\n";

    private static readonly Regex DiagnosticLine = new(
        @"^(?<path>[^\s(][^(]*)\((?<line>\d+),(?<column>\d+)\): (?<severity>error|warning) (?<id>[A-Z]+\d+): (?<message>.*?)(?: \[[^\]]*\])?$",
        RegexOptions.Multiline);

    [TestMethod]
    public void DotnetBuild_ProjectImportingTheGuard_FailsWithEveryExpectedDiagnosticAndLeavesCleanCodeAlone()
    {
        string directory = Path.Combine(Path.GetTempPath(), "otafw-guard-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            WriteProject(directory);
            (int exitCode, string output) = Build(Path.Combine(directory, "GuardProbe.csproj"));

            var diagnostics = DiagnosticLine.Matches(output)
                .Select(m => (File: Path.GetFileName(m.Groups["path"].Value.Trim()), Severity: m.Groups["severity"].Value, Id: m.Groups["id"].Value, Message: m.Groups["message"].Value))
                .Distinct()
                .ToArray();

            Assert.AreNotEqual(0, exitCode, "the build must fail:\n" + output);
            Assert.AreEqual(0, diagnostics.Count(d => d.Id.StartsWith("AD", StringComparison.Ordinal) || d.Id == "RS0031" || d.Id == "RS0035"), "analyzer load failures or a malformed ban list:\n" + output);

            var missing = new List<string>();
            foreach (Probe probe in Probes)
            {
                bool found = diagnostics.Any(d => d.File == probe.File
                    && d.Id == probe.ExpectedId
                    && d.Severity == "error"
                    && (probe.SymbolText == null || d.Message.Contains("'" + probe.SymbolText, StringComparison.Ordinal)));
                if (!found)
                {
                    missing.Add($"{probe.File}: expected error {probe.ExpectedId} {probe.SymbolText}; got [{string.Join("; ", diagnostics.Where(d => d.File == probe.File).Select(d => d.Id + " " + d.Message))}]");
                }
            }

            Assert.AreEqual(0, missing.Count, string.Join("\n", missing) + "\n--- build output ---\n" + output);
            var onClean = diagnostics.Where(d => d.File == "Clean.cs").ToArray();
            Assert.AreEqual(0, onClean.Length, "Clean.cs: " + string.Join("\n", onClean.Select(d => d.Id + " " + d.Message)));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void WriteProject(string directory)
    {
        // TreatWarningsAsErrors is off: the guard's rules must be errors by themselves.
        File.WriteAllText(Path.Combine(directory, "GuardProbe.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <LangVersion>7.3</LangVersion>
                <Nullable>disable</Nullable>
                <ImplicitUsings>disable</ImplicitUsings>
                <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
                <NoWarn>$(NoWarn);CS0168;CS0219;CS1998;CS8321</NoWarn>
              </PropertyGroup>
              <Import Project="{RepositoryPaths.SubsetTargets}" />
            </Project>
            """);
        string nugetConfig = Path.Combine(RepositoryPaths.GuardDirectory, "..", "nuget.config");
        if (File.Exists(nugetConfig))
        {
            File.Copy(nugetConfig, Path.Combine(directory, "nuget.config"));
        }

        foreach (Probe probe in Probes)
        {
            File.WriteAllText(Path.Combine(directory, probe.File), probe.Code);
        }

        File.WriteAllText(Path.Combine(directory, "Clean.cs"), CleanFile);
    }

    private static (int ExitCode, string Output) Build(string project)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(project)!,
        };
        foreach (string argument in new[] { "build", project, "--disable-build-servers", "-nologo", "-clp:NoSummary", "-p:UseSharedCompilation=false" })
        {
            start.ArgumentList.Add(argument);
        }

        // The test host's MSBuild variables would point the child build at the wrong SDK pieces.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail("dotnet build did not finish in 5 minutes");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
