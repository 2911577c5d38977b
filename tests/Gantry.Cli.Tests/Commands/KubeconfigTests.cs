using System.Text;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// 'gantry kubeconfig --team T --env E' with the real binary against a FAKE Kubernetes API server on 127.0.0.1 (no
/// cluster runs here; the fake fills a ServiceAccount token Secret as a cluster's token controller would): a team's
/// deployer gets a kubeconfig for the team's namespaces only, after Gantry applied its ServiceAccount, Role and RoleBinding.
/// </summary>
public sealed class KubeconfigTests() : RunningGantryTest("gantry-kubeconfig")
{
    private const string Password = "a long enough password";

    [Fact]
    public async Task ATeamsDeployer_GetsAKubeconfigForTheTeamsNamespaces_OnAFakeApiServer()
    {
        await using var cluster = await FakeKubernetesApiServer.StartAsync();
        await Succeeds("targets", "add", "cluster", "--kubernetes", "--kubeconfig", cluster.WriteKubeconfig(Temp.Combine("kubeconfig.yaml")), "--context", "fake");
        await Succeeds("envs", "set", "prod", "--target", "cluster");
        Assert.Equal(0, (await Gantry.RunAsync("deploy", "-f", new NodeApp(Name: "shop").WriteTo(Temp.Combine("shop")), "--wait")).ExitCode);
        await Succeeds("teams", "create", "web");
        await Succeeds("teams", "create", "data");
        await Succeeds("teams", "own", "web", "shop");
        var ana = await UserAsync("ana", "deployer", "web");
        var vic = await UserAsync("vic", "viewer", "web");
        var dee = await UserAsync("dee", "deployer", "data");

        var file = Temp.Combine("web-prod.yaml");
        var issued = await CliRunner.RunAsync(ana, "kubeconfig", "--team", "web", "--env", "prod", "-o", file);
        Assert.True(issued.ExitCode == 0, issued.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var config = k8s.KubernetesClientConfiguration.BuildConfigFromConfigFile(new MemoryStream(Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(file))));
        Assert.Equal(cluster.Url, new Uri(config.Host));
        Assert.Equal("shop-prod", config.Namespace);
        Assert.StartsWith("fake-token.gantry-team-web-prod.", config.AccessToken, StringComparison.Ordinal);

        // What it carries was applied first: the ServiceAccount, and the Role and its binding in the team's app's namespace.
        Assert.True(cluster.Has("/api/v1/namespaces/gantry-system/serviceaccounts/gantry-team-web-prod"));
        var role = cluster.Get("/apis/rbac.authorization.k8s.io/v1/namespaces/shop-prod/roles/gantry-team-web");
        Assert.NotNull(role);
        Assert.DoesNotContain("\"*\"", role!.ToJsonString(), StringComparison.Ordinal);
        var binding = cluster.Get("/apis/rbac.authorization.k8s.io/v1/namespaces/shop-prod/rolebindings/gantry-team-web");
        Assert.Equal("gantry-team-web-prod", binding!["subjects"]![0]!["name"]!.GetValue<string>());

        // A viewer of the team, a deployer of another team, and an environment without a cluster are refused.
        var viewer = await CliRunner.RunAsync(vic, "kubeconfig", "--team", "web", "--env", "prod");
        Assert.NotEqual(0, viewer.ExitCode);
        Assert.Contains("that takes the deployer role", viewer.Stderr, StringComparison.Ordinal);
        var other = await CliRunner.RunAsync(dee, "kubeconfig", "--team", "web", "--env", "prod");
        Assert.NotEqual(0, other.ExitCode);
        Assert.Contains("may not get team 'web''s cluster credentials", other.Stderr, StringComparison.Ordinal);
        var local = await CliRunner.RunAsync(ana, "kubeconfig", "--team", "web", "--env", "local");
        Assert.NotEqual(0, local.ExitCode);
        Assert.Contains("environment: 'local' runs on this machine", local.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Adds a user in a team and signs them in with a config folder of their own; answers their CLI environment.</summary>
    private async Task<Dictionary<string, string>> UserAsync(string name, string role, string team)
    {
        var added = await CliRunner.RunWithInputAsync(Gantry.Environment, Password + "\n", "users", "add", name, "--role", role, "--team", team, "--password-stdin");
        Assert.True(added.ExitCode == 0, added.ToString());
        var environment = new Dictionary<string, string>
        {
            ["GANTRY_SERVER"] = Gantry.Environment["GANTRY_SERVER"],
            ["GANTRY_DATA"] = Temp.Combine("no-data"),
            ["GANTRY_CONFIG"] = Temp.Combine($"{name}-config"),
        };
        var login = await CliRunner.RunWithInputAsync(environment, Password + "\n", "login", "--user", name, "--password-stdin");
        Assert.True(login.ExitCode == 0, login.ToString());
        return environment;
    }

    private async Task Succeeds(params string[] args)
    {
        var result = await Gantry.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"gantry {string.Join(' ', args)}: {result}");
    }
}
