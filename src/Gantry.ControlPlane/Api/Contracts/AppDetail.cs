namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>Everything <c>gantry status</c> shows: the summary, the runtime, each workload and each instance.</summary>
public sealed record AppDetail(
    AppSummary App,
    string Runtime,
    ReleaseInfo? LatestRelease,
    IReadOnlyList<WorkloadInfo> Workloads,
    IReadOnlyList<InstanceInfo> Instances);
