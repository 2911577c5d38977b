using System.Formats.Tar;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Gantry.Runtime.Instances.Container;

namespace Gantry.Runtime.Builds.Container;

/// <summary>
/// Base images made from this machine's own files (no registry needed): a runtime, the libraries it links to (found
/// with ldd) and what every app expects (a shell, a writable /tmp, the machine's CA bundle), imported once per name.
/// </summary>
internal static partial class HostImage
{
    // The machine's CA bundle: an app that calls out over TLS trusts what the machine trusts.
    private const string CaBundle = "/etc/ssl/certs/ca-certificates.crt";
    private static readonly string[] LibraryFolders = ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"];
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>Imports the image unless the engine has it; <paramref name="files"/> (host path → path in the image) is only listed when needed.</summary>
    public static async Task<string> EnsureAsync(
        DockerClient client, string repository, string tag, Func<IEnumerable<(string Path, string Name)>> files, string made,
        IProgress<string> output, CancellationToken cancellationToken)
    {
        var image = $"{repository}:{tag}";
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (await EngineImages.ExistsAsync(client, image, cancellationToken))
            {
                return image;
            }

            output.Report($"making the base image {image} from {made} (once)");
            using var tar = await PackAsync(files(), cancellationToken);
            await EngineImages.ImportAsync(client, tar, repository, tag, cancellationToken);
            return await EngineImages.ExistsAsync(client, image, cancellationToken)
                ? image
                : throw new BuildFailedException($"the engine did not import the base image {image}");
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>What every image made here holds: /bin/sh (Procfiles and shell launches run through it) and the CA bundle.</summary>
    public static IEnumerable<string> Essentials()
    {
        var shell = new FileInfo("/bin/sh").ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? "/bin/sh";
        return new[] { "/bin/sh", shell, CaBundle }.Where(File.Exists).Concat(Libraries([shell])).Distinct(StringComparer.Ordinal);
    }

    /// <summary>Every library the binaries link to (by ldd), with the loader; <paramref name="opened"/> are ones loaded by name at run time.</summary>
    public static SortedSet<string> Libraries(IEnumerable<string> binaries, IEnumerable<string>? opened = null)
    {
        var libraries = new SortedSet<string>(StringComparer.Ordinal) { "/lib64/ld-linux-x86-64.so.2" };
        var loaded = (opened ?? []).Select(Find).OfType<string>().ToList();
        libraries.UnionWith(loaded);
        foreach (var binary in binaries.Concat(loaded))
        {
            foreach (Match match in LddPath().Matches(Tools.Output("ldd", binary) ?? ""))
            {
                libraries.Add(match.Groups["path"].Value);
            }
        }

        libraries.RemoveWhere(l => !File.Exists(l));
        return libraries;
    }

    private static string? Find(string library) =>
        LibraryFolders.Select(folder => Path.Combine(folder, library)).FirstOrDefault(File.Exists);

    private static async Task<MemoryStream> PackAsync(IEnumerable<(string Path, string Name)> files, CancellationToken cancellationToken)
    {
        var stream = new MemoryStream();
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            // Runtimes want a writable /tmp (diagnostics, temp files).
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = (UnixFileMode)Convert.ToInt32("1777", 8) }, cancellationToken);
            // Names as the image's file system sees them: ldd may print a library through its binary's folder (bin/../lib/libjli.so).
            foreach (var (path, name) in files.Select(f => (f.Path, Name: Path.GetFullPath("/" + f.Name.TrimStart('/')).TrimStart('/'))).DistinctBy(f => f.Name, StringComparer.Ordinal))
            {
                // Libraries are often symbolic links: store their content under the name the loader looks for.
                var real = new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
                await using var content = File.OpenRead(real);
                await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, name)
                {
                    Mode = OperatingSystem.IsWindows() ? UnixFileMode.UserRead : File.GetUnixFileMode(real),
                    DataStream = content,
                }, cancellationToken);
            }
        }

        stream.Position = 0;
        return stream;
    }

    [GeneratedRegex(@"(?<path>/[^\s()]+\.so[^\s()]*)")]
    private static partial Regex LddPath();
}
