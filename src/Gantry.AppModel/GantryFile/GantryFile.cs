using System.Collections.Immutable;
using Gantry.AppModel.GantryFile.Policies;
using Gantry.AppModel.Spec;
using Gantry.AppModel.Spec.Policies;
using Gantry.AppModel.Yaml;

namespace Gantry.AppModel.GantryFile;

/// <summary>A validated <c>gantry.yaml</c>: the app's name and the Score files it releases together.</summary>
internal sealed record GantryAppFile(string Name, ImmutableArray<GantryWorkload> Workloads, int? MaxConcurrentRequests)
{
    public BackupScheduleSpec? Backups { get; init; }

    public ImmutableArray<GantryJob> Jobs { get; init; } = [];
}

/// <summary>One <c>workloads</c> entry; <c>Score</c> is the path as written, relative to gantry.yaml's folder.</summary>
internal sealed record GantryWorkload(
    YamlScalar Score,
    string Field,
    int? Replicas,
    RolloutSpec Rollout,
    ImmutableArray<ParsedRoutePolicy> RoutePolicies,
    CircuitBreakerSpec? CircuitBreaker)
{
    public AutoscalingSpec? Autoscaling { get; init; }

    public ParsedBuild? Build { get; init; }

    /// <summary>dependsOn as written: the workload's name (its node, to report an unknown one) and started or healthy.</summary>
    public ImmutableArray<(YamlScalar Workload, string Ready)> DependsOn { get; init; } = [];
}
