// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace OtaFirmware.Tests.Host.Device;

/// <summary>
/// The classic nanoFramework projects cannot be built on Linux (their imports exist only on Windows with Visual Studio),
/// so their file lists and package references are checked here: every portable source linked exactly once into its
/// class library (Core, Gateway, SimulatedHardware), every portable test into exactly one emulator test project, the
/// app referencing the libraries instead of linking sources, every Compile item present on disk, every reference backed
/// by packages.config with a matching strong-name version.
/// </summary>
[TestClass]
public sealed class NfprojConsistencyTests
{
    private static readonly XNamespace Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";
    private static readonly string Root = FindRepositoryRoot();

    private const string AppProject = "OtaFirmware/OtaFirmware.nfproj";
    private const string InteropProject = "OtaFirmware.Esp32Ota/OtaFirmware.Esp32Ota.nfproj";

    /// <summary>The portable class libraries: project, and the source folder it links.</summary>
    private static readonly (string Project, string Sources)[] Libraries =
    {
        ("nanoFramework/OtaFirmware.Primitives/OtaFirmware.Primitives.nfproj", "OtaFirmware.Primitives"),
        ("nanoFramework/OtaFirmware.Core/OtaFirmware.Core.nfproj", "OtaFirmware.Core"),
        ("nanoFramework/OtaFirmware.Gateway/OtaFirmware.Gateway.nfproj", "OtaFirmware.Gateway"),
        ("nanoFramework/OtaFirmware.SimulatedHardware/OtaFirmware.SimulatedHardware.nfproj", "OtaFirmware.SimulatedHardware"),
    };

    /// <summary>The emulator test projects (one NFUnitTest assembly each).</summary>
    private static readonly string[] EmulatorProjects =
    {
        "OtaFirmware.Tests.Emulator/Core/NFUnitTest.Core.nfproj",
        "OtaFirmware.Tests.Emulator/Gateway/NFUnitTest.Gateway.nfproj",
        "OtaFirmware.Tests.Emulator/SimulatedHardware/NFUnitTest.SimulatedHardware.nfproj",
        "OtaFirmware.Tests.Emulator/Update/NFUnitTest.Update.nfproj",
    };

    private static IEnumerable<string> AllProjects =>
        new[] { AppProject, InteropProject }.Concat(Libraries.Select(l => l.Project)).Concat(EmulatorProjects);

    [TestMethod]
    public void LibraryProjects_LinkEveryPortableSourceOfTheirFolder_ExactlyOnce()
    {
        foreach ((string project, string sources) in Libraries)
        {
            AssertLinkedExactly(project, sources, sources.Substring("OtaFirmware.".Length), PortableSources(sources));
        }
    }

    [TestMethod]
    public void AppProject_LinksNoPortableSource_ReferencesTheShippingLibraries()
    {
        Assert.AreEqual(0, CompileItems(AppProject).Count(item => item.Include.StartsWith("..", StringComparison.Ordinal)), "the app links no sources: it references the libraries");
        CollectionAssert.AreEquivalent(
            new[] { "OtaFirmware.Primitives.nfproj", "OtaFirmware.Core.nfproj", "OtaFirmware.Gateway.nfproj", "OtaFirmware.Esp32Ota.nfproj" },
            ProjectReferences(AppProject).Select(r => Path.GetFileName(r.Replace('\\', '/'))).ToArray());
    }

