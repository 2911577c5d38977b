using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Docker.DotNet;

namespace Gantry.Runtime.Builds.Container;

/// <summary>
/// Packs an app built on the host from source without a Containerfile (Python, Go, Java, PHP) onto a base image made from this
/// machine's own files. The artifact folder keeps its host path in the image, so its launch command (a virtual
/// environment's absolute paths, the Go binary) runs there unchanged.
/// </summary>
internal static class StackImage
{
    // Raised when what goes into the base images changes.
    private const string Recipe = "r1";

    // Not needed to run an app, and large: tests, IDLE, Tk, the bundled pip, bytecode caches, the interpreter's own packages.
    private static readonly HashSet<string> LeftOutOfPython = new(StringComparer.Ordinal)
    {
        "site-packages", "dist-packages", "test", "idlelib", "tkinter", "turtledemo", "ensurepip", "lib2to3", "__pycache__",
    };

    /// <summary>What an image of this stack is built on, for its key: its recipe (the interpreter is chosen by the sources, also in the key).</summary>
    public static string Name(string builder) => $"{builder}-{Recipe}";

    /// <summary>The image label that keeps what the build detected.</summary>
    public const string StackLabel = "dev.gantry.stack";

    /// <summary>The Containerfile line that labels the image with what its build detected.</summary>
    public static string Label(string stack) => $"LABEL {StackLabel}={JsonSerializer.Serialize(stack)}";

    /// <summary>The builders whose artifacts can be packed this way.</summary>
    public static bool Packs(string builder) => builder is "python" or "go" or "java" or "php";

    /// <summary>
    /// The base image for the artifact: the Python its virtual environment was made with, this machine's Java or PHP,
    /// or a bare one (Go's binary is static).
    /// </summary>
    public static Task<string> EnsureBaseAsync(DockerClient client, BuildArtifact artifact, IProgress<string> output, CancellationToken cancellationToken)
    {
        switch (artifact.Builder)
        {
            case "go":
                return HostImage.EnsureAsync(client, "gantry.local/base", Recipe, () => HostImage.Essentials().Select(f => (f, f)), "this machine's shell", output, cancellationToken);
            case "java":
                var (java, home) = HostRuntimes.Java();
                return HostImage.EnsureAsync(
                    client, "gantry.local/java-runtime", $"{java}-{Place(home)}-{Recipe}", () => HostRuntimes.JavaFiles(home).Select(f => (f, f)),
                    $"this machine's Java ({home})", output, cancellationToken);
            case "php":
                var (php, binary, folders) = HostRuntimes.Php();
                return HostImage.EnsureAsync(
                    client, "gantry.local/php-runtime", $"{php}-{Place(binary)}-{Recipe}", () => HostRuntimes.PhpFiles(binary, folders).Select(f => (f, f)),
                    $"this machine's PHP ({binary})", output, cancellationToken);
        }

        var prefix = PythonPrefix(artifact.Directory);
        var version = Path.GetFileName(Directory.GetDirectories(Path.Combine(prefix, "lib"), "python3.*").Order(StringComparer.Ordinal).Last());
        return HostImage.EnsureAsync(
            client, "gantry.local/python-runtime", $"{version[6..]}-{Place(prefix)}-{Recipe}", () => PythonFiles(prefix, version).Select(f => (f, f)),
            $"this machine's Python ({prefix})", output, cancellationToken);
    }

    /// <summary>Where a runtime lives, in 8 hex digits: another runtime of the same version (pyenv's, Debian's) is another image.</summary>
    private static string Place(string path) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(path)))[..8];

    /// <summary>The Containerfile that copies the artifact (under <c>artifact/</c> in the context) to its host path and starts it as the host would.</summary>
    public static string Containerfile(string baseImage, BuildArtifact artifact)
    {
        var launch = artifact.Launch;
        var environment = launch.Environment.SetItem("PATH", (launch.Environment.TryGetValue("PATH", out var path) ? path + ":" : "") + "/usr/local/bin:/usr/bin:/bin");
        var lines = new List<string>
        {
            $"FROM {baseImage}",
            $"COPY artifact/ {artifact.Directory}/",
            $"WORKDIR {launch.WorkingDirectory}",
        };
        lines.AddRange(environment.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => $"ENV {e.Key}={JsonSerializer.Serialize(e.Value)}"));
        lines.Add($"ENTRYPOINT {JsonSerializer.Serialize(new[] { launch.FileName }.Concat(launch.Arguments))}");
        lines.Add(Label(artifact.Stack));
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>The interpreter's prefix, from the virtual environment's pyvenv.cfg (<c>home = PREFIX/bin</c>).</summary>
    private static string PythonPrefix(string artifactDirectory)
    {
        var config = Path.Combine(artifactDirectory, "venv", "pyvenv.cfg");
        var home = File.ReadLines(config).Select(l => l.Split('=', 2)).Where(p => p.Length == 2 && p[0].Trim() == "home").Select(p => p[1].Trim()).FirstOrDefault()
            ?? throw new BuildFailedException($"{config} does not say which Python made it ('home = …')");
        return Path.GetDirectoryName(home.TrimEnd('/'))!;
    }

    /// <summary>The interpreter, its shared library, its standard library (without what <see cref="LeftOutOfPython"/> names) and every library they link to.</summary>
    private static IEnumerable<string> PythonFiles(string prefix, string version)
    {
        var files = new List<string>();
        files.AddRange(Directory.GetFiles(Path.Combine(prefix, "bin"), "python3*").Where(f => Path.GetFileName(f) == "python3" || Path.GetFileName(f) == version));
        files.AddRange(Directory.GetFiles(Path.Combine(prefix, "lib"), $"lib{version}*.so*"));
        var library = Path.Combine(prefix, "lib", version);
        files.AddRange(StandardLibrary(library, library));
        var binaries = files.Where(f => f.Contains(".so", StringComparison.Ordinal) || Path.GetFileName(f).StartsWith("python3", StringComparison.Ordinal));
        return files.Concat(HostImage.Libraries(binaries, ["libssl.so.3", "libcrypto.so.3"])).Concat(HostImage.Essentials());
    }

    private static IEnumerable<string> StandardLibrary(string root, string folder)
    {
        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (entry is DirectoryInfo directory)
            {
                var skipped = LeftOutOfPython.Contains(directory.Name) || (folder == root && directory.Name.StartsWith("config-", StringComparison.Ordinal));
                if (!skipped && directory.LinkTarget is null)
                {
                    foreach (var file in StandardLibrary(root, directory.FullName))
                    {
                        yield return file;
                    }
                }
            }
            else if (File.Exists(entry.FullName))
            {
                yield return entry.FullName;
            }
        }
    }
}
