using System.Diagnostics;
using System.Formats.Tar;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Gantry.Runtime.Instances.Container;

namespace Gantry.Runtime.Builds.Container;

/// <summary>
/// A base image for .NET apps made from this machine's own runtime (no registry needed): the host, the shared
/// frameworks and the native libraries they link to, imported once as <c>gantry.local/dotnet-runtime:VERSION-rN</c>.
/// </summary>
internal static partial class DotnetRuntimeImage
{
    private const string Repository = "gantry.local/dotnet-runtime";

    // Raised when what goes into the image changes, so an engine holding an older one gets the new one.
    private const string Recipe = "r2";

    // Loaded with dlopen, so ldd does not see them: OpenSSL (TLS, hashing: Npgsql, HttpClient) and GSSAPI (System.Net.Security).
    private static readonly string[] LoadedAtRunTime = ["libssl.so.3", "libcrypto.so.3", "libgssapi_krb5.so.2"];
    private static readonly string[] LibraryFolders = ["/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib"];

    // The machine's CA bundle: an app that calls out over TLS trusts what the machine trusts.
    private const string CaBundle = "/etc/ssl/certs/ca-certificates.crt";
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The image's name for this runtime and recipe (an app image built on it names it in its key).</summary>
    public static string Name => $"{Repository}:{Tag}";

    private static string FrameworkDirectory => RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');

    private static string Tag => $"{Path.GetFileName(FrameworkDirectory)}-{Recipe}";

    public static async Task<string> EnsureAsync(DockerClient client, IProgress<string> output, CancellationToken cancellationToken)
    {
        var frameworkDirectory = FrameworkDirectory;
        var version = Path.GetFileName(frameworkDirectory);
        var tag = Tag;
        var image = Name;
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (await EngineImages.ExistsAsync(client, image, cancellationToken))
            {
                return image;
            }

            output.Report($"making the .NET base image {image} from this machine's runtime (once)");
            var root = Path.GetFullPath(Path.Combine(frameworkDirectory, "..", "..", ".."));
            var files = RuntimeFiles(root, version);
            using var tar = await PackAsync(root, files, cancellationToken);
            await EngineImages.ImportAsync(client, tar, Repository, tag, cancellationToken);
            if (!await EngineImages.ExistsAsync(client, image, cancellationToken))
            {
                throw new BuildFailedException($"the engine did not import the .NET base image {image}");
            }

            return image;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// The dotnet host, hostfxr, the shared frameworks of this version, the libraries .NET opens at run time, and every
    /// library they link to (by ldd).
    /// </summary>
    private static List<string> RuntimeFiles(string root, string version)
    {
        var files = new List<string> { Path.Combine(root, "dotnet") };
        var majorMinor = string.Join('.', version.Split('.').Take(2));
        files.AddRange(Directory.EnumerateFiles(Path.Combine(root, "host", "fxr"), "*", SearchOption.AllDirectories));
        foreach (var framework in new[] { "Microsoft.NETCore.App", "Microsoft.AspNetCore.App" })
        {
            var versions = Path.Combine(root, "shared", framework);
            var chosen = Directory.Exists(versions)
                ? Directory.GetDirectories(versions).Where(d => Path.GetFileName(d).StartsWith(majorMinor + ".", StringComparison.Ordinal)).Order().LastOrDefault()
                : null;
            if (chosen is not null)
            {
                files.AddRange(Directory.EnumerateFiles(chosen, "*", SearchOption.AllDirectories));
            }
        }

        var libraries = new SortedSet<string>(StringComparer.Ordinal) { "/lib64/ld-linux-x86-64.so.2" };
        var opened = LoadedAtRunTime.Select(Find).OfType<string>().ToList();
        libraries.UnionWith(opened);
        foreach (var binary in files.Where(f => f.EndsWith(".so", StringComparison.Ordinal) || Path.GetFileName(f) == "dotnet").Concat(opened))
        {
            foreach (Match match in LddPath().Matches(Ldd(binary)))
            {
                libraries.Add(match.Groups["path"].Value);
            }
        }

        files.AddRange(libraries.Where(File.Exists));
        if (File.Exists(CaBundle))
        {
            files.Add(CaBundle);
        }

        return files;
    }

    private static string? Find(string library) =>
        LibraryFolders.Select(folder => Path.Combine(folder, library)).FirstOrDefault(File.Exists);

    private static async Task<MemoryStream> PackAsync(string root, List<string> files, CancellationToken cancellationToken)
    {
        var stream = new MemoryStream();
        await using (var writer = new TarWriter(stream, TarEntryFormat.Pax, leaveOpen: true))
        {
            // .NET wants a writable /tmp (diagnostics, temp files).
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = (UnixFileMode)Convert.ToInt32("1777", 8) }, cancellationToken);
            foreach (var file in files.Distinct())
            {
                // Libraries are often symbolic links: store their content under the name the loader looks for.
                var name = file.StartsWith(root + "/", StringComparison.Ordinal) ? "usr/share/dotnet/" + file[(root.Length + 1)..] : file.TrimStart('/');
                var real = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
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

    private static string Ldd(string binary)
    {
        var info = new ProcessStartInfo("ldd", [binary]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var ldd = System.Diagnostics.Process.Start(info)!;
        var text = ldd.StandardOutput.ReadToEnd();
        ldd.WaitForExit();
        return text;
    }

    [GeneratedRegex(@"(?<path>/[^\s()]+\.so[^\s()]*)")]
    private static partial Regex LddPath();
}
