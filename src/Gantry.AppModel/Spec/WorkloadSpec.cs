using System.Collections.Immutable;

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
    ImmutableDictionary<string, string> Annotations);
