using System.Formats.Tar;
using System.IO.Compression;

namespace Gantry.Cli.Bundling;

/// <summary>Packs an app's folder (its Gantry files and sources) into a gzipped tar for upload, leaving out build output and dependencies.</summary>
public static class AppBundle
{
    private static readonly HashSet<string> SkippedFolders = new(StringComparer.Ordinal) { "bin", "obj", "node_modules", ".git", ".gantry" };

    /// <summary>Writes the bundle to a temporary file and returns it open for reading, positioned at its start; the file goes away when closed.</summary>
    public static async Task<FileStream> CreateAsync(string rootDirectory, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"gantry-bundle-{Guid.NewGuid():N}.tar.gz");
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
        await using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
        await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (full, relative) in Files(rootDirectory))
            {
                await tar.WriteEntryAsync(full, relative, cancellationToken);
            }
        }

        file.Position = 0;
        return file;
    }

    /// <summary>Regular files under the root, with forward-slash paths relative to it; links are skipped, never followed.</summary>
    public static IEnumerable<(string Full, string Relative)> Files(string rootDirectory)
    {
        var root = Path.GetFullPath(rootDirectory);
        var pending = new Stack<string>([root]);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in new DirectoryInfo(directory).EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
            {
                if (entry.LinkTarget is not null)
                {
                    continue;
                }

                if (entry is DirectoryInfo sub)
                {
                    if (!SkippedFolders.Contains(sub.Name))
                    {
                        pending.Push(sub.FullName);
                    }
                }
                else
                {
                    yield return (entry.FullName, Path.GetRelativePath(root, entry.FullName).Replace('\\', '/'));
                }
            }
        }
    }
}
