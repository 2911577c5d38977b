using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds;

/// <summary>
/// A Heroku-style <c>Procfile</c> (<c>web: gunicorn app:app</c>): its <c>web</c> process, or its only one, is the start
/// command of whatever the folder builds as. It runs through <c>sh -c</c>, so <c>$PORT</c> works as on Heroku.
/// </summary>
internal static partial class Procfile
{
    public const string FileName = "Procfile";

    /// <summary>The process that serves HTTP, or null when the folder has no Procfile. A malformed one is a build error naming its line.</summary>
    public static ProcfileProcess? Find(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var processes = new List<ProcfileProcess>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }

            var match = ProcessLine().Match(text);
            if (!match.Success)
            {
                throw new BuildFailedException($"Procfile:{number}: expected 'NAME: COMMAND' (for example 'web: gunicorn app:app'), found '{text}'");
            }

            processes.Add(new ProcfileProcess(match.Groups["name"].Value, match.Groups["command"].Value.Trim()));
        }

        return processes.FirstOrDefault(p => p.Name == "web")
            ?? (processes.Count == 1 ? processes[0]
            : processes.Count == 0 ? throw new BuildFailedException("Procfile: it names no process; add one, for example 'web: python app.py'")
            : throw new BuildFailedException(
                $"Procfile: it has no 'web' process ({string.Join(", ", processes.Select(p => p.Name))}); name the one that serves HTTP 'web'"));
    }

    /// <summary>Runs <paramref name="command"/> through the shell, replacing it (so signals reach the app).</summary>
    public static LaunchCommand Launch(string command, string workingDirectory, ImmutableDictionary<string, string> environment) =>
        new("/bin/sh", ["-c", "exec " + command], workingDirectory, environment);

    /// <summary>The launch with <paramref name="arguments"/> after its command: quoted into the script of a shell launch.</summary>
    public static LaunchCommand WithArguments(LaunchCommand launch, ImmutableArray<string> arguments)
    {
        if (arguments.IsDefaultOrEmpty)
        {
            return launch;
        }

        return IsShell(launch)
            ? launch with { Arguments = ["-c", string.Join(' ', [launch.Arguments[1], .. arguments.Select(Quote)])] }
            : launch with { Arguments = [.. launch.Arguments, .. arguments] };
    }

    private static bool IsShell(LaunchCommand launch) =>
        launch.FileName == "/bin/sh" && launch.Arguments is ["-c", _];

    /// <summary>One shell word holding exactly <paramref name="value"/>.</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^(?<name>[A-Za-z0-9_-]+)\s*:(?<command>.*\S.*)$")]
    private static partial Regex ProcessLine();
}

/// <summary>One line of a Procfile.</summary>
internal sealed record ProcfileProcess(string Name, string Command);
