namespace Gantry.Kubernetes.Apply;

/// <summary>How a release went on a cluster.</summary>
public enum ClusterOutcome
{
    Succeeded,
    Failed,

    /// <summary>The release failed and the previous one was applied again.</summary>
    RolledBack,
}

/// <summary>What applying a release did: the outcome with its reason, the objects applied and those pruned.</summary>
public sealed record ClusterDeployResult(ClusterOutcome Outcome, string Message, IReadOnlyList<string> Applied, IReadOnlyList<string> Pruned);
