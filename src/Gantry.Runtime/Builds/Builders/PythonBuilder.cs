using System.Collections.Immutable;
using System.Text.RegularExpressions;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds.Builders;

/// <summary>
/// Builds a folder with a <c>requirements.txt</c>, <c>pyproject.toml</c> or <c>setup.py</c>: a virtual environment with
/// pip installing what it lists (pip's own settings, such as <c>PIP_INDEX_URL</c>, apply). It starts with gunicorn or
/// uvicorn when the requirements name one and a module defines <c>app</c>, else <c>python app.py</c> (or main.py,
/// server.py); a Procfile or the Score command decides otherwise.
/// </summary>
public sealed partial class PythonBuilder : ISourceBuilder
{
    private static readonly string[] ProjectFiles = ["requirements.txt", "pyproject.toml", "setup.py"];
    private static readonly string[] Scripts = ["app.py", "main.py", "server.py"];
    private static readonly string[] AppModules = ["app", "main", "wsgi", "asgi", "application", "server"];

    public string Name => "python";

    public string Fingerprint => "python";

    public bool Detects(BuildRequest request) => ProjectFiles.Any(f => File.Exists(Path.Combine(request.SourceDirectory, f)));

    public async Task<BuiltApp> BuildAsync(SourceBuildContext context, CancellationToken cancellationToken)
    {
        var source = context.Request.SourceDirectory;
        var (interpreter, version, askedBy) = PythonToolchain.Find(source);
        var projectFile = ProjectFiles.First(f => File.Exists(Path.Combine(source, f)));
        var app = Path.Combine(context.ArtifactDirectory, "app");
        var venv = Path.Combine(context.ArtifactDirectory, "venv");
        SourceTree.Copy(source, app, context.Request.Ignored);

        var environment = new Dictionary<string, string> { ["PIP_DISABLE_PIP_VERSION_CHECK"] = "1", ["PYTHONDONTWRITEBYTECODE"] = "1" };
        await BuildStep.RunAsync($"python -m venv (Python {version})", interpreter, ["-m", "venv", venv], app, environment, context.Output, cancellationToken);
        var python = Path.Combine(venv, "bin", "python");
        var requirements = Path.Combine(app, "requirements.txt");
        if (projectFile == "requirements.txt")
        {
            if (File.ReadLines(requirements).Any(IsRequirement))
            {
                await BuildStep.RunAsync("pip install -r requirements.txt", python, ["-m", "pip", "install", "--no-input", "-r", "requirements.txt"], app, environment, context.Output, cancellationToken);
            }
        }
        else
        {
            await BuildStep.RunAsync($"pip install . ({projectFile})", python, ["-m", "pip", "install", "--no-input", "."], app, environment, context.Output, cancellationToken);
        }

        var launchEnvironment = ImmutableDictionary.CreateRange(new Dictionary<string, string>
        {
            ["VIRTUAL_ENV"] = venv,
            ["PATH"] = $"{Path.Combine(venv, "bin")}:{Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"}",
            ["PYTHONUNBUFFERED"] = "1",
        });
        var stack = $"Python {version} ({projectFile}{(askedBy is null ? "" : $", version from {askedBy}")})";
        var (command, start) = StartCommand(app, python);
        if (command is null)
        {
            if (context.Request.Command.IsDefaultOrEmpty && !File.Exists(Path.Combine(app, Procfile.FileName)))
            {
                throw new BuildFailedException(
                    "can't tell how to start this Python app: add a Procfile ('web: gunicorn app:app'), an app.py or main.py, or set 'command' in the Score file");
            }

            return new BuiltApp(new LaunchCommand("", [], app, launchEnvironment), stack); // replaced by the Procfile or the Score command
        }

        return new BuiltApp(Procfile.Launch(command, app, launchEnvironment), stack, start);
    }

    /// <summary>gunicorn/uvicorn serving a module's <c>app</c> when installed, else a script; both listen on $PORT.</summary>
    private static (string? Command, string? Start) StartCommand(string app, string python)
    {
        var bin = Path.GetDirectoryName(python)!;
        var module = AppModules.FirstOrDefault(m => File.Exists(Path.Combine(app, m + ".py")) && AppVariable().IsMatch(File.ReadAllText(Path.Combine(app, m + ".py"))));
        const string Bind = "\"${HOST:-0.0.0.0}:${PORT:-8000}\"";
        if (module is not null && File.Exists(Path.Combine(bin, "gunicorn")))
        {
            return ($"gunicorn --bind {Bind} {module}:app", $"gunicorn {module}:app (gunicorn is installed and {module}.py defines app)");
        }

        if (module is not null && File.Exists(Path.Combine(bin, "uvicorn")))
        {
            return ($"uvicorn --host \"${{HOST:-0.0.0.0}}\" --port \"${{PORT:-8000}}\" {module}:app", $"uvicorn {module}:app (uvicorn is installed and {module}.py defines app)");
        }

        var script = Scripts.FirstOrDefault(s => File.Exists(Path.Combine(app, s)));
        return script is null ? (null, null) : ($"python {script}", $"python {script}");
    }

    private static bool IsRequirement(string line)
    {
        var text = line.Trim();
        return text.Length > 0 && !text.StartsWith('#');
    }

    [GeneratedRegex(@"^app\s*(:[^=\n]*)?=", RegexOptions.Multiline)]
    private static partial Regex AppVariable();
}
