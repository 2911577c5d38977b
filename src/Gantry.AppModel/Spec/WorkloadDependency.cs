namespace Gantry.AppModel.Spec;

/// <summary>Another workload of the app that must be started, or ready, before this one's instances start (gantry.yaml <c>dependsOn</c>).</summary>
/// <param name="Workload">The workload waited for.</param>
/// <param name="Ready"><see cref="Started"/>: one of its instances runs; <see cref="Healthy"/>: one is ready (its readiness probe passes).</param>
public sealed record WorkloadDependency(string Workload, string Ready)
{
    public const string Started = "started";

    public const string Healthy = "healthy";
}
