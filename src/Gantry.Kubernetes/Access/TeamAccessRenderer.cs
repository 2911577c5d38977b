using System.Text.RegularExpressions;
using k8s.Models;

namespace Gantry.Kubernetes.Access;

/// <summary>
/// Renders a team's cluster access in one environment: a ServiceAccount and its long-lived token Secret in
/// <see cref="RenderOptions.SystemNamespace"/>, and a Role with a RoleBinding in each of the team's namespaces only.
/// Nothing cluster-wide, so a team's credentials reach its own apps' namespaces and nothing else.
/// </summary>
public static partial class TeamAccessRenderer
{
    /// <summary>Namespaces no team is given: Gantry's own holds every team's token, the others are the cluster's.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        RenderOptions.SystemNamespace, "default", "kube-system", "kube-public", "kube-node-lease",
    };

    public static string ServiceAccountName(string team, string environment) => $"gantry-team-{team}-{environment}";

    /// <summary>The Secret the cluster's token controller fills with the ServiceAccount's token.</summary>
    public static string TokenSecretName(string team, string environment) => $"{ServiceAccountName(team, environment)}-token";

    public static string RoleName(string team) => $"gantry-team-{team}";

    /// <param name="namespaces">The team's apps' namespaces in this environment (<c>APP-ENVIRONMENT</c>); none gives the ServiceAccount alone.</param>
    /// <exception cref="RenderException">The team, the environment or a namespace is not a DNS-1123 label, or a namespace is reserved.</exception>
    public static IReadOnlyList<object> Render(string team, string environment, IReadOnlyList<string> namespaces)
    {
        // Each at most 63 characters keeps the ServiceAccount's and Secret's names well within a DNS-1123 subdomain's 253.
        RequireLabel("team", team);
        RequireLabel("environment", environment);
        foreach (var ns in namespaces)
        {
            RequireLabel("namespaces", ns);
            if (Reserved.Contains(ns))
            {
                throw new RenderException($"namespaces: '{ns}' is reserved; a team is given only its apps' namespaces");
            }
        }

        var account = ServiceAccountName(team, environment);
        var objects = new List<object>
        {
            new V1ServiceAccount
            {
                ApiVersion = "v1",
                Kind = "ServiceAccount",
                Metadata = Meta(account, RenderOptions.SystemNamespace, team, environment),
            },
            new V1Secret
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Metadata = Meta(TokenSecretName(team, environment), RenderOptions.SystemNamespace, team, environment,
                    new Dictionary<string, string> { ["kubernetes.io/service-account.name"] = account }),
                Type = "kubernetes.io/service-account-token",
            },
        };

        foreach (var ns in namespaces.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            objects.Add(new V1Role
            {
                ApiVersion = "rbac.authorization.k8s.io/v1",
                Kind = "Role",
                Metadata = Meta(RoleName(team), ns, team, environment),
                Rules = TeamRoleRules.All(),
            });
            objects.Add(new V1RoleBinding
            {
                ApiVersion = "rbac.authorization.k8s.io/v1",
                Kind = "RoleBinding",
                Metadata = Meta(RoleName(team), ns, team, environment),
                RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = RoleName(team) },
                Subjects = [new Rbacv1Subject { Kind = "ServiceAccount", Name = account, NamespaceProperty = RenderOptions.SystemNamespace }],
            });
        }

        return objects;
    }

    internal static void RequireLabel(string field, string value)
    {
        if (value.Length > 63 || !DnsLabel().IsMatch(value))
        {
            throw new RenderException($"{field}: '{value}' is not a DNS-1123 label (lowercase letters, digits and '-', "
                + "starting and ending with a letter or digit, at most 63 characters)");
        }
    }

    private static V1ObjectMeta Meta(string name, string ns, string team, string environment, Dictionary<string, string>? annotations = null) => new()
    {
        Name = name,
        NamespaceProperty = ns,
        Labels = KubernetesLabels.ForTeam(team, environment),
        Annotations = annotations,
    };

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex(@"^[a-z0-9]([a-z0-9-]*[a-z0-9])?\z")]
    private static partial Regex DnsLabel();
}
