using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds.Builders;

/// <summary>
/// Builds a folder with a <c>go.mod</c>: <c>go build</c> of its main package (the folder itself, or its one
/// <c>cmd/NAME</c>), a static binary (CGO off) that runs beside a copy of the sources, so templates and assets are found.
/// The go.mod's <c>go</c> line must not ask for a newer Go than the machine has.
/// </summary>
public sealed partial class GoBuilder : ISourceBuilder
{
    private static readonly string[] KnownPlaces = ["/usr/lib/go/bin/go", "/usr/local/go/bin/go"];

    public string Name => "go";

    public string Fingerprint => "go";

    public bool Detects(BuildRequest request) => File.Exists(Path.Combine(request.SourceDirectory, "go.mod"));

    public async Task<BuiltApp> BuildAsync(SourceBuildContext context, CancellationToken cancellationToken)
    {
        var go = Tools.OnPath("go") ?? KnownPlaces.FirstOrDefault(File.Exists)
            ?? throw new BuildFailedException("go.mod found but Go is not installed; install it (apt-get install golang-go, or https://go.dev/dl)");
        var source = context.Request.SourceDirectory;
        var machine = MachineVersion(go);
        var wanted = GoLine().Match(File.ReadAllText(Path.Combine(source, "go.mod")));
        if (wanted.Success && machine is not null && Compare(wanted.Groups["version"].Value, machine) > 0)
        {
            throw new BuildFailedException(
                $"go.mod asks for Go {wanted.Groups["version"].Value} (its 'go' line) but this machine has Go {machine}; install a newer Go or lower the go line");
        }

        var package = MainPackage(source);
        var app = Path.Combine(context.ArtifactDirectory, "app");
        var binary = Path.Combine(context.ArtifactDirectory, "bin", "server");
        SourceTree.Copy(source, app, context.Request.Ignored);
        var environment = new Dictionary<string, string> { ["CGO_ENABLED"] = "0", ["GOFLAGS"] = "-trimpath" };
        if (Environment.GetEnvironmentVariable("HOME") is null && Environment.GetEnvironmentVariable("GOCACHE") is null)
        {
            environment["GOCACHE"] = Path.Combine(context.ArtifactDirectory, ".gocache"); // go refuses to build without a cache
        }

        await BuildStep.RunAsync($"go build {package}", go, ["build", "-o", binary, package], app, environment, context.Output, cancellationToken);
        if (environment.TryGetValue("GOCACHE", out var cache))
        {
            Directory.Delete(cache, recursive: true);
        }

        var stack = $"Go {machine ?? "?"} (go.mod{(wanted.Success ? $", go {wanted.Groups["version"].Value}" : "")})";
        return new BuiltApp(new LaunchCommand(binary, [], app, ImmutableDictionary<string, string>.Empty), stack, $"the binary of package {package}");
    }

    /// <summary>The folder when its own .go files are package main, else its one cmd/NAME that is.</summary>
    private static string MainPackage(string source)
    {
        if (IsMain(source))
        {
            return ".";
        }

        var commands = Path.Combine(source, "cmd");
        var mains = Directory.Exists(commands) ? Directory.GetDirectories(commands).Where(IsMain).Order(StringComparer.Ordinal).ToList() : [];
        return mains.Count switch
        {
            1 => "./cmd/" + Path.GetFileName(mains[0]),
            0 => throw new BuildFailedException("go.mod found but no main package: the folder's .go files and cmd/*/ have no 'package main'; add one or set 'command' in the Score file"),
            _ => throw new BuildFailedException(
                $"go.mod found with {mains.Count} main packages ({string.Join(", ", mains.Select(m => "cmd/" + Path.GetFileName(m)))}); keep one, or set 'command' in the Score file"),
        };
    }

    private static bool IsMain(string folder) =>
        Directory.GetFiles(folder, "*.go").Where(f => !f.EndsWith("_test.go", StringComparison.Ordinal)).Any(f => PackageMain().IsMatch(File.ReadAllText(f)));

    private static string? MachineVersion(string go)
    {
        var text = Tools.Output(go, "env", "GOVERSION")?.Trim() ?? "";
        return text.StartsWith("go", StringComparison.Ordinal) ? text[2..] : null;
    }

    /// <summary>Compares Go versions like 1.21 and 1.21.3 part by part.</summary>
    private static int Compare(string left, string right)
    {
        var a = left.Split('.').Select(p => int.TryParse(p, out var n) ? n : 0).ToArray();
        var b = right.Split('.').Select(p => int.TryParse(p, out var n) ? n : 0).ToArray();
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var difference = (i < a.Length ? a[i] : 0).CompareTo(i < b.Length ? b[i] : 0);
            if (difference != 0)
            {
                return difference;
            }
        }

        return 0;
    }

    [GeneratedRegex(@"^go\s+(?<version>\d+(\.\d+){1,2})\s*$", RegexOptions.Multiline)]
    private static partial Regex GoLine();

    [GeneratedRegex(@"^package\s+main\b", RegexOptions.Multiline)]
    private static partial Regex PackageMain();
}
