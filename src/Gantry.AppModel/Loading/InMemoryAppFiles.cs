namespace Gantry.AppModel.Loading;

/// <summary>App files held in memory, for files posted to the API and for tests.</summary>
public sealed class InMemoryAppFiles : IAppFiles
{
    private readonly Dictionary<string, string> _files = new(StringComparer.Ordinal);
    private readonly HashSet<string> _directories = new(StringComparer.Ordinal) { "" };

    /// <param name="files">File contents by path relative to the app's root folder.</param>
    /// <param name="directories">Extra (possibly empty) folders; folders holding a file exist without being listed.</param>
    public InMemoryAppFiles(IReadOnlyDictionary<string, string> files, IReadOnlySet<string>? directories = null)
    {
        foreach (var (path, text) in files)
        {
            // A key that is not a path inside the app could never be asked for; skip it rather than fail.
            if (AppPath.TryNormalize(path, out var normalized, out _) && normalized.Length > 0)
            {
                _files[normalized] = text;
                AddWithParents(AppPath.FolderOf(normalized));
            }
        }

        foreach (var directory in directories ?? new HashSet<string>())
        {
            if (AppPath.TryNormalize(directory, out var normalized, out _))
            {
                AddWithParents(normalized);
            }
        }
    }

    public string? ReadText(string relativePath) =>
        AppPath.TryNormalize(relativePath, out var path, out _) && _files.TryGetValue(path, out var text) ? text : null;

    public bool DirectoryExists(string relativePath) =>
        relativePath.Length == 0 || (AppPath.TryNormalize(relativePath, out var path, out _) && _directories.Contains(path));

    public bool FileExists(string relativePath) =>
        AppPath.TryNormalize(relativePath, out var path, out _) && _files.ContainsKey(path);

    private void AddWithParents(string folder)
    {
        while (folder.Length > 0 && _directories.Add(folder))
        {
            folder = AppPath.FolderOf(folder);
        }
    }
}
