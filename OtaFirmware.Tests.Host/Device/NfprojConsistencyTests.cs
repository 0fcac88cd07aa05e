// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace OtaFirmware.Tests.Host.Device;

/// <summary>
/// The classic nanoFramework projects cannot be built on Linux (their imports exist only on Windows with Visual Studio),
/// so their file lists and package references are checked here: every portable source linked exactly once, every
/// Compile item present on disk, every reference backed by packages.config with a matching strong-name version.
/// </summary>
[TestClass]
public sealed class NfprojConsistencyTests
{
    private static readonly XNamespace Msbuild = "http://schemas.microsoft.com/developer/msbuild/2003";
    private static readonly string Root = FindRepositoryRoot();

    private const string AppProject = "OtaFirmware/OtaFirmware.nfproj";
    private const string EmulatorProject = "OtaFirmware.Tests.Emulator/NFUnitTest.nfproj";
    private const string InteropProject = "OtaFirmware.Esp32Ota/OtaFirmware.Esp32Ota.nfproj";

    [TestMethod]
    public void AppProject_LinksEveryCoreAndGatewaySource_ExactlyOnce()
    {
        AssertLinkedExactly(AppProject, "OtaFirmware.Core", "Core", PortableSources("OtaFirmware.Core"));
        AssertLinkedExactly(AppProject, "OtaFirmware.Gateway", "Gateway", PortableSources("OtaFirmware.Gateway"));
    }

    [TestMethod]
    public void EmulatorProject_LinksEveryPortableSourceAndTest_ExactlyOnce()
    {
        AssertLinkedExactly(EmulatorProject, "OtaFirmware.Core", "Core", PortableSources("OtaFirmware.Core"));
        AssertLinkedExactly(EmulatorProject, "OtaFirmware.Gateway", "Gateway", PortableSources("OtaFirmware.Gateway"));
        AssertLinkedExactly(EmulatorProject, "OtaFirmware.SimulatedHardware", "SimulatedHardware", PortableSources("OtaFirmware.SimulatedHardware"));
        AssertLinkedExactly(EmulatorProject, "OtaFirmware.Tests", "Tests", PortableSources("OtaFirmware.Tests"));
    }

    [TestMethod]
    public void AllProjects_EveryCompileItemExistsOnDisk()
    {
        foreach (string project in new[] { AppProject, EmulatorProject, InteropProject })
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
    public void AllProjects_ReferencesMatchPackagesConfigAndStrongNames()
    {
        foreach (string project in new[] { AppProject, EmulatorProject, InteropProject })
        {
            Dictionary<string, string> packages = PackagesConfig(project);
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

                Match match = Regex.Match(hintPath, @"^\.\.\\packages\\(?<folder>[^\\]+)\\lib\\(?<file>[^\\]+)\.(dll|exe)$");
                if (!match.Success)
                {
                    problems.Add($"{assembly}: HintPath '{hintPath}' is not ..\\packages\\<id>.<version>\\lib\\<assembly>.dll");
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
    public void EmulatorProject_HasNoDeviceOnlyReferences()
    {
        string[] forbidden = { "nanoFramework.Hardware.Esp32", "System.Device.Wifi", "System.Security.Cryptography", "OtaFirmware.Esp32Ota", "System.Net", "System.IO.FileSystem" };
        XDocument emulator = Load(EmulatorProject);
        string[] references = emulator.Descendants(Msbuild + "Reference").Select(r => ((string)r.Attribute("Include")!).Split(',')[0].Trim()).ToArray();
        CollectionAssert.AreEquivalent(new[] { "mscorlib", "nanoFramework.System.Collections", "nanoFramework.System.Text", "nanoFramework.TestFramework", "nanoFramework.UnitTestLauncher" }, references);
        Assert.IsFalse(references.Intersect(forbidden).Any());
        Assert.AreEqual(0, emulator.Descendants(Msbuild + "ProjectReference").Count());
        Assert.AreEqual("NFUnitTest", (string?)emulator.Descendants(Msbuild + "AssemblyName").Single());
        Assert.IsTrue(File.ReadAllText(Path.Combine(Root, "OtaFirmware.Tests.Emulator/nano.runsettings")).Contains("<IsRealHardware>False</IsRealHardware>"));
    }

    [TestMethod]
    public void AllProjects_ClassicFormatWithConditionalImports()
    {
        foreach (string project in new[] { AppProject, EmulatorProject, InteropProject })
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
        Assert.AreEqual("Library", (string?)Load(EmulatorProject).Descendants(Msbuild + "OutputType").Single());
        Assert.AreEqual("Library", (string?)Load(InteropProject).Descendants(Msbuild + "OutputType").Single());
    }

    private static void AssertLinkedExactly(string project, string sourceDirectory, string linkPrefix, List<string> expected)
    {
        string prefix = "..\\" + sourceDirectory + "\\";
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
