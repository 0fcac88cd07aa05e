// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace OtaFirmware.Tests.Host.Guard;

/// <summary>
/// The ban list against the real mscorlib of nanoFramework.CoreLibrary 1.17.11 (restored by the normal build for
/// nanoFramework/Mscorlib.props): an entry that says nanoFramework lacks a member must name a member the real mscorlib
/// does not have. Entries that ban what exists for another reason (portable code logs through ILog, not Console) say
/// so in their message and are not "has no"/"does not exist" claims.
/// </summary>
[TestClass]
public class MscorlibBanListTests
{
    private static readonly Lazy<CSharpCompilation> Mscorlib = new(() => CSharpCompilation.Create(
        "BanListCheck",
        new[] { CSharpSyntaxTree.ParseText("public class Empty { }") },
        new[] { MetadataReference.CreateFromFile(MscorlibPath()) },
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)));

    [TestMethod]
    public void EveryAbsenceClaim_NamesAMemberTheRealMscorlibLacks()
    {
        string[] wrong = File.ReadAllLines(RepositoryPaths.BannedSymbols)
            .Select((text, index) => (Line: index + 1, Text: text.Trim()))
            .Where(l => l.Text.Length > 0 && !l.Text.StartsWith("//", StringComparison.Ordinal) && l.Text.Contains(';'))
            .Select(l => (l.Line, Id: l.Text.Substring(0, l.Text.IndexOf(';')), Message: l.Text.Substring(l.Text.IndexOf(';') + 1)))
            .Where(e => !e.Id.StartsWith("N:", StringComparison.Ordinal) && ClaimsAbsence(e.Message))
            .Where(e => !DocumentationCommentId.GetSymbolsForDeclarationId(e.Id, Mscorlib.Value).IsEmpty)
            .Select(e => $"line {e.Line}: {e.Id} exists in mscorlib 1.17.11")
            .ToArray();

        Assert.AreEqual(0, wrong.Length, "ban entries that claim an absence the real mscorlib contradicts:\n" + string.Join("\n", wrong));
    }

    [TestMethod]
    public void Resolution_AgainstRealMscorlib_FindsWhatItHasAndNotWhatItLacks()
    {
        Assert.IsTrue(DocumentationCommentId.GetSymbolsForDeclarationId("M:System.String.Join(System.String,System.String[])", Mscorlib.Value).IsEmpty);
        Assert.IsFalse(DocumentationCommentId.GetSymbolsForDeclarationId("M:System.String.Split(System.Char[])", Mscorlib.Value).IsEmpty);
        Assert.IsTrue(DocumentationCommentId.GetSymbolsForDeclarationId("T:System.Buffer", Mscorlib.Value).IsEmpty);
    }

    private static bool ClaimsAbsence(string message) =>
        message.Contains("has no", StringComparison.Ordinal) || message.Contains("does not exist", StringComparison.Ordinal)
        || message.Contains("does not have", StringComparison.Ordinal);

    private static string MscorlibPath()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        string path = Path.Combine(packages, "nanoframework.corelibrary", "1.17.11", "lib", "mscorlib.dll");
        Assert.IsTrue(File.Exists(path), path + " is not restored (the normal build restores it for nanoFramework/Mscorlib.props)");
        return path;
    }
}
