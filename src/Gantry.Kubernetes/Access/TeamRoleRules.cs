using k8s.Models;

namespace Gantry.Kubernetes.Access;

/// <summary>
/// What a team's Role grants in each of its namespaces: enough to look after its apps (read, change, exec, port-forward,
/// logs), named kinds and verbs only. No wildcards, no RBAC objects, no escalate/bind/impersonate: a team cannot grant
/// itself more than this, nor reach outside the namespace the Role lives in.
/// </summary>
internal static class TeamRoleRules
{
    private static readonly string[] Read = ["get", "list", "watch"];
    private static readonly string[] ReadWrite = ["get", "list", "watch", "create", "update", "patch", "delete"];

    public static List<V1PolicyRule> All() =>
    [
        Rule("", ["configmaps", "persistentvolumeclaims", "pods", "secrets", "services"], ReadWrite),

        // kubectl logs (with -f too) is a get; exec and port-forward open a stream with create (get for websockets).
        Rule("", ["pods/log"], ["get"]),
        Rule("", ["pods/exec", "pods/portforward"], ["create", "get"]),
        Rule("", ["events"], Read),
        Rule("events.k8s.io", ["events"], Read),
        Rule("apps", ["deployments", "replicasets", "statefulsets"], ReadWrite),

        // kubectl scale goes through the scale subresource, not the object.
        Rule("apps", ["deployments/scale", "statefulsets/scale"], ["get", "update", "patch"]),
        Rule("batch", ["cronjobs", "jobs"], ReadWrite),
        Rule("autoscaling", ["horizontalpodautoscalers"], ReadWrite),
        Rule("gateway.networking.k8s.io", ["httproutes"], ReadWrite),
    ];

    private static V1PolicyRule Rule(string group, string[] resources, string[] verbs) =>
        new() { ApiGroups = [group], Resources = [.. resources], Verbs = [.. verbs] };
}
