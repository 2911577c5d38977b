using System.Collections.Immutable;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds.Builders;

/// <summary>A folder with an <c>index.html</c> is a static site: copied as is and served by the configured static file server.</summary>
public sealed class StaticSiteBuilder(BuildOptions options) : ISourceBuilder
{
    public string Name => "static";

    // The server command is baked into the launch command: a different server is a different artifact.
    public string Fingerprint => "static\0" + string.Join('\0', options.StaticServerCommand.IsDefault ? [] : options.StaticServerCommand);

    public bool Detects(BuildRequest request) => File.Exists(Path.Combine(request.SourceDirectory, "index.html"));

    public Task<BuiltApp> BuildAsync(SourceBuildContext context, CancellationToken cancellationToken)
    {
        var server = options.StaticServerCommand;
        if (server.IsDefaultOrEmpty && context.Request.Command.IsDefaultOrEmpty)
        {
            throw new BuildFailedException("index.html found but no static file server is configured to serve it");
        }

        var site = Path.Combine(context.ArtifactDirectory, "site");
        SourceTree.Copy(context.Request.SourceDirectory, site, context.Request.Ignored);
        context.Output.Report($"copied the site to {site}");
        var launch = server.IsDefaultOrEmpty
            ? new LaunchCommand("", [], site, ImmutableDictionary<string, string>.Empty) // replaced by the Score command
            : new LaunchCommand(server[0], [.. server.Skip(1), "--root", site], site, ImmutableDictionary<string, string>.Empty);
        return Task.FromResult(new BuiltApp(launch, "a static site (index.html)"));
    }
}
