namespace Gantry.Runtime.Health;

/// <summary>An instance's readiness (gets traffic) and liveness (restarted when failing) checks; null means none.</summary>
public sealed record HealthChecks(ProbeDefinition? Readiness, ProbeDefinition? Liveness);
