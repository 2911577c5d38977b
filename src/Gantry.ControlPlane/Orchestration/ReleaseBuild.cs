using System.Collections.Immutable;
using Gantry.AppModel.Spec;
using Gantry.Runtime.Builds;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>A release ready to run: its resolved spec and the built artifact of each workload, by workload name.</summary>
public sealed record ReleaseBuild(int Release, AppSpec Spec, ImmutableDictionary<string, BuildArtifact> Artifacts);
