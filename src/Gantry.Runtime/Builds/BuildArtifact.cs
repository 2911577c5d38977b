using Gantry.Runtime.Instances;

namespace Gantry.Runtime.Builds;

/// <summary>The output of building a source folder: where it is and how to start it. Identical sources share one artifact.</summary>
/// <param name="Key">A hash of the source tree, the builder and the command override.</param>
/// <param name="Directory">The artifact folder, <c>{buildRoot}/{Key}</c>.</param>
/// <param name="Launch">How to start an instance of it.</param>
/// <param name="Builder">The builder that made it: <c>dotnet</c>, <c>node</c>, <c>python</c>, <c>go</c>, <c>java</c>, <c>php</c>, <c>static</c> or <c>command</c>.</param>
public sealed record BuildArtifact(string Key, string Builder, string Directory, LaunchCommand Launch)
{
    /// <summary>True when an earlier, complete build of the same key was reused instead of building.</summary>
    public bool Reused { get; init; }

    /// <summary>The stack the builder detected and why, for example <c>Go 1.19.8 (go.mod), main package ./cmd/server</c>.</summary>
    public string Stack { get; init; } = "";
}
