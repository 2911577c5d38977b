using System.Collections.Immutable;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Orchestration.Runtimes;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>A release ready to run: its resolved spec, where its files are, and what each workload needs to run, by workload name.</summary>
public sealed record ReleaseBuild(int Release, AppSpec Spec, string SourceDirectory, ImmutableDictionary<string, WorkloadArtifact> Artifacts)
{
    public WorkloadSource Source(string app, WorkloadSpec workload) => new(app, Release, Spec, workload, SourceDirectory);
}
