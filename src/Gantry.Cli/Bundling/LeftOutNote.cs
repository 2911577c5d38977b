namespace Gantry.Cli.Bundling;

/// <summary>
/// When no workload builds from source, only the app's own files go up: says so, naming what else lies beside them
/// (and what kind of thing, for sockets, FIFOs and devices), so nobody wonders where the rest of the folder went.
/// Only the folder's top level is looked at: a home or download folder may be huge.
/// </summary>
public static class LeftOutNote
{
    private const int Named = 5;

    /// <summary>The note, or null when nothing else is there.</summary>
    public static string? For(string rootDirectory, BundleContents contents)
    {
        var root = new DirectoryInfo(rootDirectory);
        var uploaded = contents.Files.Select(f => f.RelativePath.Split('/')[0]).ToHashSet(StringComparer.Ordinal);
        var others = root.EnumerateFileSystemInfos()
            .Where(e => !uploaded.Contains(e.Name))
            .OrderBy(e => e.Name, StringComparer.Ordinal)
            .ToList();
        if (others.Count == 0)
        {
            return null;
        }

        var named = others.Take(Named).Select(Describe);
        var more = others.Count > Named ? $" and {others.Count - Named} more" : "";
        return $"no workload builds from source (image: .), so only the app's own files go up; left out beside them: {string.Join(", ", named)}{more}";
    }

    private static string Describe(FileSystemInfo entry) => entry switch
    {
        _ when entry.LinkTarget is not null => $"{entry.Name} (a link)",
        DirectoryInfo => entry.Name + "/",
        FileInfo file when FileProbe.Refusal(file) is { } refusal && refusal.StartsWith("a ", StringComparison.Ordinal) =>
            $"{entry.Name} ({refusal[..refusal.IndexOf(" cannot", StringComparison.Ordinal)]})",
        _ => entry.Name,
    };
}
