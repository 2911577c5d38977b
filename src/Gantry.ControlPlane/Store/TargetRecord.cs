namespace Gantry.ControlPlane.Store;

/// <summary>
/// Somewhere environments deploy to besides this machine: a Kubernetes cluster (kubeconfig and context) or a GitOps
/// configuration repository that Argo CD syncs. Credentials are not stored: kubeconfig files and git's own
/// credential helpers or SSH keys hold them.
/// </summary>
public sealed class TargetRecord
{
    public required string Name { get; set; }

    public required TargetKind Kind { get; set; }

    /// <summary>Kubernetes: the kubeconfig file; null for the default (<c>$KUBECONFIG</c> or <c>~/.kube/config</c>).</summary>
    public string? Kubeconfig { get; set; }

    /// <summary>Kubernetes: the context in the kubeconfig; null for its current context.</summary>
    public string? Context { get; set; }

    /// <summary>GitOps: the repository URL.</summary>
    public string? Repository { get; set; }

    /// <summary>GitOps: the branch Argo CD follows.</summary>
    public string Branch { get; set; } = "main";

    /// <summary>The Gateway API Gateway HTTPRoutes attach to, NAMESPACE/NAME.</summary>
    public string Gateway { get; set; } = "gantry-system/gantry";

    /// <summary>The domain for hosts Gantry picked on this machine (<c>APP.localhost</c> becomes <c>APP.DOMAIN</c>); null keeps them.</summary>
    public string? Domain { get; set; }

    /// <summary>Operators the cluster runs, comma-separated (<c>cloudnative-pg,rabbitmq</c>): their resources replace Gantry's StatefulSets.</summary>
    public string Operators { get; set; } = "";

    /// <summary>Where images built from source are expected.</summary>
    public string Registry { get; set; } = "registry.local";

    public DateTimeOffset CreatedAt { get; set; }
}
