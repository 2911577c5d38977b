using Gantry.Kubernetes.Apply;
using Gantry.Testing;
using k8s.Models;

namespace Gantry.Kubernetes.Tests;

/// <summary>
/// Direct apply through KubernetesClient against a FAKE API server on 127.0.0.1 (no cluster runs here): what Gantry
/// sends (server-side apply, order, pruning, rollback) is real; the server's answers are scripted.
/// </summary>
public sealed class ClusterDeployerFakeApiServerTests : IAsyncLifetime
{
    private const string Ns = "shop-prod";
    private const string ApiDeployment = "/apis/apps/v1/namespaces/shop-prod/deployments/api";
    private FakeKubernetesApiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeKubernetesApiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ARelease_IsServerSideAppliedInDependencyOrder_AsFieldManagerGantryWithForce_ThenItsRolloutIsWatched_OnAFakeApiServer()
    {
        var progress = new List<string>();

        var result = await Deployer().DeployAsync(Release(1), null, autoRollback: false, new Collect(progress), CancellationToken.None);

        Assert.Equal(ClusterOutcome.Succeeded, result.Outcome);
        var patches = _server.Requests.Where(r => r.Method == "PATCH").ToList();
        Assert.Equal(Release(1).Objects.Count, patches.Count);
        Assert.All(patches, p =>
        {
            Assert.Equal("application/apply-patch+yaml", p.ContentType?.Split(';')[0]);
            Assert.Equal("gantry", p.Query["fieldManager"]);
            Assert.Equal("true", p.Query["force"]);
        });

        var kinds = patches.Select(p => p.Path.Split('/')[^2]).ToList();
        Assert.Equal("namespaces", kinds[0]);
        Assert.True(kinds.LastIndexOf("configmaps") < kinds.IndexOf("persistentvolumeclaims"), string.Join(",", kinds));
        Assert.True(kinds.LastIndexOf("secrets") < kinds.IndexOf("deployments"));
        Assert.True(kinds.LastIndexOf("services") < kinds.IndexOf("deployments"));
        Assert.True(kinds.LastIndexOf("deployments") < kinds.IndexOf("horizontalpodautoscalers"));
        Assert.Equal("httproutes", kinds[^1]);
        Assert.Equal("/api/v1/namespaces/shop-prod", patches[0].Path);
        Assert.Contains(patches, p => p.Path == "/apis/gateway.networking.k8s.io/v1/namespaces/shop-prod/httproutes/api-web");
        Assert.Contains("\"image\":\"ghcr.io/example/shop-api:1.4.2\"", patches.Single(p => p.Path == ApiDeployment).Body);

        // The watch read each Deployment until its controller had seen the generation and it was rolled out.
        Assert.True(_server.Requests.Count(r => r.Method == "GET" && r.Path == ApiDeployment) >= 2);
        Assert.Contains("deployment/api: waiting for the controller to see the new generation", progress);
        Assert.Contains(progress, p => p.StartsWith("deployment/db: ", StringComparison.Ordinal) && p.EndsWith("rolled out", StringComparison.Ordinal));
        Assert.Empty(result.Pruned);
    }

