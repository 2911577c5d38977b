namespace Gantry.ControlPlane.Store;

/// <summary>How an environment's releases are put in place.</summary>
public enum TargetKind
{
    /// <summary>Applied to a cluster by Gantry with server-side apply.</summary>
    Kubernetes,

    /// <summary>Committed to a configuration repository for Argo CD.</summary>
    GitOps,
}
