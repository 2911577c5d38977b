namespace Gantry.ControlPlane.Store;

/// <summary>Where a release is: waiting, building, rolling out, or its outcome.</summary>
public enum ReleaseStatus
{
    Pending,
    Building,
    RollingOut,
    Succeeded,
    Failed,

    /// <summary>A newer release was asked for before this one finished rolling out.</summary>
    Superseded,
}