    [Fact]
    public async Task AStuckRollout_FailsWithTheControllersReason_AndWithAutomaticRollbackThePreviousReleaseIsAppliedAgain_OnAFakeApiServer()
    {
        await Deployer().DeployAsync(Release(1), null, autoRollback: true, null, CancellationToken.None);
        _server.Script("api", RolloutScript.NeverReadyWith("ghcr.io/example/shop-api:1.5.0"));

        var result = await Deployer().DeployAsync(Release(2, image: "ghcr.io/example/shop-api:1.5.0"), Release(1), autoRollback: true, null, CancellationToken.None);

        Assert.Equal(ClusterOutcome.RolledBack, result.Outcome);
        Assert.Contains("deployment/api: progress deadline exceeded (ReplicaSet \"api-7f9c\" has timed out progressing.)", result.Message);
        Assert.Contains("rolled back to release 1", result.Message);
        var apiPatches = _server.Requests.Where(r => r.Method == "PATCH" && r.Path == ApiDeployment).Select(r => r.Body).ToList();
        Assert.Equal(3, apiPatches.Count);
        Assert.Contains("shop-api:1.5.0", apiPatches[1]);
        Assert.Contains("shop-api:1.4.2", apiPatches[2]);
        Assert.Equal("ghcr.io/example/shop-api:1.4.2", _server.Get(ApiDeployment)!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task AStuckRollout_WithoutAutomaticRollback_FailsAndLeavesTheNewReleaseInPlace_OnAFakeApiServer()
    {
        await Deployer().DeployAsync(Release(1), null, autoRollback: false, null, CancellationToken.None);
        _server.Script("api", RolloutScript.NeverReadyWith("ghcr.io/example/shop-api:1.5.0"));

        var result = await Deployer().DeployAsync(Release(2, image: "ghcr.io/example/shop-api:1.5.0"), Release(1), autoRollback: false, null, CancellationToken.None);

        Assert.Equal(ClusterOutcome.Failed, result.Outcome);
        Assert.StartsWith("deployment/api: progress deadline exceeded", result.Message, StringComparison.Ordinal);
        Assert.Equal("ghcr.io/example/shop-api:1.5.0", _server.Get(ApiDeployment)!["spec"]!["template"]!["spec"]!["containers"]![0]!["image"]!.GetValue<string>());
    }

    [Fact]
    public async Task ObjectsTheNewReleaseNoLongerHas_ArePruned_ClaimsAndOtherAppsObjectsAreKept_OnAFakeApiServer()
    {
        await Deployer().DeployAsync(Release(1), null, autoRollback: false, null, CancellationToken.None);
        _server.Seed("/api/v1/namespaces/shop-prod/configmaps/someone-else", new()
        {
            ["apiVersion"] = "v1",
            ["kind"] = "ConfigMap",
            ["metadata"] = new System.Text.Json.Nodes.JsonObject { ["name"] = "someone-else", ["labels"] = new System.Text.Json.Nodes.JsonObject { ["app.kubernetes.io/part-of"] = "other" } },
        });
        var withoutDb = Release(1).Objects.Where(o => o is not IMetadata<V1ObjectMeta> m || !m.Metadata.Name.StartsWith("db", StringComparison.Ordinal)).ToList();

        var result = await Deployer().DeployAsync(Release(1) with { Number = 2, Objects = withoutDb }, null, autoRollback: false, null, CancellationToken.None);

        Assert.Equal(ClusterOutcome.Succeeded, result.Outcome);
        Assert.Equal(["deployment/db", "secret/db-postgres-secret", "service/db"], result.Pruned.Order());
        var deletes = _server.Requests.Where(r => r.Method == "DELETE").Select(r => r.Path).ToList();
        Assert.Contains("/apis/apps/v1/namespaces/shop-prod/deployments/db", deletes);
        Assert.DoesNotContain(deletes, d => d.Contains("persistentvolumeclaims", StringComparison.Ordinal));
        Assert.True(_server.Has("/api/v1/namespaces/shop-prod/persistentvolumeclaims/gantry-shop-data"));
        Assert.True(_server.Has("/api/v1/namespaces/shop-prod/configmaps/someone-else"));
        Assert.All(_server.Requests.Where(r => r.Method == "GET" && r.Query.ContainsKey("labelSelector")),
            r => Assert.Equal("app.kubernetes.io/part-of=shop,app.kubernetes.io/managed-by=gantry", r.Query["labelSelector"]));
    }

    [Fact]
    public async Task AnObjectTheServerRefuses_FailsTheReleaseNamingItAndTheServersMessage_OnAFakeApiServer()
    {
        _server.Refuse("/httproutes/api-web", 404, "the server could not find the requested resource");

        var result = await Deployer().DeployAsync(Release(1), null, autoRollback: false, null, CancellationToken.None);

        Assert.Equal(ClusterOutcome.Failed, result.Outcome);
        Assert.Equal("apply httproute/api-web: 404 the server could not find the requested resource", result.Message);
    }

    [Fact]
    public async Task AnApiServerThatDoesNotAnswer_IsReportedAsSuch()
    {
        var url = _server.Url;
        await _server.DisposeAsync();

        var result = await new ClusterDeployer(ClusterConnection.At(url), TimeSpan.FromMilliseconds(20))
            .DeployAsync(Release(1), null, autoRollback: false, null, CancellationToken.None);

        Assert.Equal(ClusterOutcome.Failed, result.Outcome);
        Assert.StartsWith("apply namespace/shop-prod: the API server did not answer", result.Message, StringComparison.Ordinal);
        _server = await FakeKubernetesApiServer.StartAsync();
    }

    private ClusterDeployer Deployer() => new(ClusterConnection.At(_server.Url), TimeSpan.FromMilliseconds(20));

    private static ClusterRelease Release(int number, string? image = null)
    {
        var objects = TestApps.Render(TestApps.Shop, "gantry.yaml");
        if (image is not null)
        {
            objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "api").Spec.Template.Spec.Containers[0].Image = image;
        }

        return new ClusterRelease("shop", number, Ns, objects, TimeSpan.FromSeconds(30));
    }

    private sealed class Collect(List<string> lines) : IProgress<string>
    {
        public void Report(string value)
        {
            lock (lines)
            {
                lines.Add(value);
            }
        }
    }
}
