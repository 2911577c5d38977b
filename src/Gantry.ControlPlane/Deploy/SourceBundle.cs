using System.Formats.Tar;
using System.IO.Compression;
using System.Text;

namespace Gantry.ControlPlane.Deploy;

/// <summary>
/// Unpacks an uploaded app (a gzipped tar of its files) or posted files into a folder. Only files and folders with
/// plain relative names are accepted; anything else refuses the whole upload, before anything lands outside the folder.
/// </summary>
public static class SourceBundle
{
    // Regular files keep their permission bits (a build may run a script) but never set-id or sticky bits.
    private const UnixFileMode PermissionBits = (UnixFileMode)0b111_111_111;

    public static async Task ExtractAsync(Stream gzippedTar, string targetDirectory, UploadLimits limits, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(targetDirectory);
        var root = Path.GetFullPath(targetDirectory);
        long total = 0;
        var entries = 0;
        await using var gzip = new GZipStream(gzippedTar, CompressionMode.Decompress);
        await using var guarded = new TarHeaderGuard(gzip);
        await using var reader = new TarReader(guarded);
        try
        {
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            {
                if (++entries > limits.MaxEntries)
                {
                    throw UploadRefusedException.TooLarge($"the bundle has more than {ByteSize.Count(limits.MaxEntries)} entries; at most {ByteSize.Count(limits.MaxEntries)} files and folders are accepted");
                }

                if (entry.EntryType is TarEntryType.GlobalExtendedAttributes)
                {
                    continue;
                }

                var path = EntryPath(root, entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.Directory:
                        CheckNoFileOnTheWay(root, path, entry.Name, includingSelf: true);
                        Directory.CreateDirectory(path);
                        break;
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        total += entry.Length;
                        if (total > limits.MaxUnpackedBytes)
                        {
                            throw UploadRefusedException.TooLarge($"the app's files are larger than {ByteSize.Format(limits.MaxUnpackedBytes)} unpacked; at most {ByteSize.Format(limits.MaxUnpackedBytes)} is accepted");
                        }

                        await WriteFileAsync(root, path, entry, cancellationToken);
                        break;
                    default:
                        throw UploadRefusedException.Entry(entry.Name, $"it is {Describe(entry.EntryType)}; only files and folders can be uploaded");
                }
            }
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException("the bundle ends early: the upload was cut off or is not a complete .tar.gz");
        }
    }

    /// <summary>The JSON form's files, written as text; bounded like a bundle.</summary>
    public static async Task WriteFilesAsync(IReadOnlyDictionary<string, string> files, string targetDirectory, UploadLimits limits, CancellationToken cancellationToken)
    {
        if (files.Count > limits.MaxEntries)
        {
            throw UploadRefusedException.TooLarge($"{ByteSize.Count(files.Count)} files were sent; at most {ByteSize.Count(limits.MaxEntries)} are accepted");
        }

        long total = 0;
        foreach (var content in files.Values)
        {
            total += Encoding.UTF8.GetByteCount(content ?? "");
        }

        if (total > limits.MaxUnpackedBytes)
        {
            throw UploadRefusedException.TooLarge($"the files are larger than {ByteSize.Format(limits.MaxUnpackedBytes)}; at most {ByteSize.Format(limits.MaxUnpackedBytes)} is accepted");
        }

        Directory.CreateDirectory(targetDirectory);
        var root = Path.GetFullPath(targetDirectory);
        foreach (var (name, content) in files)
        {
            var path = EntryPath(root, name);
            CheckNoFileOnTheWay(root, path, name, includingSelf: false);
            if (Directory.Exists(path))
            {
                throw UploadRefusedException.Entry(name, "a folder of that name is in the upload too");
            }

            await File.WriteAllTextAsync(path, content ?? "", cancellationToken);
        }
    }

    /// <summary>The entry's full path inside <paramref name="root"/> (a full path); refuses any name that is not a plain relative path.</summary>
    public static string EntryPath(string root, string name)
    {
        if (name.Length == 0)
        {
            throw UploadRefusedException.Entry(name, "its name is empty");
        }

        if (name.Any(char.IsControl))
        {
            throw UploadRefusedException.Entry(name, "its name contains a control character");
        }

        var normalized = name.Replace('\\', '/');
        if (normalized.StartsWith('/') || (normalized.Length >= 2 && normalized[1] == ':' && char.IsAsciiLetter(normalized[0])))
        {
            throw UploadRefusedException.Entry(name, "it is an absolute path; entries must be relative to the app's folder");
        }

        if (Encoding.UTF8.GetByteCount(normalized) > UploadLimits.MaxPathBytes)
        {
            throw UploadRefusedException.Entry(name, $"its path is longer than {UploadLimits.MaxPathBytes} bytes");
        }

        var segments = normalized.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".").ToList();
        if (segments.Contains(".."))
        {
            throw UploadRefusedException.Entry(name, "a '..' in its path would lead outside the app's folder");
        }

        if (segments.Count == 0)
        {
            throw UploadRefusedException.Entry(name, "it names the app's folder itself, not a file or folder in it");
        }

        if (segments.Any(s => Encoding.UTF8.GetByteCount(s) > UploadLimits.MaxNameBytes))
        {
            throw UploadRefusedException.Entry(name, $"a name in its path is longer than {UploadLimits.MaxNameBytes} bytes");
        }

        // The checks above already keep it inside; this one holds even if they ever miss a case.
        var full = Path.GetFullPath(Path.Join(root, string.Join('/', segments)));
        if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw UploadRefusedException.Entry(name, "it would lead outside the app's folder");
        }

        return full;
    }

    private static async Task WriteFileAsync(string root, string path, TarEntry entry, CancellationToken cancellationToken)
    {
        CheckNoFileOnTheWay(root, path, entry.Name, includingSelf: false);
        if (Directory.Exists(path))
        {
            throw UploadRefusedException.Entry(entry.Name, "a folder of that name is in the bundle too");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write, Share = FileShare.None, Options = FileOptions.Asynchronous };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = (entry.Mode & PermissionBits) | UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        await using var file = new FileStream(path, options);
        if (entry.DataStream is { } data)
        {
            await data.CopyToAsync(file, cancellationToken);
        }
    }

    /// <summary>Refuses a path whose parent folders (or itself) already exist as files: the bundle names both.</summary>
    private static void CheckNoFileOnTheWay(string root, string path, string name, bool includingSelf)
    {
        for (var current = includingSelf ? path : Path.GetDirectoryName(path)!; current.Length > root.Length; current = Path.GetDirectoryName(current)!)
        {
            if (File.Exists(current))
            {
                throw UploadRefusedException.Entry(name, $"'{Path.GetRelativePath(root, current).Replace('\\', '/')}' is a file in the bundle too, not a folder");
            }
        }
    }

    private static string Describe(TarEntryType type) => type switch
    {
        TarEntryType.SymbolicLink => "a symbolic link",
        TarEntryType.HardLink => "a hard link",
        TarEntryType.CharacterDevice => "a character device",
        TarEntryType.BlockDevice => "a block device",
        TarEntryType.Fifo => "a FIFO (named pipe)",
        TarEntryType.SparseFile => "a sparse file",
        _ => $"a {type} entry",
    };
}
