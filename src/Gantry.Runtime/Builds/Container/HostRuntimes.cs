using System.Text.RegularExpressions;

namespace Gantry.Runtime.Builds.Container;

/// <summary>
/// The files of this machine's Java and PHP that an app built here runs with: what their base images are made of,
/// at the same paths, so the launch command the host build wrote runs unchanged in the image.
/// </summary>
internal static partial class HostRuntimes
{
    // Only the compiler needs these; an app runs without them.
    private static readonly HashSet<string> LeftOutOfJava = new(StringComparer.Ordinal) { "ct.sym", "src.zip" };

    /// <summary>The Java that <c>java</c> on PATH runs: its major version and its home folder (<c>HOME/bin/java</c>).</summary>
    public static (string Version, string Home) Java()
    {
        var java = Tools.RealPath(Tools.OnPath("java") ?? throw new BuildFailedException("packing a Java app needs the Java it was built with, and java is not on PATH"));
        var home = Path.GetDirectoryName(Path.GetDirectoryName(java))!;
        var release = Path.Combine(home, "release");
        var version = File.Exists(release) && JavaVersion().Match(File.ReadAllText(release)) is { Success: true } match ? match.Groups["major"].Value : "unknown";
        return (version, home);
    }

    /// <summary>The JVM: its launcher, its runtime (lib, conf) and every library they link to.</summary>
    public static IEnumerable<string> JavaFiles(string home)
    {
        var files = new List<string> { Path.Combine(home, "bin", "java"), Path.Combine(home, "release") };
        files.AddRange(Tree(Path.Combine(home, "lib")).Where(f => !LeftOutOfJava.Contains(Path.GetFileName(f))));
        files.AddRange(Tree(Path.Combine(home, "conf")));
        var binaries = files.Where(f => f.EndsWith(".so", StringComparison.Ordinal) || f.EndsWith("/bin/java", StringComparison.Ordinal) || f.EndsWith("/jspawnhelper", StringComparison.Ordinal));
        return files.Where(File.Exists).Concat(HostImage.Libraries(binaries)).Concat(HostImage.Essentials());
    }

    /// <summary>The PHP that <c>php</c> on PATH runs: its version (8.2), binary, configuration folders and extension folder.</summary>
    public static (string Version, string Binary, string[] Folders) Php()
    {
        var php = Tools.RealPath(Tools.OnPath("php") ?? throw new BuildFailedException("packing a PHP app needs the PHP it was built with, and php is not on PATH"));
        var version = Tools.Output(php, "-r", "echo PHP_MAJOR_VERSION, '.', PHP_MINOR_VERSION;")?.Trim() ?? "unknown";
        var ini = Tools.Output(php, "--ini") ?? "";
        var folders = IniFolders().Matches(ini).Select(m => m.Groups["folder"].Value.Trim())
            .Append(Tools.Output(php, "-r", "echo ini_get('extension_dir');")?.Trim() ?? "")
            .Where(Directory.Exists).Distinct(StringComparer.Ordinal).ToArray();
        return (version, php, folders);
    }

    /// <summary>The PHP binary, its php.ini and conf.d files (links read as their targets), its extensions and their libraries.</summary>
    public static IEnumerable<string> PhpFiles(string binary, IEnumerable<string> folders)
    {
        var files = folders.SelectMany(Tree).Prepend(binary).Where(File.Exists).ToList();
        var binaries = files.Where(f => f == binary || f.EndsWith(".so", StringComparison.Ordinal));
        return files.Concat(HostImage.Libraries(binaries)).Concat(HostImage.Essentials());
    }

    /// <summary>Every file under <paramref name="folder"/>, following linked folders (Debian links conf folders into /etc); dangling links left out.</summary>
    private static IEnumerable<string> Tree(string folder)
    {
        if (!Directory.Exists(folder))
        {
            yield break;
        }

        foreach (var entry in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            if (Directory.Exists(entry.FullName))
            {
                foreach (var file in Tree(entry.FullName))
                {
                    yield return file;
                }
            }
            else if (File.Exists(Tools.RealPath(entry.FullName)))
            {
                yield return entry.FullName;
            }
        }
    }

    [GeneratedRegex("""JAVA_VERSION="(?<major>\d+)""")]
    private static partial Regex JavaVersion();

    [GeneratedRegex(@"^(?:Configuration File \(php\.ini\) Path|Scan for additional \.ini files in):\s*(?<folder>/\S+)", RegexOptions.Multiline)]
    private static partial Regex IniFolders();
}
