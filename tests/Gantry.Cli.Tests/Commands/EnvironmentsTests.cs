using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Gateway.Policies;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// Environments end to end with the real binary: an app serving on this machine is promoted to a GitOps repository
/// (a real local bare repository) and from there to a cluster — a FAKE Kubernetes API server on 127.0.0.1, since no
/// cluster runs here — with the same release spec.
/// </summary>
public sealed class EnvironmentsTests() : RunningGantryTest("gantry-envs")
{
    [Fact]
    public async Task AnAppPromotedFromLocal_ToAGitOpsRepo_ThenToAFakeApiServerCluster_CarriesTheSameSpec()
    {
        await using var cluster = await FakeKubernetesApiServer.StartAsync();
        var kubeconfig = cluster.WriteKubeconfig(Temp.Combine("kubeconfig.yaml"));
        var repository = Temp.Combine("config.git");
        GitCli.Run(Temp.Path, "init", "--quiet", "--bare", "--initial-branch=main", repository);
        var app = new NodeApp(Name: "echo", Greeting: "from-local").WriteTo(Temp.Combine("echo"));
        await File.AppendAllTextAsync(app, "\n    routes:\n      route:\n        auth: { apiKeys: true }\n");
        Assert.Equal(0, (await Gantry.RunAsync("deploy", "-f", app, "--wait")).ExitCode);
        using var created = JsonDocument.Parse((await Succeeds("keys", "create", "echo", "ci", "--json")).Stdout);
        var key = created.RootElement.GetProperty("key").GetString()!;

        await Succeeds("targets", "add", "config", "--gitops", repository);
        await Succeeds("targets", "add", "cluster", "--kubernetes", "--kubeconfig", kubeconfig, "--context", "fake", "--gateway", "edge/public", "--domain", "apps.example.com");
        await Succeeds("envs", "set", "staging", "--target", "config");
        await Succeeds("envs", "set", "prod", "--target", "cluster");

        var staging = await Succeeds("promote", "echo", "--from", "local", "--to", "staging");
        Assert.Contains("staging release 1 succeeded", staging.Stdout);
        Assert.Contains("committed", staging.Stdout);
        Assert.Equal("echo staging: release 1", GitCli.Run(repository, "log", "-1", "--format=%s", "main").Trim());
        var files = GitCli.Run(repository, "ls-tree", "-r", "--name-only", "main");
        Assert.Contains("apps/echo/staging/02-deployment-web.yaml", files);
        Assert.Contains("argocd/echo-staging.yaml", files);
        Assert.Contains("GREETING: from-local", GitCli.Run(repository, "show", "main:apps/echo/staging/01-configmap-web-main-env.yaml"));
        Assert.Matches(@"apps/echo/staging/\d\d-deployment-gantry-gateway\.yaml", files);
        Assert.DoesNotContain("-secret-", files); // Secrets, the gateway's with its key hashes included, stay out of Git

        var unchanged = await Succeeds("promote", "echo", "--from", "local", "--to", "staging");
        Assert.Contains("nothing committed", unchanged.Stdout);
        Assert.Single(GitCli.Run(repository, "log", "--format=%s", "main").Trim().Split('\n'));

        var prod = await Succeeds("promote", "echo", "--from", "staging", "--to", "prod");
        Assert.Contains("prod release 1 succeeded", prod.Stdout);
        var patches = cluster.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal("/api/v1/namespaces/echo-prod", patches[0].Path);
        Assert.All(patches, p => Assert.Equal("gantry", p.Query["fieldManager"]));
        Assert.Contains("\"GREETING\":\"from-local\"", patches.Single(p => p.Path.EndsWith("/configmaps/web-main-env", StringComparison.Ordinal)).Body);
        var route = patches.Single(p => p.Path.EndsWith("/httproutes/web-route", StringComparison.Ordinal)).Body;
        Assert.Contains("\"name\":\"public\",\"namespace\":\"edge\"", route);
        Assert.Contains("\"hostnames\":[\"echo.apps.example.com\"]", route);
        Assert.Contains("\"backendRefs\":[{\"name\":\"gantry-gateway\",\"port\":80}]", route);
        var gatewayConfig = patches.Single(p => p.Path.EndsWith("/secrets/gantry-gateway-config", StringComparison.Ordinal)).Body;
        Assert.Contains(GatewayClients.Hash(key), gatewayConfig);
        Assert.DoesNotContain(key, gatewayConfig);
        Assert.DoesNotContain(key, string.Concat(cluster.Requests.Select(r => r.Body)));

        var history = await Succeeds("envs", "releases", "echo", "--json");
        using var releases = JsonDocument.Parse(history.Stdout);
        var origins = releases.RootElement.EnumerateArray().Select(r => $"{r.GetProperty("environment").GetString()} {r.GetProperty("number").GetInt32()} {r.GetProperty("origin").GetString()} {r.GetProperty("status").GetString()}").ToList();
        Assert.Equal(["prod 1 staging release 2 Succeeded", "staging 2 local release 1 Succeeded", "staging 1 local release 1 Succeeded"], origins);
    }

