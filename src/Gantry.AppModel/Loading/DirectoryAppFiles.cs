namespace Gantry.AppModel.Loading;

/// <summary>App files in a folder on disk; paths that leave the folder (including through symbolic links) read as absent.</summary>
public sealed class DirectoryAppFiles : IAppFiles
{
    public DirectoryAppFiles(string rootDirectory)
    {
        RootDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
    }

    public string RootDirectory { get; }

    public string? ReadText(string relativePath)
    {
        if (Resolve(relativePath) is not { } full)
        {
            return null;
        }

        try
        {
            return File.Exists(full) ? File.ReadAllText(full) : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public bool DirectoryExists(string relativePath) => Resolve(relativePath) is { } full && Directory.Exists(full);

    public bool FileExists(string relativePath) => Resolve(relativePath) is { } full && File.Exists(full);

    /// <summary>The full path for a path inside the root, or null when it would leave the root.</summary>
    private string? Resolve(string relativePath)
    {
        if (relativePath.Length == 0)
        {
            return RootDirectory;
        }

        if (!AppPath.TryNormalize(relativePath, out var normalized, out _))
        {
            return null;
        }

        // Walk the segments so a symbolic link anywhere on the way cannot lead out of the root.
        var current = RootDirectory;
        foreach (var segment in normalized.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Join(current, segment);
            if (!StaysInside(current))
            {
                return null;
            }
        }

        return current;
    }

    private bool StaysInside(string path)
    {
        try
        {
            FileSystemInfo info = Directory.Exists(path) ? new DirectoryInfo(path) : new FileInfo(path);
            if (info.LinkTarget is null)
            {
                return true;
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            return target is not null && IsUnderRoot(Path.GetFullPath(target.FullName));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private bool IsUnderRoot(string fullPath) =>
        fullPath == RootDirectory || fullPath.StartsWith(RootDirectory + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
