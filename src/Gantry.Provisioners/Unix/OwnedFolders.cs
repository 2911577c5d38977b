namespace Gantry.Provisioners.Unix;

/// <summary>
/// Folders and marker files in places a service's user may write to. Gantry may run as root there, so nothing it does
/// may follow a link the user planted: folders are created with their mode (no chmod after), ownership changes with
/// <c>lchown</c>, and files are made with O_EXCL and renamed into place.
/// </summary>
internal static class OwnedFolders
{
    public const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    /// <summary>Makes <paramref name="path"/> a folder of <paramref name="owner"/> (Gantry itself when null) that only it can enter.</summary>
    public static void Ensure(string path, UnixUser? owner)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("platform services run on Linux");
        }

        var info = new DirectoryInfo(path);
        if (info.LinkTarget is not null)
        {
            throw new IOException($"{path} is a symbolic link; a service folder must be a real folder");
        }

        if (!info.Exists)
        {
            Directory.CreateDirectory(path, OwnerOnly);
        }
        else if ((info.UnixFileMode & ~OwnerOnly) != 0)
        {
            File.SetUnixFileMode(path, OwnerOnly);
        }

        owner?.Own(path);
    }

    /// <summary>True when <paramref name="path"/> is missing or an empty folder.</summary>
    public static bool IsEmpty(string path) => !Directory.Exists(path) || !Directory.EnumerateFileSystemEntries(path).Any();

    /// <summary>Writes a small file atomically without following a link at its path or at the temporary one.</summary>
    public static void WriteFile(string path, string content)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("platform services run on Linux");
        }

        var temporary = path + ".tmp";
        File.Delete(temporary); // a link is removed, not followed
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew, // O_EXCL: fails rather than write through anything that appeared meanwhile
            Access = FileAccess.Write,
            UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(content);
        }

        File.Move(temporary, path, overwrite: true); // rename(2) replaces a link, it does not follow it
    }

    /// <summary>Reads a small regular file; null when it is missing, a link, empty (a FIFO reads as empty) or too large.</summary>
    public static string? ReadSmallFile(string path, int maxBytes = 256)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.LinkTarget is not null || info.Length is 0 || info.Length > maxBytes)
        {
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
