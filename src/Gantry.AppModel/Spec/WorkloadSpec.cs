using System.Collections.Immutable;
using Gantry.AppModel.Spec.Policies;

namespace Gantry.AppModel.Spec;

/// <summary>One Score workload of an app, resolved, with Gantry's own settings for it.</summary>
/// <param name="Name">The Score <c>metadata.name</c>.</param>
/// <param name="SourceFile">The Score file, relative to the app's root folder.</param>
/// <param name="Replicas">Replicas asked for in <c>gantry.yaml</c>; null keeps the current scale (1 for a new workload).</param>
public sealed record WorkloadSpec(
    string Name,
    string SourceFile,
    int? Replicas,
    RolloutSpec Rollout,
    ImmutableArray<PortSpec> Ports,
    ImmutableArray<ContainerSpec> Containers,
    ImmutableArray<RouteSpec> Routes,
    ImmutableDictionary<string, string> Annotations)
{
    /// <summary>Opens when the workload keeps failing, so callers get a quick 503 instead of waiting on it.</summary>
    public CircuitBreakerSpec? CircuitBreaker { get; init; }

    /// <summary>Replicas that follow load on Kubernetes; null: a fixed count.</summary>
    public AutoscalingSpec? Autoscaling { get; init; }

    /// <summary>Workloads whose instances must be started or ready before this one's start; on one machine only (a cluster starts all at once).</summary>
    public ImmutableArray<WorkloadDependency> DependsOn { get; init; } = [];
}
