using k8s.Models;

namespace Gantry.Kubernetes.Tests.Access;

/// <summary>
/// What a team's Role may hold: named, namespace-scoped resources a developer looks after, and verbs that cannot
/// widen access. Written apart from the renderer's list, so a grant added there must be argued for here too.
/// </summary>
internal static class TeamRoleAssert
{
    private static readonly HashSet<(string Group, string Resource)> NamespaceScoped =
    [
        ("", "configmaps"), ("", "events"), ("", "persistentvolumeclaims"), ("", "pods"), ("", "pods/exec"), ("", "pods/log"),
        ("", "pods/portforward"), ("", "secrets"), ("", "services"), ("events.k8s.io", "events"),
        ("apps", "deployments"), ("apps", "deployments/scale"), ("apps", "replicasets"), ("apps", "statefulsets"), ("apps", "statefulsets/scale"),
        ("batch", "cronjobs"), ("batch", "jobs"), ("autoscaling", "horizontalpodautoscalers"), ("gateway.networking.k8s.io", "httproutes"),
    ];

    private static readonly HashSet<string> KnownVerbs = ["get", "list", "watch", "create", "update", "patch", "delete"];

    /// <summary>Verbs that widen access (RBAC's own) or reach past one object at a time.</summary>
    private static readonly string[] Widening = ["escalate", "bind", "impersonate", "deletecollection"];

    public static void IsNamespaceScoped(V1PolicyRule rule)
    {
        Assert.DoesNotContain("*", rule.ApiGroups);
        Assert.DoesNotContain("*", rule.Resources);
        Assert.DoesNotContain("*", rule.Verbs);
        Assert.DoesNotContain("rbac.authorization.k8s.io", rule.ApiGroups);
        Assert.True(rule.NonResourceURLs is null or { Count: 0 }, "non-resource URLs are cluster-wide");
        Assert.True(rule.ResourceNames is null or { Count: 0 }, "the rule names whole kinds, not chosen objects");
        Assert.All(rule.Verbs, v => Assert.DoesNotContain(v, Widening));
        Assert.All(rule.Verbs, v => Assert.Contains(v, KnownVerbs));
        Assert.All(rule.ApiGroups, g => Assert.All(rule.Resources, r => Assert.Contains((g, r), NamespaceScoped)));
    }
}
