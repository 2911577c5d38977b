using System.Collections.Immutable;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds.Builders;

/// <summary>The fallback when no other builder knows the folder but the Score file sets a command or a Procfile names one: copy the sources and run it there.</summary>
public sealed class CommandBuilder : ISourceBuilder
{
    public string Name => "command";

    public string Fingerprint => "command";

    public bool Detects(BuildRequest request) =>
        !request.Command.IsDefaultOrEmpty || File.Exists(Path.Combine(request.SourceDirectory, Procfile.FileName));

    public Task<BuiltApp> BuildAsync(SourceBuildContext context, CancellationToken cancellationToken)
    {
        var app = Path.Combine(context.ArtifactDirectory, "app");
        SourceTree.Copy(context.Request.SourceDirectory, app, context.Request.Ignored);
        context.Output.Report($"copied the sources to {app}");
        var command = context.Request.Command;
        var launch = command.IsDefaultOrEmpty
            ? new LaunchCommand("", [], app, ImmutableDictionary<string, string>.Empty) // replaced by the Procfile's command
            : new LaunchCommand(command[0], [.. command.Skip(1)], app, ImmutableDictionary<string, string>.Empty);
        return Task.FromResult(new BuiltApp(launch, "sources run as they are"));
    }
}
