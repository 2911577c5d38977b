namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>One workload: its scale, how many instances are ready, and its routes as URLs.</summary>
public sealed record WorkloadInfo(string Name, int Replicas, int Ready, IReadOnlyList<string> Urls);
