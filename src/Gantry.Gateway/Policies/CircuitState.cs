namespace Gantry.Gateway.Policies;

/// <summary>Where a workload's circuit stands.</summary>
public enum CircuitState
{
    Closed,
    Open,
    HalfOpen,
}
