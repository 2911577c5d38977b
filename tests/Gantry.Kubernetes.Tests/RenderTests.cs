using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using k8s;
using k8s.Models;

namespace Gantry.Kubernetes.Tests;

public sealed class RenderTests
{
    // Every kind the renderer writes; a kind missing here fails the strict load below.
    private static readonly Dictionary<string, Type> Kinds = new()
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/ConfigMap"] = typeof(V1ConfigMap),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["v1/Service"] = typeof(V1Service),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["v1/PersistentVolumeClaim"] = typeof(V1PersistentVolumeClaim),
        [$"{HttpRoute.RouteApiVersion}/{HttpRoute.RouteKind}"] = typeof(HttpRoute),
    };

    public static TheoryData<string, string> Apps => new()
    {
        { Path.Combine(RepositoryRoot(), "samples", "hello"), "gantry.yaml" },
        { Path.Combine(AppContext.BaseDirectory, "Apps", "shop"), "gantry.yaml" },
    };

    [Theory]
    [MemberData(nameof(Apps))]
    public void TheRenderedManifests_MatchTheirSnapshot_AndLoadStrictly(string folder, string entry)
    {
        var app = Load(folder, entry);
        var yaml = ManifestRenderer.ToYaml(ManifestRenderer.Render(app, new RenderOptions()));

        var loaded = KubernetesYaml.LoadAllFromString(yaml, Kinds, strict: true);
        Assert.NotEmpty(loaded);
        Assert.Equal(yaml, ManifestRenderer.ToYaml(ManifestRenderer.Render(Load(folder, entry), new RenderOptions())));
        Snapshot.Match($"{app.Name}.yaml", yaml);
    }

    [Fact]
    public void TheShopApp_RendersItsWorkloadsRoutesBudgetAndVolume()
    {
        var objects = ManifestRenderer.Render(Load(Path.Combine(AppContext.BaseDirectory, "Apps", "shop"), "gantry.yaml"), new RenderOptions(Environment: "staging"));

        var ns = Assert.IsType<V1Namespace>(objects[0]);
        Assert.Equal("shop-staging", ns.Metadata.Name);
        var api = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "api");
        Assert.Equal(3, api.Spec.Replicas);
        Assert.Equal("0", api.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal(90, api.Spec.ProgressDeadlineSeconds);
        var container = Assert.Single(api.Spec.Template.Spec.Containers);
        Assert.Equal("ghcr.io/example/shop-api:1.4.2", container.Image);
        Assert.Equal("/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("api-app-env", container.EnvFrom.Single().ConfigMapRef.Name);
        Assert.Equal("api", api.Metadata.Labels["app.kubernetes.io/name"]);
        Assert.Equal("shop", api.Metadata.Labels["app.kubernetes.io/part-of"]);

        Assert.Single(objects.OfType<V1PodDisruptionBudget>(), p => p.Metadata.Name == "api");
        Assert.DoesNotContain(objects.OfType<V1PodDisruptionBudget>(), p => p.Metadata.Name == "db");
        var claim = Assert.Single(objects.OfType<V1PersistentVolumeClaim>());
        var db = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "db");
        Assert.Equal(claim.Metadata.Name, db.Spec.Template.Spec.Volumes.Single().PersistentVolumeClaim.ClaimName);

        var routes = objects.OfType<HttpRoute>().ToList();
        Assert.Equal(["api-admin", "api-web"], routes.Select(r => r.Metadata.Name));
        Assert.Equal("/admin", routes[0].Spec.Rules.Single().Matches.Single().Path.Value);
        Assert.Equal("gantry", routes[0].Spec.ParentRefs.Single().Name);
        Assert.Equal(80, routes[0].Spec.Rules.Single().BackendRefs.Single().Port);
    }

    [Fact]
    public void AnImageBuiltFromSource_IsNamedAfterTheRegistryAppAndWorkload()
    {
        var objects = ManifestRenderer.Render(Load(Path.Combine(RepositoryRoot(), "samples", "hello"), "gantry.yaml"),
            new RenderOptions(ImageRegistry: "ghcr.io/acme", ImageTag: "r7"));

        var container = objects.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single();
        Assert.Equal("ghcr.io/acme/hello-web:r7", container.Image);
    }

    private static AppSpec Load(string folder, string entry)
    {
        var result = AppLoader.Load(new DirectoryAppFiles(folder), entry);
        Assert.True(result.App is not null, string.Join("\n", result.Errors));
        return result.App!;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Gantry.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("the tests do not run from inside the repository");
    }
}
