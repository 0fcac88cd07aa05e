// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Tests.Host.Guard;

/// <summary>Locates the guard's files in the repository the tests were built from.</summary>
internal static class RepositoryPaths
{
    public static string GuardDirectory { get; } = FindGuardDirectory();

    public static string SubsetTargets => Path.Combine(GuardDirectory, "NanoFrameworkSubset.targets");

    public static string BannedSymbols => Path.Combine(GuardDirectory, "BannedSymbols.txt");

    private static string FindGuardDirectory()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "OtaFirmware.Guard");
            if (File.Exists(Path.Combine(candidate, "NanoFrameworkSubset.targets")))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("OtaFirmware.Guard/NanoFrameworkSubset.targets not found above " + AppContext.BaseDirectory);
    }
}
