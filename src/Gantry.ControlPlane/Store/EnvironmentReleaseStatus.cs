namespace Gantry.ControlPlane.Store;

/// <summary>Where an environment release stands.</summary>
public enum EnvironmentReleaseStatus
{
    InProgress,
    Succeeded,
    Failed,

    /// <summary>It failed and the previous release was applied again.</summary>
    RolledBack,
}
