using Gantry.Kubernetes.Access;
using Gantry.Testing;
using k8s;
using k8s.Models;

namespace Gantry.Kubernetes.Tests.Access;

/// <summary>A team's ServiceAccount, token Secret, Roles and RoleBindings: valid objects, granting in the team's namespaces only.</summary>
public sealed class TeamAccessRenderTests
{
    private static readonly string[] Payments = ["checkout-prod", "ledger-prod"];

    [Fact]
    public async Task ATeamsAccessObjects_ValidateWithKubernetesModels()
    {
        using var temp = new TempDirectory("gantry-access");
        var files = ManifestRenderer.ToFiles(TeamAccessRenderer.Render("payments", "prod", Payments));

        var (exit, output) = await KubernetesModelsValidator.ValidateFilesAsync(temp.Path, files);

        Assert.True(exit == 0, output);
        Assert.Equal(6, files.Count);
        Assert.Equal(files.Count, output.Split('\n').Count(l => l.StartsWith("ok ", StringComparison.Ordinal)));
        Assert.Contains("v1/ServiceAccount gantry-team-payments-prod", output);
        Assert.Contains("v1/Secret gantry-team-payments-prod-token", output);
        Assert.Equal(2, output.Split('\n').Count(l => l.Contains("rbac.authorization.k8s.io/v1/RoleBinding gantry-team-payments", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task TheValidator_RefusesARoleBindingWithoutItsRoleRef()
    {
        using var temp = new TempDirectory("gantry-access");
        var yaml = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: x\n  namespace: y\nsubjects:\n- kind: ServiceAccount\n  name: a\n";

        var (exit, output) = await KubernetesModelsValidator.ValidateFilesAsync(temp.Path, [("bad.yaml", yaml)]);

        Assert.Equal(1, exit);
        Assert.Contains("must have required property roleRef", output);
    }

    [Fact]
    public void TheServiceAccountAndItsTokenSecret_LiveInGantrysNamespace_LabelledWithTheTeam()
    {
        var objects = TeamAccessRenderer.Render("payments", "prod", Payments);

        var account = Assert.Single(objects.OfType<V1ServiceAccount>());
        var secret = Assert.Single(objects.OfType<V1Secret>());
        Assert.Equal(("gantry-team-payments-prod", "gantry-system"), (account.Metadata.Name, account.Metadata.NamespaceProperty));
        Assert.Equal("gantry-system", secret.Metadata.NamespaceProperty);
        Assert.Equal("kubernetes.io/service-account-token", secret.Type);
        Assert.Equal(account.Metadata.Name, secret.Metadata.Annotations["kubernetes.io/service-account.name"]);
        Assert.Null(secret.Data);
        Assert.All(objects.Cast<IMetadata<V1ObjectMeta>>(), o =>
        {
            Assert.Equal("payments", o.Metadata.Labels["gantry.dev/team"]);
            Assert.Equal("prod", o.Metadata.Labels["gantry.dev/environment"]);
            Assert.Equal("gantry", o.Metadata.Labels["app.kubernetes.io/managed-by"]);
        });
    }

    [Fact]
    public void EveryGrant_IsNamespaceScoped_ToTheTeamsNamespaces_AndBindsOnlyTheTeamsServiceAccount()
    {
        // Through YAML and back: what is checked is what a file would apply.
        var objects = KubernetesYaml.LoadAllFromString(ManifestRenderer.ToYaml(TeamAccessRenderer.Render("payments", "prod", Payments)));

        Assert.DoesNotContain(objects, o => o is V1ClusterRole or V1ClusterRoleBinding or V1Namespace);
        var roles = objects.OfType<V1Role>().ToList();
        var bindings = objects.OfType<V1RoleBinding>().ToList();
        Assert.Equal(Payments, roles.Select(r => r.Metadata.NamespaceProperty).Order(StringComparer.Ordinal));
        Assert.Equal(Payments, bindings.Select(b => b.Metadata.NamespaceProperty).Order(StringComparer.Ordinal));
        Assert.All(roles.SelectMany(r => r.Rules), TeamRoleAssert.IsNamespaceScoped);
        Assert.All(bindings, b =>
        {
            Assert.Equal(("rbac.authorization.k8s.io", "Role", "gantry-team-payments"), (b.RoleRef.ApiGroup, b.RoleRef.Kind, b.RoleRef.Name));
            var subject = Assert.Single(b.Subjects);
            Assert.Equal(("ServiceAccount", "gantry-team-payments-prod", "gantry-system"), (subject.Kind, subject.Name, subject.NamespaceProperty));
        });
    }

    [Theory]
    [InlineData("", "pods", "delete")]
    [InlineData("", "pods/log", "get")]
    [InlineData("", "pods/exec", "create")]
    [InlineData("", "pods/portforward", "create")]
    [InlineData("", "secrets", "update")]
    [InlineData("", "events", "watch")]
    [InlineData("apps", "deployments", "patch")]
    [InlineData("apps", "deployments/scale", "patch")]
    [InlineData("batch", "jobs", "create")]
    [InlineData("autoscaling", "horizontalpodautoscalers", "update")]
    [InlineData("gateway.networking.k8s.io", "httproutes", "patch")]
    public void TheRole_GrantsWhatADeveloperNeedsToLookAfterTheirApps(string group, string resource, string verb)
    {
        var role = TeamAccessRenderer.Render("payments", "prod", Payments).OfType<V1Role>().First();

        Assert.Contains(role.Rules, r => r.ApiGroups.Contains(group) && r.Resources.Contains(resource) && r.Verbs.Contains(verb));
    }

    [Theory]
    [InlineData("", "events", "delete")]
    [InlineData("", "pods/exec", "delete")]
    public void TheRole_GrantsNoMoreThanThat(string group, string resource, string verb)
    {
        var role = TeamAccessRenderer.Render("payments", "prod", Payments).OfType<V1Role>().First();

        Assert.DoesNotContain(role.Rules, r => r.ApiGroups.Contains(group) && r.Resources.Contains(resource) && r.Verbs.Contains(verb));
    }

    [Fact]
    public void TwoTeams_NeverGrantInEachOthersNamespaces()
    {
        var payments = TeamAccessRenderer.Render("payments", "prod", Payments);
        var search = TeamAccessRenderer.Render("search", "prod", ["indexer-prod", "query-prod"]);

        static HashSet<string> Granted(IEnumerable<object> objects) =>
            [.. objects.Where(o => o is V1Role or V1RoleBinding).Select(o => ((IMetadata<V1ObjectMeta>)o).Metadata.NamespaceProperty)];
        Assert.Empty(Granted(payments).Intersect(Granted(search)));
        Assert.Equal(["indexer-prod", "query-prod"], Granted(search).Order(StringComparer.Ordinal));
        Assert.All(search.OfType<V1RoleBinding>(), b => Assert.Equal("gantry-team-search-prod", Assert.Single(b.Subjects).Name));
        Assert.NotEqual(payments.OfType<V1ServiceAccount>().Single().Metadata.Name, search.OfType<V1ServiceAccount>().Single().Metadata.Name);
    }

    [Fact]
    public void ATeamWithNoNamespaces_GetsItsServiceAccountAndTokenOnly()
    {
        var objects = TeamAccessRenderer.Render("payments", "staging", []);

        Assert.Equal(["ServiceAccount", "Secret"], objects.Cast<IKubernetesObject>().Select(o => o.Kind));
    }

    [Fact]
    public void ANamespaceListedTwice_GetsOneRoleAndOneBinding()
    {
        var objects = TeamAccessRenderer.Render("payments", "prod", ["ledger-prod", "checkout-prod", "ledger-prod"]);

        Assert.Equal(Payments, objects.OfType<V1Role>().Select(r => r.Metadata.NamespaceProperty));
        Assert.Equal(2, objects.OfType<V1RoleBinding>().Count());
    }

    [Theory]
    [InlineData("Payments", "prod", "team")]
    [InlineData("pay_ments", "prod", "team")]
    [InlineData("-payments", "prod", "team")]
    [InlineData("payments\n", "prod", "team")]
    [InlineData("", "prod", "team")]
    [InlineData("payments", "prod.eu", "environment")]
    [InlineData("payments", "prod-", "environment")]
    public void ATeamOrEnvironmentThatIsNotADnsLabel_IsRefusedNamingTheField(string team, string environment, string field)
    {
        var error = Assert.Throws<RenderException>(() => TeamAccessRenderer.Render(team, environment, Payments));

        Assert.StartsWith($"{field}: '{(field == "team" ? team : environment)}' is not a DNS-1123 label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NamesOfAtMost63Characters_AreTaken_OneMoreIsRefused()
    {
        var longest = new string('a', 63);

        Assert.Equal($"gantry-team-{longest}-{longest}", TeamAccessRenderer.Render(longest, longest, []).OfType<V1ServiceAccount>().Single().Metadata.Name);
        Assert.StartsWith("team: ", Assert.Throws<RenderException>(() => TeamAccessRenderer.Render(longest + "a", "prod", [])).Message, StringComparison.Ordinal);
        Assert.StartsWith("environment: ", Assert.Throws<RenderException>(() => TeamAccessRenderer.Render("payments", longest + "a", [])).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gantry-system")]
    [InlineData("kube-system")]
    [InlineData("default")]
    public void GantrysOwnOrTheClustersNamespaces_AreNeverGivenToATeam(string ns)
    {
        var error = Assert.Throws<RenderException>(() => TeamAccessRenderer.Render("payments", "prod", ["checkout-prod", ns]));

        Assert.Equal($"namespaces: '{ns}' is reserved; a team is given only its apps' namespaces", error.Message);
    }

    [Fact]
    public void ANamespaceThatIsNotADnsLabel_IsRefusedNamingTheField()
    {
        var error = Assert.Throws<RenderException>(() => TeamAccessRenderer.Render("payments", "prod", ["Checkout-Prod"]));

        Assert.StartsWith("namespaces: 'Checkout-Prod' is not a DNS-1123 label", error.Message, StringComparison.Ordinal);
    }
}
