using System.Formats.Tar;
using System.IO.Compression;

namespace Gantry.ControlPlane.Deploy;

/// <summary>Unpacks an uploaded app (a gzipped tar of its folder) or posted files into a folder, refusing anything that could escape it.</summary>
public static class SourceBundle
{
    public const long MaxBytes = 512L * 1024 * 1024;

    public static async Task ExtractAsync(Stream gzippedTar, string targetDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(targetDirectory);
        long total = 0;
        await using var gzip = new GZipStream(gzippedTar, CompressionMode.Decompress);
        await using var reader = new TarReader(gzip);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
        {
            switch (entry.EntryType)
            {
                case TarEntryType.Directory:
                    Directory.CreateDirectory(SafePath(targetDirectory, entry.Name));
                    break;
                case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                    total += entry.Length;
                    if (total > MaxBytes)
                    {
                        throw new InvalidDataException($"the app's files are larger than {MaxBytes / (1024 * 1024)} MB");
                    }

                    var path = SafePath(targetDirectory, entry.Name);
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await entry.ExtractToFileAsync(path, overwrite: true, cancellationToken);
                    break;
                case TarEntryType.GlobalExtendedAttributes or TarEntryType.ExtendedAttributes:
                    break;
                default:
                    throw new InvalidDataException($"'{entry.Name}' is a {entry.EntryType} entry; only files and folders can be uploaded");
            }
        }
    }

    public static async Task WriteFilesAsync(IReadOnlyDictionary<string, string> files, string targetDirectory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(targetDirectory);
        foreach (var (name, content) in files)
        {
            var path = SafePath(targetDirectory, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, content, cancellationToken);
        }
    }

    /// <summary>The entry's full path inside the target folder; throws for absolute paths and <c>..</c> that would leave it.</summary>
    public static string SafePath(string root, string relative)
    {
        var normalized = relative.Replace('\\', '/');
        if (normalized.Length == 0 || normalized.StartsWith('/') || normalized.Split('/').Contains("..") || normalized.Any(char.IsControl))
        {
            throw new InvalidDataException($"'{relative}' is not a relative path inside the app's folder");
        }

        var rootFull = Path.GetFullPath(root);
        var full = Path.GetFullPath(Path.Combine(rootFull, normalized));
        if (!full.StartsWith(rootFull + Path.DirectorySeparatorChar, StringComparison.Ordinal) && full != rootFull)
        {
            throw new InvalidDataException($"'{relative}' is not a relative path inside the app's folder");
        }

        return full;
    }
}
