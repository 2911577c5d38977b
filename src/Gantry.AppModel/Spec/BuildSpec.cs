using System.Collections.Immutable;

namespace Gantry.AppModel.Spec;

/// <summary>
/// How a workload's <c>image: .</c> containers are built when gantry.yaml says so (an imported compose file's
/// <c>build</c>): the folder, relative to the app's root, and the Containerfile's name, stage and arguments.
/// </summary>
public sealed record BuildSpec(string Context, string? Dockerfile, string? Target, ImmutableDictionary<string, string> Args);
