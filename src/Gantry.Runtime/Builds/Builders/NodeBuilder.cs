using System.Collections.Immutable;
using System.Text.Json;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds.Builders;

/// <summary>Builds a folder with a <c>package.json</c>: <c>npm ci</c> (or <c>npm install</c>), <c>npm run build</c> if there is one; starts it with <c>npm start</c>.</summary>
public sealed class NodeBuilder : ISourceBuilder
{
    private static readonly ImmutableDictionary<string, string> BuildEnvironment = ImmutableDictionary.CreateRange(new Dictionary<string, string>
    {
        ["npm_config_update_notifier"] = "false",
        ["npm_config_fund"] = "false",
        ["npm_config_audit"] = "false",
    });

    public string Name => "node";

    public string Fingerprint => "node";

    public bool Detects(BuildRequest request)
    {
        if (!File.Exists(Path.Combine(request.SourceDirectory, "package.json")))
        {
            return false;
        }

        return Tools.OnPath("node") is not null && Tools.OnPath("npm") is not null
            ? true
            : throw new BuildFailedException("package.json found but node/npm is not installed");
    }

    public async Task<BuiltApp> BuildAsync(SourceBuildContext context, CancellationToken cancellationToken)
    {
        var npm = Tools.OnPath("npm") ?? throw new BuildFailedException("package.json found but node/npm is not installed");
        var app = Path.Combine(context.ArtifactDirectory, "app");
        SourceTree.Copy(context.Request.SourceDirectory, app, context.Request.Ignored);
        var scripts = Scripts(Path.Combine(app, "package.json"));

        var locked = File.Exists(Path.Combine(app, "package-lock.json")) || File.Exists(Path.Combine(app, "npm-shrinkwrap.json"));
        var install = locked ? "ci" : "install";
        await BuildStep.RunAsync($"npm {install}", npm, [install], app, BuildEnvironment, context.Output, cancellationToken);
        if (scripts.Contains("build"))
        {
            await BuildStep.RunAsync("npm run build", npm, ["run", "build"], app, BuildEnvironment, context.Output, cancellationToken);
        }

        if (!scripts.Contains("start") && !File.Exists(Path.Combine(app, "server.js")) && context.Request.Command.IsDefaultOrEmpty
            && !File.Exists(Path.Combine(app, Procfile.FileName)))
        {
            throw new BuildFailedException("package.json has no \"start\" script and there is no server.js; add one or set 'command' in the Score file");
        }

        var launch = new LaunchCommand(npm, ["start"], app, ImmutableDictionary<string, string>.Empty.Add("NODE_ENV", "production"));
        return new BuiltApp(launch, "Node.js (package.json)", "npm start");
    }

    private static HashSet<string> Scripts(string packageJson)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(packageJson));
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("scripts", out var scripts)
                && scripts.ValueKind == JsonValueKind.Object
                ? scripts.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal)
                : [];
        }
        catch (JsonException e)
        {
            throw new BuildFailedException($"package.json is not valid JSON: {e.Message}", e);
        }
    }
}
