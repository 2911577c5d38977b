using System.Text;
using Gantry.AppModel.Loading;
using Gantry.Gateway.Config;
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
        ["v1/Secret"] = typeof(V1Secret),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["apps/v1/StatefulSet"] = typeof(V1StatefulSet),
        ["batch/v1/CronJob"] = typeof(V1CronJob),
        ["v1/Service"] = typeof(V1Service),
        ["autoscaling/v2/HorizontalPodAutoscaler"] = typeof(V2HorizontalPodAutoscaler),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["v1/PersistentVolumeClaim"] = typeof(V1PersistentVolumeClaim),
        [$"{HttpRoute.RouteApiVersion}/{HttpRoute.RouteKind}"] = typeof(HttpRoute),
    };

    public static TheoryData<string, string> Apps => TestApps.All;

    [Theory]
    [MemberData(nameof(Apps))]
    public void TheRenderedManifests_MatchTheirSnapshot_AndLoadStrictly(string folder, string entry)
    {
        var yaml = ManifestRenderer.ToYaml(TestApps.Render(folder, entry));

        var loaded = KubernetesYaml.LoadAllFromString(yaml, Kinds, strict: true);
        Assert.NotEmpty(loaded);
        Assert.Equal(yaml, ManifestRenderer.ToYaml(TestApps.Render(folder, entry)));
        Snapshot.Match($"{TestApps.Load(folder, entry).Name}.yaml", yaml);
    }

    [Fact]
    public void TheShopApp_RendersItsWorkloadsRoutesAutoscalerBudgetAndVolume()
    {
        var objects = TestApps.Render(TestApps.Shop, "gantry.yaml", new RenderOptions(Environment: "staging"));

        var ns = Assert.IsType<V1Namespace>(objects[0]);
        Assert.Equal("shop-staging", ns.Metadata.Name);
        var api = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "api");
        Assert.Null(api.Spec.Replicas); // the autoscaler owns the count
        Assert.Equal("0", api.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
        Assert.Equal(90, api.Spec.ProgressDeadlineSeconds);
        var container = Assert.Single(api.Spec.Template.Spec.Containers);
        Assert.Equal("ghcr.io/example/shop-api:1.4.2", container.Image);
        Assert.Equal("/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("api-app-env", container.EnvFrom.Single().ConfigMapRef.Name);
        Assert.Equal("api", api.Metadata.Labels["app.kubernetes.io/name"]);
        Assert.Equal("shop", api.Metadata.Labels["app.kubernetes.io/part-of"]);

        var hpa = Assert.Single(objects.OfType<V2HorizontalPodAutoscaler>());
        Assert.Equal(("Deployment", "api"), (hpa.Spec.ScaleTargetRef.Kind, hpa.Spec.ScaleTargetRef.Name));
        Assert.Equal((2, 10), (hpa.Spec.MinReplicas, hpa.Spec.MaxReplicas));
        Assert.Equal(70, hpa.Spec.Metrics.Single().Resource.Target.AverageUtilization);

        Assert.Single(objects.OfType<V1PodDisruptionBudget>(), p => p.Metadata.Name == "api");
        Assert.DoesNotContain(objects.OfType<V1PodDisruptionBudget>(), p => p.Metadata.Name == "db");
        var claim = Assert.Single(objects.OfType<V1PersistentVolumeClaim>());
        var db = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "db");
        Assert.Equal(1, db.Spec.Replicas);
        Assert.Equal(claim.Metadata.Name, db.Spec.Template.Spec.Volumes.Single().PersistentVolumeClaim.ClaimName);

        var routes = objects.OfType<HttpRoute>().ToList();
        Assert.Equal(["api-admin", "api-web"], routes.Select(r => r.Metadata.Name));
        Assert.Equal("/admin", routes[0].Spec.Rules.Single().Matches.Single().Path.Value);
        Assert.Equal("gantry", routes[0].Spec.ParentRefs.Single().Name);
        Assert.Equal(80, routes[0].Spec.Rules.Single().BackendRefs.Single().Port);
    }

    [Fact]
    public void SecretValues_GoToASecret_NeverToAConfigMap_AndCanBeLeftOut()
    {
        var objects = TestApps.Render(TestApps.Shop, "gantry.yaml");

        var secret = Assert.Single(objects.OfType<V1Secret>(), s => s.Metadata.Name != "gantry-gateway-config");
        Assert.Equal("db-postgres-secret", secret.Metadata.Name);
        Assert.DoesNotContain("pg-s3cret-value", objects.OfType<V1Secret>().Single(s => s.Metadata.Name == "gantry-gateway-config").StringData["snapshot.json"]);
        Assert.Equal("pg-s3cret-value", secret.StringData["POSTGRES_PASSWORD"]);
        Assert.DoesNotContain(objects.OfType<V1ConfigMap>(), c => c.Data?.ContainsKey("POSTGRES_PASSWORD") == true);
        Assert.DoesNotContain("pg-s3cret-value", ManifestRenderer.ToYaml(objects.Where(o => o is not V1Secret)));
        var postgres = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "db").Spec.Template.Spec.Containers.Single();
        Assert.Equal("db-postgres-secret", postgres.EnvFrom.Single().SecretRef.Name);

        var withoutSecrets = TestApps.Render(TestApps.Shop, "gantry.yaml", new RenderOptions(IncludeSecretValues: false));
        Assert.Empty(withoutSecrets.OfType<V1Secret>());
        Assert.DoesNotContain("pg-s3cret-value", ManifestRenderer.ToYaml(withoutSecrets));
        Assert.Equal("db-postgres-secret", withoutSecrets.OfType<V1Deployment>().Single(d => d.Metadata.Name == "db").Spec.Template.Spec.Containers.Single().EnvFrom.Single().SecretRef.Name);
    }

    [Fact]
    public void ScoresFullExample_MountsItsFilesWithModes_ItsExistingClaimsWithSubPaths_AndLeavesUnknownResourcesToTheCluster()
    {
        var objects = TestApps.Render(TestApps.ScoreFull, "score.yaml");

        var files = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name.EndsWith("-files", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllText(Path.Combine(TestApps.ScoreFull, "file.txt")), files.Data["my-file"]);
        Assert.Equal("some multiline\ncontent\n", files.Data["my-other-file"]);
        Assert.Equal(Convert.FromBase64String("ADBgwpA="), files.BinaryData["my-other-binaryfile"]);
        var pod = objects.OfType<V1Deployment>().Single().Spec.Template.Spec;
        var filesVolume = pod.Volumes.Single(v => v.ConfigMap is not null);
        Assert.Equal(0x180, filesVolume.ConfigMap.Items.Single(i => i.Key == "my-file").Mode); // 0600
        var one = pod.Containers.Single(c => c.Name == "container-one1");
        Assert.Contains(one.VolumeMounts, m => m.MountPath == "/my/other/file" && m.SubPath == "my-other-file" && m.ReadOnlyProperty == true);
        Assert.Contains(one.VolumeMounts, m => m.MountPath == "/mnt/something" && m.Name == "volume-name" && m.SubPath == "sub/path");

        // volume-name and volume-two are existing claims: mounted, not created.
        Assert.Empty(objects.OfType<V1PersistentVolumeClaim>());
        Assert.Equal(["volume-name", "volume-two"], pod.Volumes.Where(v => v.PersistentVolumeClaim is not null).Select(v => v.PersistentVolumeClaim.ClaimName));
        Assert.Equal("registry.local/example-workload-name123-example-workload-name123:latest", pod.Containers.Single(c => c.Name == "container-two2").Image);
    }

    [Fact]
    public void OnOneMachine_UnknownResourceTypesAndForeignVolumeSourcesAreStillRefused()
    {
        var result = AppLoader.Load(new DirectoryAppFiles(TestApps.ScoreFull), "score.yaml");

        Assert.Null(result.App);
        Assert.Contains(result.Errors, e => e.Message.Contains("resource type 'Resource-One' has no provisioner", StringComparison.Ordinal));
        Assert.Contains(result.Errors, e => e.Message.Contains("volume source 'volume-name' is not a volume resource", StringComparison.Ordinal));
    }

    [Fact]
    public void RoutePolicies_SendTheAppsRoutesThroughGantrysGatewayInTheCluster_WithItsSnapshotInASecret()
    {
        var clients = new AppClientsConfig("shop", [new ApiKeyConfig("k1", "mobile", "c2hhMjU2LWhhc2g=", ["member"])], ["k9"], [], []);
        var objects = TestApps.Render(TestApps.Shop, "gantry.yaml", new RenderOptions(ImageRegistry: "ghcr.io/acme", ImageTag: "2.0") { GatewayClients = clients });

        Assert.All(objects.OfType<HttpRoute>(), r => Assert.Equal(("gantry-gateway", 80), (r.Spec.Rules.Single().BackendRefs.Single().Name, r.Spec.Rules.Single().BackendRefs.Single().Port)));
        var gateway = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "gantry-gateway");
        var pod = gateway.Spec.Template.Spec;
        var container = pod.Containers.Single();
        Assert.Equal("ghcr.io/acme/gantry-gateway:2.0", container.Image);
        Assert.Null(container.Command); // the image's entrypoint: gantry-gateway
        Assert.Equal(["--listen", "0.0.0.0:8080", "--health", "0.0.0.0:9901", "--state", "/var/lib/gantry-gateway", "--snapshot", "/etc/gantry-gateway/snapshot.json"], container.Args);
        Assert.Equal(("/healthz/ready", "9901"), (container.ReadinessProbe.HttpGet.Path, container.ReadinessProbe.HttpGet.Port.Value));
        Assert.Equal(("/healthz/live", "9901"), (container.LivenessProbe.HttpGet.Path, container.LivenessProbe.HttpGet.Port.Value));
        Assert.Equal("gantry-gateway-config", pod.Volumes.Single(v => v.Name == "config").Secret.SecretName);
        Assert.NotNull(pod.Volumes.Single(v => v.Name == "state").EmptyDir);
        Assert.Equal(
            [("config", "/etc/gantry-gateway", true), ("state", "/var/lib/gantry-gateway", false)],
            container.VolumeMounts.Select(m => (m.Name, m.MountPath, m.ReadOnlyProperty ?? false)));
        Assert.Equal("8080", objects.OfType<V1Service>().Single(s => s.Metadata.Name == "gantry-gateway").Spec.Ports.Single().TargetPort.Value);

        // The gateway's own contract: the routes to the workloads' Services, their policies, the app's keys (hashes) and blocks.
        var snapshot = GatewayConfigJson.Deserialize(Encoding.UTF8.GetBytes(GatewaySnapshotJson(objects)));
        var admin = snapshot.Routes.Single(r => r.RouteName == "admin");
        Assert.Equal(("shop", "api"), (admin.App, admin.Workload));
        Assert.Equal("http://api:80", admin.Destinations.Single().Address); // the Service's port
        Assert.Equal(60, admin.Policy!.RateLimit!.Default.PerMinute);
        var carried = snapshot.Clients.Single();
        Assert.Equal(("shop", "c2hhMjU2LWhhc2g=", "k9"), (carried.App, carried.Keys.Single().Sha256, carried.BlockedKeyIds.Single()));
        var again = TestApps.Render(TestApps.Shop, "gantry.yaml", new RenderOptions(ImageRegistry: "ghcr.io/acme", ImageTag: "2.0") { GatewayClients = clients });
        Assert.Equal(GatewaySnapshotJson(objects), GatewaySnapshotJson(again)); // the same render, the same file: nothing to commit

        // Without policies the routes go straight to the workloads.
        var hello = TestApps.Render(TestApps.Hello, "gantry.yaml");
        Assert.Equal("web", hello.OfType<HttpRoute>().Single().Spec.Rules.Single().BackendRefs.Single().Name);
        Assert.DoesNotContain(hello.OfType<V1Deployment>(), d => d.Metadata.Name == "gantry-gateway");
    }

    private static string GatewaySnapshotJson(IReadOnlyList<object> objects) =>
        objects.OfType<V1Secret>().Single(s => s.Metadata.Name == "gantry-gateway-config").StringData["snapshot.json"];

    [Fact]
    public void HostsPickedForOneMachine_MoveUnderTheTargetsDomain_ChosenHostsStay()
    {
        var hello = TestApps.Render(TestApps.Hello, "gantry.yaml", new RenderOptions { Domain = "apps.example.com" });
        var shop = TestApps.Render(TestApps.Shop, "gantry.yaml", new RenderOptions { Domain = "apps.example.com" });

        Assert.Equal(["hello.apps.example.com"], hello.OfType<HttpRoute>().Single().Spec.Hostnames);
        Assert.All(shop.OfType<HttpRoute>(), r => Assert.Equal(["shop.example.com"], r.Spec.Hostnames));
    }

    [Fact]
    public void AnImageBuiltFromSource_IsNamedAfterTheRegistryAppAndWorkload()
    {
        var objects = TestApps.Render(TestApps.Hello, "gantry.yaml", new RenderOptions(ImageRegistry: "ghcr.io/acme", ImageTag: "r7"));

        var container = objects.OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single();
        Assert.Equal("ghcr.io/acme/hello-web:r7", container.Image);
    }
}
