namespace Gantry.ControlPlane.Tests.Api;

/// <summary>
/// Everything under a test's own folder (which holds the server's data folder), taken before an upload, to show
/// afterwards that a refused upload wrote nothing anywhere and left nothing of itself behind.
/// </summary>
public sealed class UploadTrace
{
    // Written by the server itself as it runs, never by an upload.
    private static readonly string[] ServerOwned = ["data/logs", "data/keys", "data/gateway", "data/run", "data/gantry.db"];

    private readonly string _root;
    private readonly HashSet<string> _before;

    private UploadTrace(string root)
    {
        _root = root;
        _before = Entries(root);
    }

    public static UploadTrace Take(string root) => new(root);

    /// <summary>Where an entry name would land if it were unpacked without checks into an incoming folder of the data folder.</summary>
    public string Landing(string entryName) =>
        Path.GetFullPath(Path.Combine(_root, "data", "sources", ".incoming", "0123456789abcdef0123456789abcdef", entryName.Replace('\\', '/')));

    public void AssertNothingWritten(params string[] sentinels)
    {
        var added = Entries(_root).Except(_before)
            .Where(p => p != "data/sources/.incoming" && !ServerOwned.Any(o => p == o || p.StartsWith(o + "/", StringComparison.Ordinal) || p.StartsWith(o + "-", StringComparison.Ordinal)))
            .ToList();
        Assert.True(added.Count == 0, "the upload wrote: " + string.Join(", ", added));
        foreach (var sentinel in sentinels)
        {
            Assert.False(File.Exists(sentinel) || Directory.Exists(sentinel) || new FileInfo(sentinel).LinkTarget is not null, $"{sentinel} was written");
        }

        var sources = Path.Combine(_root, "data", "sources");
        var left = Directory.Exists(sources) ? Directory.EnumerateFileSystemEntries(sources, "*", Everything).ToList() : [];
        Assert.True(left.All(p => p == Path.Combine(sources, ".incoming")), "the upload left: " + string.Join(", ", left));
    }

    private static EnumerationOptions Everything => new() { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false };

    private static HashSet<string> Entries(string root) =>
        [.. Directory.EnumerateFileSystemEntries(root, "*", Everything).Select(p => Path.GetRelativePath(root, p).Replace('\\', '/'))];
}
