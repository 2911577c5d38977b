using Gantry.AppModel.Loading;

namespace Gantry.Cli.Bundling;

/// <summary>
/// An app's files that remembers which ones the loader found (the entry, Score files, file sources, JWKS files):
/// exactly the files the server's loader will look for again.
/// </summary>
public sealed class RecordingAppFiles(IAppFiles inner) : IAppFiles
{
    private readonly SortedSet<string> _found = new(StringComparer.Ordinal);

    /// <summary>Paths relative to the app's folder, forward slashes, as the loader asked for them.</summary>
    public IReadOnlyCollection<string> Found => _found;

    public string? ReadText(string relativePath)
    {
        var text = inner.ReadText(relativePath);
        if (text is not null)
        {
            _found.Add(relativePath);
        }

        return text;
    }

    public bool DirectoryExists(string relativePath) => inner.DirectoryExists(relativePath);

    public bool FileExists(string relativePath)
    {
        var exists = inner.FileExists(relativePath);
        if (exists)
        {
            _found.Add(relativePath);
        }

        return exists;
    }
}
