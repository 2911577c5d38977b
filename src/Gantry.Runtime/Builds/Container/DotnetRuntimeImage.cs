using System.Runtime.InteropServices;
using Docker.DotNet;

namespace Gantry.Runtime.Builds.Container;

/// <summary>
/// A base image for .NET apps made from this machine's own runtime (no registry needed): the host, the shared
/// frameworks and the native libraries they link to, imported once as <c>gantry.local/dotnet-runtime:VERSION-rN</c>.
/// </summary>
internal static class DotnetRuntimeImage
{
    private const string Repository = "gantry.local/dotnet-runtime";

    // Raised when what goes into the image changes, so an engine holding an older one gets the new one.
    private const string Recipe = "r3";

    // Loaded with dlopen, so ldd does not see them: OpenSSL (TLS, hashing: Npgsql, HttpClient) and GSSAPI (System.Net.Security).
    private static readonly string[] LoadedAtRunTime = ["libssl.so.3", "libcrypto.so.3", "libgssapi_krb5.so.2"];

    /// <summary>The image's name for this runtime and recipe (an app image built on it names it in its key).</summary>
    public static string Name => $"{Repository}:{Tag}";

    private static string FrameworkDirectory => RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');

    private static string Tag => $"{Path.GetFileName(FrameworkDirectory)}-{Recipe}";

    public static Task<string> EnsureAsync(DockerClient client, IProgress<string> output, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(Path.Combine(FrameworkDirectory, "..", "..", ".."));
        return HostImage.EnsureAsync(
            client, Repository, Tag, () => RuntimeFiles(root, Path.GetFileName(FrameworkDirectory)), "this machine's .NET runtime", output, cancellationToken);
    }

    /// <summary>
    /// The dotnet host, hostfxr and the shared frameworks of this version (under /usr/share/dotnet), the libraries .NET
    /// opens at run time, and every library they link to.
    /// </summary>
    private static IEnumerable<(string Path, string Name)> RuntimeFiles(string root, string version)
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

        var binaries = files.Where(f => f.EndsWith(".so", StringComparison.Ordinal) || Path.GetFileName(f) == "dotnet");
        return files.Select(f => (f, "usr/share/dotnet/" + f[(root.Length + 1)..]))
            .Concat(HostImage.Libraries(binaries, LoadedAtRunTime).Concat(HostImage.Essentials()).Select(f => (f, f)));
    }
}