    [Fact]
    public async Task AnAppWithADatabase_PromotedToACluster_GetsTheClustersOwn_WithTheSamePasswordEveryRelease_AndBackHereThisMachinesAgain()
    {
        await using var cluster = await FakeKubernetesApiServer.StartAsync();
        var app = new NodeApp(Name: "shop").WriteTo(Temp.Combine("shop"));
        var score = Temp.Combine("shop", "score.yaml");
        await File.WriteAllTextAsync(score, (await File.ReadAllTextAsync(score)).Replace(
            "NEVER_READY: \"0\"", "NEVER_READY: \"0\"\n      DB_HOST: ${resources.db.host}\n      DB_PASSWORD: ${resources.db.password}", StringComparison.Ordinal)
            + "\n  db:\n    type: postgres\n");
        var deployed = await Gantry.RunAsync("deploy", "-f", app, "--wait", "--timeout", "5m");
        Assert.True(deployed.ExitCode == 0, deployed.ToString());
        using var shown = JsonDocument.Parse((await Succeeds("resources", "show", "shop", "db", "--reveal", "--json")).Stdout);
        var localPassword = shown.RootElement.GetProperty("outputs").GetProperty("password").GetString()!;

        await Succeeds("targets", "add", "cluster", "--kubernetes", "--kubeconfig", cluster.WriteKubeconfig(Temp.Combine("kubeconfig.yaml")), "--context", "fake");
        await Succeeds("envs", "set", "prod", "--target", "cluster");
        await Succeeds("promote", "shop", "--from", "local", "--to", "prod");
        var first = cluster.Requests.Count;
        await Succeeds("promote", "shop", "--from", "local", "--to", "prod");

        var requests = cluster.Requests.ToList();
        string Body(IEnumerable<RecordedRequest> part, string suffix) =>
            part.Last(r => r.Method == "PATCH" && r.Path.EndsWith(suffix, StringComparison.Ordinal)).Body;
        // The workload reads the cluster's server by its Service and the password from its Secret, not this machine's.
        var env = Body(requests, "/configmaps/web-main-env");
        Assert.DoesNotContain("127.0.0.1", env, StringComparison.Ordinal);
        Assert.Contains("\"DB_HOST\":\"web-db.shop-prod.svc\"", env, StringComparison.Ordinal);
        Assert.Contains("\"secretKeyRef\":{\"key\":\"password\",\"name\":\"web-db-credentials\"}", Body(requests, "/deployments/web"), StringComparison.Ordinal);
        Assert.Contains("/statefulsets/web-db", string.Concat(requests.Select(r => r.Path)), StringComparison.Ordinal);
        Assert.DoesNotContain(localPassword, string.Concat(requests.Select(r => r.Body)), StringComparison.Ordinal);
        Assert.Equal(Body(requests.Take(first), "/secrets/web-db-credentials"), Body(requests.Skip(first), "/secrets/web-db-credentials"));

        // Promoted back from the cluster: this machine's server again, not the cluster's Service or a stand-in.
        // (--json prints the new release as it ended, with its variables.)
        var detail = (await Succeeds("promote", "shop", "--from", "prod", "--to", "local", "--json")).Stdout;
        Assert.Contains("\"DB_HOST\": \"127.0.0.1\"", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("resources.db", detail, StringComparison.Ordinal);
        Assert.DoesNotContain("shop-prod.svc", detail, StringComparison.Ordinal);

        // The target says the cluster runs CloudNativePG: the database becomes its Cluster, reached on its -rw Service.
        var updated = await Succeeds("targets", "add", "cluster", "--kubernetes", "--kubeconfig", cluster.WriteKubeconfig(Temp.Combine("kubeconfig.yaml")), "--context", "fake", "--operator", "cloudnative-pg");
        Assert.Contains("operators cloudnative-pg", updated.Stdout, StringComparison.Ordinal);
        var before = cluster.Requests.Count;
        await Succeeds("promote", "shop", "--from", "local", "--to", "prod");
        var operatorRequests = cluster.Requests.Skip(before).ToList();
        Assert.Contains(operatorRequests, r => r.Method == "PATCH" && r.Path.StartsWith("/apis/postgresql.cnpg.io/v1/namespaces/shop-prod/clusters/web-db", StringComparison.Ordinal));
        Assert.Contains("\"DB_HOST\":\"web-db-rw.shop-prod.svc\"", Body(operatorRequests, "/configmaps/web-main-env"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MistakesAreRefused_NamingTheField_AndNothingIsStored()
    {
        var credentials = await Gantry.RunAsync("targets", "add", "config", "--gitops", "https://bot:ghp_s3cret@example.com/config.git");
        Assert.Equal(2, credentials.ExitCode);
        Assert.Contains("repository: the URL carries credentials", credentials.Stderr);
        Assert.DoesNotContain("ghp_s3cret", (await Gantry.RunAsync("targets", "list", "--json")).Stdout);

        var unknownTarget = await Gantry.RunAsync("envs", "set", "qa", "--target", "nowhere");
        Assert.Equal(2, unknownTarget.ExitCode);
        Assert.Contains("target: there is no target 'nowhere' (known: local)", unknownTarget.Stderr);

        var both = await Gantry.RunAsync("targets", "add", "x", "--kubernetes", "--gitops", "/tmp/x.git");
        Assert.Equal(2, both.ExitCode);

        var unknownOperator = await Gantry.RunAsync("targets", "add", "c", "--kubernetes", "--operator", "zalando");
        Assert.Equal(2, unknownOperator.ExitCode);
        Assert.Contains("operators: 'zalando' is not an operator Gantry renders for; known: cloudnative-pg, rabbitmq", unknownOperator.Stderr);

        var missingKubeconfig = await Gantry.RunAsync("targets", "add", "c", "--kubernetes", "--kubeconfig", Temp.Combine("nope.yaml"));
        Assert.Equal(2, missingKubeconfig.ExitCode);
        Assert.Contains("kubeconfig:", missingKubeconfig.Stderr);

        var noEnvironment = await Gantry.RunAsync("promote", "echo", "--from", "local", "--to", "prod");
        Assert.Contains("there is no environment 'prod'", noEnvironment.Stderr);
        Assert.NotEqual(0, noEnvironment.ExitCode);

        var list = await Succeeds("envs", "list", "--json");
        using var environments = JsonDocument.Parse(list.Stdout);
        Assert.Equal(["local"], environments.RootElement.EnumerateArray().Select(e => e.GetProperty("name").GetString()));
    }

    private async Task<CliResult> Succeeds(params string[] args)
    {
        var result = await Gantry.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"gantry {string.Join(' ', args)}: {result}");
        return result;
    }
}
