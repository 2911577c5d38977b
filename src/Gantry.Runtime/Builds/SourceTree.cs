using System.Security.Cryptography;
using System.Text;

namespace Gantry.Runtime.Builds;

/// <summary>The files of a source folder that make up a build: everything but build outputs, installed packages and Git's own data.</summary>
internal static class SourceTree
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "node_modules", ".git" };

    /// <summary>
    /// Relative paths (with '/') of the files, sorted ordinally so the order never depends on the file system;
    /// <paramref name="built"/>: of a build's output, whose bin folders are the point.
    /// </summary>
    public static List<string> Files(string root, IReadOnlyCollection<string> ignored, bool built = false)
    {
        var files = new List<string>();
        Collect(root, "", files, built);
        files.RemoveAll(ignored.Contains);
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    /// <summary>SHA-256 over every file's path, executable bit and contents, then <paramref name="extra"/> (builder, command…).</summary>
    public static string Hash(string root, IReadOnlyCollection<string> ignored, IEnumerable<string> extra)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        foreach (var file in Files(root, ignored))
        {
            var path = Path.Combine(root, file);
            using var stream = File.OpenRead(path);
            hash.AppendData(Encoding.UTF8.GetBytes($"file\0{file}\0{stream.Length}\0{(IsExecutable(path) ? "x" : "-")}\0"));
            int read;
            while ((read = stream.Read(buffer)) > 0)
            {
                hash.AppendData(buffer.AsSpan(0, read));
            }
        }

        foreach (var part in extra)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"extra\0{part}\0"));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Copies the files (keeping their permissions) into <paramref name="destination"/>.</summary>
    public static void Copy(string root, string destination, IReadOnlyCollection<string> ignored)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Files(root, ignored))
        {
            var target = Path.Combine(destination, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(root, file), target, overwrite: true);
        }
    }

    private static void Collect(string directory, string prefix, List<string> into, bool built)
    {
        foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
        {
            var relative = prefix + entry.Name;
            if (entry is DirectoryInfo folder)
            {
                // A symlinked folder could loop back on itself; build outputs and packages are made again by the build.
                if ((built || !SkippedFolders.Contains(entry.Name)) && folder.LinkTarget is null)
                {
                    Collect(folder.FullName, relative + "/", into, built);
                }
            }
            else if (entry is FileInfo { Exists: true } && File.Exists(entry.FullName))
            {
                into.Add(relative);
            }
        }
    }

    private static bool IsExecutable(string path) =>
        !OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & UnixFileMode.UserExecute) != 0;
}
