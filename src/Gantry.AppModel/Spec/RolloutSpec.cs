namespace Gantry.AppModel.Spec;

/// <summary>How a new release replaces the old one: Kubernetes Deployment semantics.</summary>
/// <param name="MaxSurge">Extra instances allowed above the desired count during a rollout.</param>
/// <param name="MaxUnavailable">Instances allowed below the desired count during a rollout.</param>
/// <param name="ReadyTimeout">How long the new release may take to become ready before it is marked failed.</param>
/// <param name="DrainTimeout">How long in-flight requests may take to finish on an instance leaving the rotation.</param>
/// <param name="StopGracePeriod">Time between SIGTERM and SIGKILL.</param>
public sealed record RolloutSpec(
    int MaxSurge,
    int MaxUnavailable,
    TimeSpan ReadyTimeout,
    TimeSpan DrainTimeout,
    TimeSpan StopGracePeriod)
{
    /// <summary>On Kubernetes: a rollout that misses its deadline re-applies the previous release (one machine always keeps the old release serving).</summary>
    public bool AutoRollback { get; init; }

    public static RolloutSpec Default { get; } = new(1, 0, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));
}
