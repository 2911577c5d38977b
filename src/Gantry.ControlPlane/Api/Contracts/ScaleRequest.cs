namespace Gantry.ControlPlane.Api.Contracts;

/// <summary>New replica counts by workload name.</summary>
public sealed record ScaleRequest(IReadOnlyDictionary<string, int>? Replicas);
