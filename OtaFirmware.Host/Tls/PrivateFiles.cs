// Copyright (c) OtaFirmware contributors. Licensed under the MIT license.

namespace OtaFirmware.Host.Tls;

/// <summary>
/// Writes secrets (private keys, device secrets) readable by their owner only: the directory 0700, the file 0600,
/// created with that mode (never world-readable, not even for a moment). On Windows the files inherit the ACL of the
/// user's profile directory.
/// </summary>
public static class PrivateFiles
{
    /// <summary>Mode of a private directory (rwx------).</summary>
    public const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Mode of a private file (rw-------).</summary>
    public const UnixFileMode PrivateFileMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="directory"/> if needed and makes it 0700.</summary>
    public static void CreateDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
            return;
        }

        Directory.CreateDirectory(directory, DirectoryMode);
        File.SetUnixFileMode(directory, DirectoryMode);
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> as a 0600 file (replaced atomically).</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(text);
        string temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFileMode;
        }

        using (var stream = new FileStream(temporary, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
        }

        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, PrivateFileMode);
        }

        File.Move(temporary, path, true);
    }
}