    [TestMethod]
    public void EmulatorProjects_TogetherLinkEveryPortableTestOnce_SharedHelpersInEach()
    {
        List<string> all = PortableSources("OtaFirmware.Tests");
        bool IsShared(string rel) => !rel.Contains('\\') || rel.StartsWith("Fakes\\", StringComparison.Ordinal);
        var owners = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (string project in EmulatorProjects)
        {
            string prefix = "..\\..\\OtaFirmware.Tests\\";
            List<CompileItem> linked = CompileItems(project).Where(item => item.Include.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            foreach (CompileItem item in linked)
            {
                string rel = item.Include.Substring(prefix.Length);
                Assert.AreEqual("Tests\\" + rel, item.Link, $"{project}: link does not mirror the source path");
                Assert.IsTrue(all.Contains(rel, StringComparer.Ordinal), $"{project} links {rel}, which is not a portable test source (run tools/sync-nfproj.sh)");
                if (!owners.TryGetValue(rel, out List<string>? list))
                {
                    owners[rel] = list = new List<string>();
                }

                list.Add(project);
            }

            foreach (string shared in all.Where(IsShared))
            {
                Assert.IsTrue(linked.Any(item => item.Include == prefix + shared), $"{project} lacks the shared helper {shared} (run tools/sync-nfproj.sh)");
            }
        }

        string[] missing = all.Where(rel => !owners.ContainsKey(rel)).ToArray();
        string[] twice = all.Where(rel => !IsShared(rel) && owners.TryGetValue(rel, out List<string>? o) && o.Count > 1).ToArray();
        Assert.AreEqual(0, missing.Length, "portable tests in no emulator project (add the folder to a group in tools/sync-nfproj.sh):\n  " + string.Join("\n  ", missing));
        Assert.AreEqual(0, twice.Length, "portable tests in more than one emulator project:\n  " + string.Join("\n  ", twice));
    }

    [TestMethod]
    public void AllProjects_EveryCompileItemExistsOnDisk()
    {
        foreach (string project in AllProjects)
        {
            string directory = Path.GetDirectoryName(Path.Combine(Root, project))!;
            List<string> missing = CompileItems(project)
                .Where(item => !File.Exists(Path.GetFullPath(Path.Combine(directory, item.Include.Replace('\\', Path.DirectorySeparatorChar)))))
                .Select(item => item.Include)
                .ToList();
            Assert.AreEqual(0, missing.Count, $"{project} compiles files that do not exist (run tools/sync-nfproj.sh):\n  " + string.Join("\n  ", missing));
        }
    }

    [TestMethod]
    public void AllProjects_ProjectReferencesExist()
    {
        foreach (string project in AllProjects)
        {
            string directory = Path.GetDirectoryName(Path.Combine(Root, project))!;
            foreach (string reference in ProjectReferences(project))
            {
                Assert.IsTrue(File.Exists(Path.GetFullPath(Path.Combine(directory, reference.Replace('\\', Path.DirectorySeparatorChar)))), $"{project}: {reference} does not exist");
            }
        }
    }

    [TestMethod]
    public void AllProjects_ReferencesMatchPackagesConfigAndStrongNames()
    {
        foreach (string project in AllProjects)
        {
            Dictionary<string, string> packages = PackagesConfig(project);
            string packagesFolder = PackagesFolder(project);
            var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var problems = new List<string>();
            foreach (XElement reference in Load(project).Descendants(Msbuild + "Reference"))
            {
                string include = (string)reference.Attribute("Include")!;
                string? hintPath = (string?)reference.Element(Msbuild + "HintPath");
                string assembly = include.Split(',')[0].Trim();
                if (hintPath == null)
                {
                    problems.Add($"{assembly}: no HintPath");
                    continue;
                }

                Match match = Regex.Match(hintPath, "^" + Regex.Escape(packagesFolder) + @"(?<folder>[^\\]+)\\lib\\(?<file>[^\\]+)\.(dll|exe)$");
                if (!match.Success)
                {
                    problems.Add($"{assembly}: HintPath '{hintPath}' is not {packagesFolder}<id>.<version>\\lib\\<assembly>.dll (the solution's packages folder)");
                    continue;
                }

                string folder = match.Groups["folder"].Value;
                KeyValuePair<string, string> package = packages.FirstOrDefault(p => string.Equals(p.Key + "." + p.Value, folder, StringComparison.OrdinalIgnoreCase));
                if (package.Key == null)
                {
                    problems.Add($"{assembly}: package folder '{folder}' is not in packages.config");
                    continue;
                }

                used.Add(package.Key);
                if (!string.Equals(match.Groups["file"].Value, assembly, StringComparison.Ordinal))
                {
                    problems.Add($"{assembly}: HintPath names assembly '{match.Groups["file"].Value}'");
                }

                Match version = Regex.Match(include, @"Version=(?<v>\d+\.\d+\.\d+)\.\d+");
                if (include.Contains("Version=") && (!version.Success || version.Groups["v"].Value != package.Value))
                {
                    problems.Add($"{assembly}: strong-name version in '{include}' does not match package {package.Key} {package.Value}");
                }

                if (include.Contains("Version=") && !include.Contains("PublicKeyToken=c07d481e9758c731"))
                {
                    problems.Add($"{assembly}: strong name lacks the nanoFramework PublicKeyToken");
                }
            }

            foreach (string unused in packages.Keys.Where(id => !used.Contains(id)))
            {
                problems.Add($"package {unused} in packages.config is referenced by no assembly");
            }

            Assert.AreEqual(0, problems.Count, $"{project}:\n  " + string.Join("\n  ", problems));
        }
    }

    [TestMethod]
    public void AppProject_ReferencesBothM2MqttAssembliesAndTheInterop()
    {
        XDocument app = Load(AppProject);
        string[] references = app.Descendants(Msbuild + "Reference").Select(r => ((string)r.Attribute("Include")!).Split(',')[0]).ToArray();
        CollectionAssert.IsSubsetOf(new[] { "nanoFramework.M2Mqtt", "nanoFramework.M2Mqtt.Core", "System.Net.Http", "System.Threading" }, references);
        Assert.IsTrue(app.Descendants(Msbuild + "ProjectReference").Any(p => ((string)p.Attribute("Include")!).EndsWith("OtaFirmware.Esp32Ota.nfproj", StringComparison.Ordinal)));
    }

    [TestMethod]
    public void EmulatorProjects_HaveNoDeviceOnlyReferences_AndBuildNFUnitTest()
    {
        string[] forbidden = { "nanoFramework.Hardware.Esp32", "System.Device.Wifi", "System.Security.Cryptography", "OtaFirmware.Esp32Ota", "System.Net", "System.IO.FileSystem" };
        foreach (string project in EmulatorProjects)
        {
            XDocument emulator = Load(project);
            string[] references = emulator.Descendants(Msbuild + "Reference").Select(r => ((string)r.Attribute("Include")!).Split(',')[0].Trim()).ToArray();
            CollectionAssert.AreEquivalent(new[] { "mscorlib", "nanoFramework.System.Collections", "nanoFramework.System.Text", "nanoFramework.TestFramework", "nanoFramework.UnitTestLauncher" }, references, project);
            Assert.IsFalse(references.Intersect(forbidden).Any());
            CollectionAssert.AreEquivalent(
                new[] { "OtaFirmware.Primitives.nfproj", "OtaFirmware.Core.nfproj", "OtaFirmware.Gateway.nfproj", "OtaFirmware.SimulatedHardware.nfproj" },
                ProjectReferences(project).Select(r => Path.GetFileName(r.Replace('\\', '/'))).ToArray(),
                project);
            // The TestFramework's launcher loads the assembly by this name; each project builds its own in its own folder.
            Assert.AreEqual("NFUnitTest", (string?)emulator.Descendants(Msbuild + "AssemblyName").Single(), project);
        }

        Assert.IsTrue(File.ReadAllText(Path.Combine(Root, "OtaFirmware.Tests.Emulator/nano.runsettings")).Contains("<IsRealHardware>False</IsRealHardware>"));
    }

    [TestMethod]
    public void LibraryProjects_ReferenceOnlyPortableLibraries_NeverTheDeviceOrSimulationFromShippingCode()
    {
        foreach ((string project, string _) in Libraries)
        {
            string[] references = Load(project).Descendants(Msbuild + "Reference").Select(r => ((string)r.Attribute("Include")!).Split(',')[0].Trim()).ToArray();
            CollectionAssert.AreEquivalent(new[] { "mscorlib", "nanoFramework.System.Collections", "nanoFramework.System.Text" }, references, project);
            Assert.AreEqual("Library", (string?)Load(project).Descendants(Msbuild + "OutputType").Single(), project);
        }

        Assert.IsFalse(ProjectReferences(Libraries[0].Project).Any(), "Primitives references no other library");
        CollectionAssert.AreEqual(new[] { "OtaFirmware.Primitives.nfproj" }, ProjectReferences(Libraries[1].Project).Select(r => Path.GetFileName(r.Replace('\\', '/'))).ToArray(), "Core references Primitives only");
        CollectionAssert.AreEquivalent(new[] { "OtaFirmware.Primitives.nfproj", "OtaFirmware.Core.nfproj" }, ProjectReferences(Libraries[2].Project).Select(r => Path.GetFileName(r.Replace('\\', '/'))).ToArray(), "Gateway references Primitives and Core");
    }

    [TestMethod]
    public void AllProjects_ClassicFormatWithConditionalImports()
    {
        foreach (string project in AllProjects)
        {
            XDocument document = Load(project);
            Assert.AreEqual("{11A8DD76-328B-46DF-9F39-F559912D0360};{FAE04EC0-301F-11D3-BF4B-00C04F79EFBC}", (string?)document.Descendants(Msbuild + "ProjectTypeGuids").Single(), project);
            Assert.AreEqual("v1.0", (string?)document.Descendants(Msbuild + "TargetFrameworkVersion").Single(), project);
            Assert.IsTrue(Guid.TryParse((string?)document.Descendants(Msbuild + "ProjectGuid").Single(), out _), project);
            foreach (XElement import in document.Descendants(Msbuild + "Import"))
            {
                Assert.IsTrue(((string?)import.Attribute("Condition"))?.StartsWith("Exists(", StringComparison.Ordinal) == true, $"{project}: unconditional import {import}");
            }
        }

        Assert.AreEqual("Exe", (string?)Load(AppProject).Descendants(Msbuild + "OutputType").Single());
        Assert.IsTrue(EmulatorProjects.All(p => (string?)Load(p).Descendants(Msbuild + "OutputType").Single() == "Library"));
        Assert.AreEqual("Library", (string?)Load(InteropProject).Descendants(Msbuild + "OutputType").Single());
    }

    private static void AssertLinkedExactly(string project, string sourceDirectory, string linkPrefix, List<string> expected)
    {
        string prefix = "..\\..\\" + sourceDirectory + "\\";
        List<CompileItem> linked = CompileItems(project).Where(item => item.Include.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        var counts = linked.GroupBy(item => item.Include.Substring(prefix.Length), StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

        List<string> missing = expected.Where(rel => !counts.ContainsKey(rel)).ToList();
        List<string> duplicated = counts.Where(c => c.Value > 1).Select(c => c.Key).ToList();
        List<string> extra = counts.Keys.Where(rel => !expected.Contains(rel, StringComparer.Ordinal)).ToList();
        List<string> badLinks = linked.Where(item => item.Link != linkPrefix + "\\" + item.Include.Substring(prefix.Length)).Select(item => item.Include).ToList();

        if (missing.Count + duplicated.Count + extra.Count + badLinks.Count == 0)
        {
            return;
        }

        var message = new StringBuilder();
        message.AppendLine($"{project} is out of step with {sourceDirectory}/. Run tools/sync-nfproj.sh (it rewrites the GENERATED block).");
        if (missing.Count > 0)
        {
            message.AppendLine("Missing Compile items:");
            foreach (string rel in missing)
            {
                message.AppendLine($"    <Compile Include=\"{prefix}{rel}\">");
                message.AppendLine($"      <Link>{linkPrefix}\\{rel}</Link>");
                message.AppendLine("    </Compile>");
            }
        }

        foreach (string rel in duplicated)
        {
            message.AppendLine($"Linked more than once: {prefix}{rel}");
        }

        foreach (string rel in extra)
        {
            message.AppendLine($"Linked but not a portable source (deleted, moved, or excluded): {prefix}{rel}");
        }

        foreach (string include in badLinks)
        {
            message.AppendLine($"Link does not mirror the source path: {include}");
        }

        Assert.Fail(message.ToString());
    }

    private static List<string> PortableSources(string directory)
    {
        string root = Path.Combine(Root, directory);
        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '\\'))
            .Where(rel => !rel.Split('\\').Any(segment => segment is "obj" or "bin"))
            .OrderBy(rel => rel, StringComparer.Ordinal)
            .ToList();
    }

    private static List<CompileItem> CompileItems(string project)
    {
        return Load(project).Descendants(Msbuild + "Compile")
            .Select(e => new CompileItem((string)e.Attribute("Include")!, (string?)e.Element(Msbuild + "Link")))
            .ToList();
    }

    private static Dictionary<string, string> PackagesConfig(string project)
    {
        string path = Path.Combine(Path.GetDirectoryName(Path.Combine(Root, project))!, "packages.config");
        return XDocument.Load(path).Descendants("package")
            .ToDictionary(p => (string)p.Attribute("id")!, p => (string)p.Attribute("version")!, StringComparer.OrdinalIgnoreCase);
    }

    private static List<string> ProjectReferences(string project) =>
        Load(project).Descendants(Msbuild + "ProjectReference").Select(r => (string)r.Attribute("Include")!).ToList();

    /// <summary>The solution's packages\\ folder as seen from the project (HintPaths are relative to it).</summary>
    private static string PackagesFolder(string project)
    {
        int depth = project.Count(c => c == '/');
        return string.Concat(Enumerable.Repeat("..\\", depth)) + "packages\\";
    }

    private static XDocument Load(string project) => XDocument.Load(Path.Combine(Root, project));

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

    private sealed record CompileItem(string Include, string? Link);
}
