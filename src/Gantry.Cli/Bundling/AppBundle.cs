using System.Formats.Tar;
using System.IO.Compression;

namespace Gantry.Cli.Bundling;

/// <summary>
/// Packs what an app needs into a gzipped tar for upload: its own files (the entry, Score files, the files they name)
/// and the build context of each workload built from source, as its ignore file says. Nothing else of the folder.
/// </summary>
public static class AppBundle
{
    private const UnixFileMode DefaultMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <param name="rootDirectory">The app's folder (the entry file's).</param>
    /// <param name="appFiles">The files the loader found, relative to the folder (<see cref="RecordingAppFiles.Found"/>).</param>
    /// <param name="buildContexts">The folders of workloads built from source, relative to the folder ("" for the folder itself).</param>
    public static BundleContents ForApp(string rootDirectory, IEnumerable<string> appFiles, IEnumerable<string> buildContexts)
    {
        var root = Path.GetFullPath(rootDirectory);
        var files = new SortedDictionary<string, BundleFile>(StringComparer.Ordinal);
        var warnings = new List<string>();
        foreach (var relative in appFiles)
        {
            // The loader may have followed a link inside the folder: the file goes up with the content it read.
            var full = Path.Join(root, relative);
            FileInfo info = new(full);
            try
            {
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is FileInfo target)
                {
                    info = target;
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                warnings.Add($"skipped {relative}: {FileProbe.Reason(ex)}");
                continue;
            }

            if (FileProbe.Refusal(info) is { } reason)
            {
                warnings.Add($"skipped {relative}: {reason}");
                continue;
            }

            files[relative] = new BundleFile(full, relative, info.Length);
        }

        foreach (var context in buildContexts.Distinct().Order(StringComparer.Ordinal))
        {
            if (Directory.Exists(Path.Join(root, context)))
            {
                SourceWalker.Walk(root, context, files, warnings);
            }
        }

        return new BundleContents([.. files.Values], [.. warnings]);
    }

    /// <summary>The whole folder as one build context (its ignore file honoured): for an app that cannot be loaded locally, or a sample.</summary>
    public static BundleContents ForFolder(string rootDirectory) => ForApp(rootDirectory, [], [""]);

    /// <summary>The folder's files as <see cref="ForFolder"/> finds them.</summary>
    public static IEnumerable<(string Full, string Relative)> Files(string rootDirectory) =>
        ForFolder(rootDirectory).Files.Select(f => (f.FullPath, f.RelativePath));

    /// <summary>Bundles the whole folder (<see cref="ForFolder"/>); the stream's file goes away when it is closed.</summary>
    public static async Task<FileStream> CreateAsync(string rootDirectory, CancellationToken cancellationToken) =>
        (await WriteAsync(ForFolder(rootDirectory), cancellationToken)).Stream;

    /// <summary>
    /// Writes the bundle to a temporary file created readable by its owner only (it may hold sources), deleted when closed.
    /// A file that cannot be read is left out with a warning; a failure to write the bundle itself throws.
    /// </summary>
    public static async Task<WrittenBundle> WriteAsync(BundleContents contents, CancellationToken cancellationToken)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 81920,
            Options = FileOptions.DeleteOnClose,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        var bundle = new FileStream(Path.Combine(Path.GetTempPath(), $"gantry-bundle-{Guid.NewGuid():N}.tar.gz"), options);
        try
        {
            var warnings = new List<string>();
            var (count, bytes) = (0, 0L);
            await using (var gzip = new GZipStream(bundle, CompressionLevel.Fastest, leaveOpen: true))
            await using (var tar = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
            {
                foreach (var file in contents.Files)
                {
                    if (await AddAsync(tar, file, warnings, cancellationToken) is long length)
                    {
                        count++;
                        bytes += length;
                    }
                }
            }

            bundle.Position = 0;
            return new WrittenBundle(bundle, count, bytes, [.. warnings]);
        }
        catch
        {
            await bundle.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds one file as it is now; returns its length, or null (with a warning) when it cannot be opened.</summary>
    private static async Task<long?> AddAsync(TarWriter tar, BundleFile file, List<string> warnings, CancellationToken cancellationToken)
    {
        FileStream source;
        try
        {
            source = new FileStream(file.FullPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"skipped {file.RelativePath}: {FileProbe.Reason(ex)}");
            return null;
        }

        await using (source)
        {
            var length = source.Length;
            await using var data = new FixedLengthStream(source, length);
            await tar.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, file.RelativePath)
            {
                DataStream = data,
                Mode = ModeOf(file.FullPath),
                ModificationTime = File.GetLastWriteTimeUtc(file.FullPath),
            }, cancellationToken);
            if (data.Shrank)
            {
                warnings.Add($"{file.RelativePath} got shorter while it was packed; its upload is padded with zeros");
            }

            return length;
        }
    }

    /// <summary>The file's permission bits (a build may run a script), without set-id or sticky bits.</summary>
    private static UnixFileMode ModeOf(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return DefaultMode;
        }

        try
        {
            return File.GetUnixFileMode(path) & (UnixFileMode)0b111_111_111;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return DefaultMode;
        }
    }
}
