namespace Gantry.Kubernetes;

/// <summary>The recommended <c>app.kubernetes.io/*</c> labels Gantry puts on everything it renders.</summary>
internal static class KubernetesLabels
{
    public static Dictionary<string, string> For(string app, string workload) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = workload,
        ["app.kubernetes.io/part-of"] = app,
        ["app.kubernetes.io/managed-by"] = "gantry",
    };

    /// <summary>What a Deployment selects its pods by: stable across releases (a selector cannot change).</summary>
    public static Dictionary<string, string> Selector(string app, string workload) => new(StringComparer.Ordinal)
    {
        ["app.kubernetes.io/name"] = workload,
        ["app.kubernetes.io/part-of"] = app,
    };
}
