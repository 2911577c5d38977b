using System.Collections.Immutable;

namespace Gantry.Runtime.Builds;

/// <summary>Settings of the source builders.</summary>
public sealed record BuildOptions
{
    /// <summary>The command that serves a static site (for example <c>[gantry, "serve-static"]</c>); <c>--root DIR</c> is appended.</summary>
    public ImmutableArray<string> StaticServerCommand { get; init; } = [];
}
