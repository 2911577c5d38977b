using System.Collections.Immutable;
using Gantry.AppModel.Score;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Spec.Policies;

namespace Gantry.AppModel.Resolution;

/// <summary>A validated Score workload with the settings <c>gantry.yaml</c> gives it (defaults for a lone Score file).</summary>
internal sealed record LoadedWorkload(ScoreWorkload Score, int? Replicas, RolloutSpec Rollout)
{
    /// <summary>Policies by route resource name, already checked against the Score file's resources.</summary>
    public ImmutableDictionary<string, RoutePolicySpec> RoutePolicies { get; init; } = ImmutableDictionary<string, RoutePolicySpec>.Empty;

    public CircuitBreakerSpec? CircuitBreaker { get; init; }

    public AutoscalingSpec? Autoscaling { get; init; }

    /// <summary>gantry.yaml's build for the workload's <c>image: .</c> containers, its context resolved.</summary>
    public BuildSpec? Build { get; init; }

    public ImmutableArray<WorkloadDependency> DependsOn { get; init; } = [];
}
