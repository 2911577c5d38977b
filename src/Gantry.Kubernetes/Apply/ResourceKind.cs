namespace Gantry.Kubernetes.Apply;

/// <summary>A kind Gantry renders: where its API lives, and its place in the apply order (what others depend on first).</summary>
public sealed record ResourceKind(string ApiVersion, string Kind, string Plural, int Order, bool Prunable)
{
    /// <summary>The API group; empty for the core group (<c>v1</c>).</summary>
    public string Group => ApiVersion.Contains('/', StringComparison.Ordinal) ? ApiVersion[..ApiVersion.IndexOf('/', StringComparison.Ordinal)] : "";

    public string Version => ApiVersion[(ApiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..];

    // PersistentVolumeClaims are never pruned: like volumes on one machine, data outlives the release that made it.
    public static IReadOnlyList<ResourceKind> All { get; } =
    [
        new("v1", "Namespace", "namespaces", 0, Prunable: false),
        new("v1", "ServiceAccount", "serviceaccounts", 1, Prunable: false),
        new("v1", "ConfigMap", "configmaps", 1, Prunable: true),
        new("v1", "Secret", "secrets", 1, Prunable: true),
        new("v1", "PersistentVolumeClaim", "persistentvolumeclaims", 2, Prunable: false),
        new("v1", "Service", "services", 3, Prunable: true),
        new("apps/v1", "Deployment", "deployments", 4, Prunable: true),
        new("apps/v1", "StatefulSet", "statefulsets", 4, Prunable: true),
        new("batch/v1", "CronJob", "cronjobs", 4, Prunable: true),
        new("autoscaling/v2", "HorizontalPodAutoscaler", "horizontalpodautoscalers", 5, Prunable: true),
        new("policy/v1", "PodDisruptionBudget", "poddisruptionbudgets", 5, Prunable: true),
        new(HttpRoute.RouteApiVersion, HttpRoute.RouteKind, "httproutes", 6, Prunable: true),

        // A team's access (Access/TeamAccessRenderer): not an app's, so never pruned with an app's release.
        new("rbac.authorization.k8s.io/v1", "Role", "roles", 2, Prunable: false),
        new("rbac.authorization.k8s.io/v1", "RoleBinding", "rolebindings", 3, Prunable: false),

        // Operators' servers hold data: like claims, never pruned.
        new(Resources.OperatorRenderer.CnpgApiVersion, Resources.OperatorRenderer.CnpgKind, "clusters", 4, Prunable: false),
        new(Resources.OperatorRenderer.RabbitApiVersion, Resources.OperatorRenderer.RabbitKind, "rabbitmqclusters", 4, Prunable: false),
    ];

    public static ResourceKind Of(string apiVersion, string kind) =>
        All.FirstOrDefault(k => k.ApiVersion == apiVersion && k.Kind == kind)
        ?? throw new ArgumentException($"Gantry does not apply {apiVersion}/{kind}", nameof(kind));
}
