using System.Collections.Immutable;
using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds.Builders;

/// <summary>The fallback when no other builder knows the folder but the Score file sets a command: copy the sources and run it there.</summary>
public sealed class CommandBuilder : ISourceBuilder
{
    public string Name => "command";

    public string Fingerprint => "command";

    public bool Detects(BuildRequest request) => !request.Command.IsDefaultOrEmpty;

    public Task<LaunchCommand> BuildAsync(SourceBuildContext context, CancellationToken cancellationToken)
    {
        var app = Path.Combine(context.ArtifactDirectory, "app");
        SourceTree.Copy(context.Request.SourceDirectory, app, context.Request.Ignored);
        context.Output.Report($"copied the sources to {app}");
        var command = context.Request.Command;
        return Task.FromResult(new LaunchCommand(command[0], [.. command.Skip(1)], app, ImmutableDictionary<string, string>.Empty));
    }
}
