using System.Text.RegularExpressions;

namespace Gantry.Runtime.Builds.Builders;

/// <summary>
/// Finds the Python a project asks for: <c>.python-version</c> (pyenv's file) or <c>runtime.txt</c> (<c>python-3.12.1</c>,
/// Heroku's), else the machine's <c>python3</c>. Versions come from pyenv's folder and PATH; a version the machine does
/// not have is an error naming what is there.
/// </summary>
internal static partial class PythonToolchain
{
    /// <summary>The interpreter to build with, its version, and where the version was asked for (null: the default).</summary>
    public static (string Interpreter, string Version, string? AskedBy) Find(string folder)
    {
        var (wanted, askedBy) = Wanted(folder);
        if (wanted is null)
        {
            var python = Tools.OnPath("python3")
                ?? throw new BuildFailedException("a Python project was found but Python 3 is not installed; install it (apt-get install python3 python3-venv)");
            return (python, VersionOf(python) ?? "3", null);
        }

        var found = Installed().ToList();
        var match = found.FirstOrDefault(p => p.Version == wanted || p.Version.StartsWith(wanted + ".", StringComparison.Ordinal));
        if (match == default)
        {
            var have = found.Count == 0 ? "none" : string.Join(", ", found.Select(p => p.Version).Distinct());
            throw new BuildFailedException(
                $"{askedBy} asks for Python {wanted}, which this machine does not have (it has: {have}); install it (for example 'pyenv install {wanted}') or change {askedBy}");
        }

        return (match.Path, match.Version, askedBy);
    }

    private static (string? Version, string? AskedBy) Wanted(string folder)
    {
        var pythonVersion = Path.Combine(folder, ".python-version");
        if (File.Exists(pythonVersion))
        {
            var line = File.ReadLines(pythonVersion).Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith('#'));
            return line is null ? (null, null) : (Checked(line, ".python-version"), ".python-version");
        }

        var runtime = Path.Combine(folder, "runtime.txt");
        if (File.Exists(runtime))
        {
            var line = File.ReadAllText(runtime).Trim();
            return (Checked(line.StartsWith("python-", StringComparison.Ordinal) ? line["python-".Length..] : line, "runtime.txt"), "runtime.txt");
        }

        return (null, null);
    }

    private static string Checked(string version, string file) =>
        VersionPattern().IsMatch(version)
            ? version
            : throw new BuildFailedException($"{file}: '{version}' is not a Python version; write one like 3.12 or 3.12.1");

    /// <summary>pyenv's versions (real interpreters, not its shims) and the python3.X found on PATH.</summary>
    private static IEnumerable<(string Path, string Version)> Installed()
    {
        var pyenv = Environment.GetEnvironmentVariable("PYENV_ROOT")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".pyenv");
        var versions = Path.Combine(pyenv, "versions");
        if (Directory.Exists(versions))
        {
            foreach (var directory in Directory.GetDirectories(versions).Order(StringComparer.Ordinal))
            {
                var version = Path.GetFileName(directory);
                var python = Path.Combine(directory, "bin", "python3");
                if (VersionPattern().IsMatch(version) && File.Exists(python))
                {
                    yield return (python, version);
                }
            }
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (directory.Contains("/.pyenv/shims", StringComparison.Ordinal) || !Directory.Exists(directory))
            {
                continue;
            }

            foreach (var python in Directory.GetFiles(directory, "python3.*").Where(p => MinorBinary().IsMatch(Path.GetFileName(p))).Order(StringComparer.Ordinal))
            {
                if (VersionOf(python) is { } version)
                {
                    yield return (python, version);
                }
            }
        }
    }

    private static string? VersionOf(string python) =>
        Tools.Output(python, "--version") is { } text && VersionOutput().Match(text) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex(@"^3(\.\d+){1,2}$")]
    private static partial Regex VersionPattern();

    [GeneratedRegex(@"^python3\.\d+$")]
    private static partial Regex MinorBinary();

    [GeneratedRegex(@"Python (3\.\d+\.\d+)")]
    private static partial Regex VersionOutput();
}
