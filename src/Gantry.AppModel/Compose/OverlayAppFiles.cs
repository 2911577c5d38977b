using Gantry.AppModel.Loading;

namespace Gantry.AppModel.Compose;

/// <summary>The app's files with the files an import wrote in memory laid over them.</summary>
internal sealed class OverlayAppFiles(IAppFiles files, IEnumerable<KeyValuePair<string, string>> written) : IAppFiles
{
    private readonly Dictionary<string, string> _written = written.ToDictionary(StringComparer.Ordinal);

    public string? ReadText(string relativePath) => _written.TryGetValue(relativePath, out var text) ? text : files.ReadText(relativePath);

    public bool DirectoryExists(string relativePath) => files.DirectoryExists(relativePath);

    public bool FileExists(string relativePath) => _written.ContainsKey(relativePath) || files.FileExists(relativePath);
}
