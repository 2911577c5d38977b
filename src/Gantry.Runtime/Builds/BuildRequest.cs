using System.Collections.Immutable;

namespace Gantry.Runtime.Builds;

/// <summary>A source folder to build; <c>Command</c>/<c>Args</c> (from Score) replace the detected start command when set.</summary>
public sealed record BuildRequest(string SourceDirectory, ImmutableArray<string> Command, ImmutableArray<string> Args)
{
    /// <summary>Files in the folder that are not part of the app (its gantry.yaml and Score files, relative to the folder): left out of the build key and the artifact.</summary>
    public ImmutableArray<string> Ignored { get; init; } = [];

    /// <summary>The Containerfile to build with, relative to the folder; null: Containerfile or Dockerfile.</summary>
    public string? Dockerfile { get; init; }

    /// <summary>The Containerfile's stage to build; null: the last.</summary>
    public string? Target { get; init; }

    /// <summary>The Containerfile's build arguments.</summary>
    public ImmutableDictionary<string, string> BuildArgs { get; init; } = ImmutableDictionary<string, string>.Empty;
}
