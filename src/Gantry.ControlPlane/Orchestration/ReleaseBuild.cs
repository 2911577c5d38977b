using System.Collections.Immutable;
using Gantry.Runtime.Builds;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>The built artifact of each workload of a release, by workload name.</summary>
public sealed record ReleaseBuild(int Release, ImmutableDictionary<string, BuildArtifact> Artifacts);
