// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OtaFirmware.Tests.Host.Guard;

/// <summary>
/// The ban list must mean what it says: BannedApiAnalyzers silently ignores an id that resolves to nothing (for
/// example a method id written without its parameter list), which would ban nothing.
/// </summary>
[TestClass]
public class BannedSymbolsTests
{
    private static readonly Lazy<CSharpCompilation> Framework = new(() => GuardCompiler.Compile("public class Empty { }"));

    private static (int Line, string Id, string Message)[] Entries()
    {
        return File.ReadAllLines(RepositoryPaths.BannedSymbols)
            .Select((text, index) => (Line: index + 1, Text: text.Trim()))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith("//", StringComparison.Ordinal))
            .Select(l =>
            {
                int separator = l.Text.IndexOf(';');
                return separator < 0
                    ? (l.Line, l.Text, string.Empty)
                    : (l.Line, l.Text.Substring(0, separator).Trim(), l.Text.Substring(separator + 1).Trim());
            })
            .ToArray();
    }

    private static bool Resolves(string id) =>
        !DocumentationCommentId.GetSymbolsForDeclarationId(id, Framework.Value).IsEmpty;

    [TestMethod]
    public void EveryEntry_ResolvesAgainstNet10ReferenceAssemblies()
    {
        var entries = Entries();
        string[] unresolved = entries.Where(e => !Resolves(e.Id)).Select(e => $"line {e.Line}: {e.Id}").ToArray();

        Assert.IsTrue(entries.Length > 300, "the list has " + entries.Length + " entries");
        Assert.AreEqual(0, unresolved.Length, "ids that ban nothing:\n" + string.Join("\n", unresolved));
    }

    [TestMethod]
    public void Resolution_IdWithoutParameterList_DoesNotResolve()
    {
        // Proves the check above can fail, and documents the trap: "M:System.String.Join" bans no overload.
        Assert.IsFalse(Resolves("M:System.String.Join"));
        Assert.IsFalse(Resolves("T:System.NoSuchType"));
        Assert.IsTrue(Resolves("M:System.String.Join(System.String,System.String[])"));
    }

    [TestMethod]
    public void EveryEntry_HasAMessageAndAppearsOnce()
    {
        var entries = Entries();
        string[] withoutMessage = entries.Where(e => e.Message.Length == 0).Select(e => e.Id).ToArray();
        string[] duplicates = entries.GroupBy(e => e.Id).Where(g => g.Count() > 1).Select(g => g.Key).ToArray();

        Assert.AreEqual(0, withoutMessage.Length, string.Join("\n", withoutMessage));
        Assert.AreEqual(0, duplicates.Length, string.Join("\n", duplicates));
    }

    [TestMethod]
    public void List_ContainsTheRulesOfThePlatformReference()
    {
        string[] required =
        {
            "N:System.Collections.Generic", "N:System.Linq", "N:System.Threading.Tasks", "N:System.IO",
            "N:System.Security.Cryptography", "N:System.Net", "N:System.Text.Json", "T:System.Buffer",
            "T:System.Span`1", "T:System.Nullable`1", "T:System.ValueTuple`2", "T:System.Tuple", "T:System.Environment",
            "T:System.Math", "T:System.Console",
            "M:System.Text.Encoding.GetString(System.Byte[])",
            "M:System.String.Join(System.String,System.String[])",
            "M:System.String.Replace(System.String,System.String)",
            "M:System.String.IsNullOrWhiteSpace(System.String)",
            "M:System.String.Split(System.Char,System.StringSplitOptions)",
            "M:System.Version.Parse(System.String)",
            "M:System.Version.CompareTo(System.Version)",
            "M:System.Enum.GetValues(System.Type)",
            "M:System.Enum.IsDefined(System.Type,System.Object)",
            "M:System.GC.Collect",
            "M:System.Char.IsDigit(System.Char)",
            "M:System.DateTime.Parse(System.String,System.IFormatProvider)",
            "M:System.Array.Resize``1(``0[]@,System.Int32)",
            "M:System.Array.Empty``1",
        };
        var ids = Entries().Select(e => e.Id).ToHashSet(StringComparer.Ordinal);

        string[] missing = required.Where(r => !ids.Contains(r)).ToArray();

        Assert.AreEqual(0, missing.Length, string.Join("\n", missing));
        Assert.IsFalse(ids.Contains("T:System.Random"), "Random exists on nanoFramework");
        Assert.IsFalse(ids.Contains("M:System.DateTime.Parse(System.String)"), "DateTime.Parse(string) exists in mscorlib 1.17.11");
        Assert.IsFalse(ids.Contains("M:System.Convert.FromBase64CharArray(System.Char[],System.Int32,System.Int32)"), "exists in mscorlib 1.17.11");
        Assert.IsFalse(ids.Any(i => i.StartsWith("M:System.Array.IndexOf", StringComparison.Ordinal)), "Array.IndexOf exists on nanoFramework");
    }
}
