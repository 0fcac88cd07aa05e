// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using OtaFirmware.Guard;

namespace OtaFirmware.Tests.Host.Guard;

/// <summary>Compiles C# source in memory against the net10.0 reference assemblies and runs the guard on it.</summary>
internal static class GuardCompiler
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(LoadReferences);

    /// <summary>The net10.0 reference assemblies (the ones the SDK compiles against), else the running runtime's.</summary>
    public static ImmutableArray<MetadataReference> FrameworkReferences => References.Value;

    public static CSharpCompilation Compile(string source, LanguageVersion languageVersion = LanguageVersion.CSharp7_3)
    {
        SyntaxTree tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(languageVersion), path: "Snippet.cs");
        return CSharpCompilation.Create(
            "Snippet",
            new[] { tree },
            FrameworkReferences,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Disable));
    }

    /// <summary>The guard's diagnostics; fails the test if the snippet itself does not compile.</summary>
    public static ImmutableArray<Diagnostic> Analyze(string source, LanguageVersion languageVersion = LanguageVersion.CSharp7_3, string? exemptNamespaces = null)
    {
        CSharpCompilation compilation = Compile(source, languageVersion);
        Diagnostic[] errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        Assert.AreEqual(0, errors.Length, "the snippet must compile, so the test exercises the guard and not the compiler:\n" + string.Join("\n", errors.Select(e => e.ToString())) + "\n" + source);

        var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new GlobalOptionsProvider(exemptNamespaces));
        CompilationWithAnalyzers withAnalyzers = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new NanoFrameworkSubsetAnalyzer()), options);
        ImmutableArray<Diagnostic> all = withAnalyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult();
        Diagnostic[] analyzerFailures = all.Where(d => d.Id == "AD0001").ToArray();
        Assert.AreEqual(0, analyzerFailures.Length, "the analyzer threw: " + string.Join("\n", analyzerFailures.Select(d => d.ToString())));
        return all.Where(d => d.Id.StartsWith("NF", StringComparison.Ordinal)).ToImmutableArray();
    }

    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        // typeof(object) lives in <dotnet>/shared/Microsoft.NETCore.App/<version>/; the reference pack is
        // <dotnet>/packs/Microsoft.NETCore.App.Ref/<version>/ref/net10.0/.
        string runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDirectory, "..", "..", ".."));
        string packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        string? refDirectory = Directory.Exists(packs)
            ? Directory.GetDirectories(packs, "10.*")
                .Select(d => Path.Combine(d, "ref", "net10.0"))
                .Where(Directory.Exists)
                .OrderBy(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))), out Version? v) ? v : new Version(0, 0))
                .LastOrDefault()
            : null;
        string directory = refDirectory ?? runtimeDirectory;
        return Directory.GetFiles(directory, "*.dll")
            .Where(IsManagedAssembly)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToImmutableArray();
    }

    private static bool IsManagedAssembly(string path)
    {
        try
        {
            System.Reflection.AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private sealed class GlobalOptionsProvider(string? exemptNamespaces) : AnalyzerConfigOptionsProvider
    {
        public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(exemptNamespaces);

        public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

        public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;
    }

    private sealed class Options(string? exemptNamespaces) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new(null);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
        {
            value = key == NanoFrameworkSubsetAnalyzer.ExemptNamespacesProperty ? exemptNamespaces : null;
            return value != null;
        }
    }
}
