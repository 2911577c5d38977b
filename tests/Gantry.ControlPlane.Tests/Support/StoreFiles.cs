namespace Gantry.ControlPlane.Tests.Support;

/// <summary>Reads a data folder's files as they are on disk, to prove what is (and is not) stored in plain text.</summary>
public static class StoreFiles
{
    private static readonly string[] StoreNames = ["gantry.db", "gantry.db-wal"];

    /// <summary>Reads a file another part of the server may still be writing (the database, its write-ahead log, a log).</summary>
    public static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return System.Text.Encoding.Latin1.GetString(copy.ToArray());
    }

    /// <summary>The store and its write-ahead log (where a fresh write lands first), as one string.</summary>
    public static string ReadAll(string dataPath) =>
        string.Concat(StoreNames.Select(f => Path.Combine(dataPath, f)).Where(File.Exists).Select(ReadShared));
}
