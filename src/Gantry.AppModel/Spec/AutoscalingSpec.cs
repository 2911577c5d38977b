namespace Gantry.AppModel.Spec;

/// <summary>
/// Replicas that follow load on Kubernetes (a HorizontalPodAutoscaler); on one machine the workload runs
/// <c>MinReplicas</c> instances unless <c>replicas</c> says otherwise.
/// </summary>
/// <param name="CpuPercent">Average CPU use, as a percentage of the containers' requests, that scaling aims for.</param>
/// <param name="MemoryPercent">Average memory use, as a percentage of the requests, that scaling aims for.</param>
public sealed record AutoscalingSpec(int MinReplicas, int MaxReplicas, int? CpuPercent, int? MemoryPercent);
