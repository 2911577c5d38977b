using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.Kubernetes.Resources;
using k8s.Models;

namespace Gantry.Kubernetes.Tests;

/// <summary>service-port resources in a cluster: the called workload's Service, by its short name in the app's namespace or by NAME.NAMESPACE.svc from another app.</summary>
public sealed class ServicePortRenderTests
{
    private const string Api = """
        apiVersion: score.dev/v1b1
        metadata:
          name: api
        service:
          ports:
            web: { port: 80, targetPort: 8080 }
        containers:
          main:
            image: nginx
        """;

    private static string Web(string parameters) => $$"""
        apiVersion: score.dev/v1b1
        metadata:
          name: web
        containers:
          main:
            image: nginx
            variables:
              API: http://${resources.api.hostname}:${resources.api.port}
        resources:
          api:
            type: service-port
            params: {{parameters}}
        """;

    private static AppLoadResult Load(string parameters, AppLoadOptions options) => AppLoader.Load(
        new InMemoryAppFiles(new Dictionary<string, string>
        {
            ["gantry.yaml"] = "name: shop\nworkloads:\n  - score: api.yaml\n  - score: web.yaml\n",
            ["api.yaml"] = Api,
            ["web.yaml"] = Web(parameters),
        }),
        "gantry.yaml",
        options);

    private static string RenderedApi(AppSpec app, string environment)
    {
        var objects = ManifestRenderer.Render(app, new RenderOptions(environment), new InMemoryAppFiles(new Dictionary<string, string>()));
        return objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "web-main-env").Data["API"];
    }

    [Fact]
    public void AWorkloadOfTheApp_IsItsServiceByName_OnTheServicesPort_InEveryEnvironment()
    {
        var result = Load("{ workload: api, port: web }", ClusterCatalog.LoadOptionsFor("staging"));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("http://api:80", RenderedApi(result.App, "staging"));
        var objects = ManifestRenderer.Render(result.App, new RenderOptions("staging"), new InMemoryAppFiles(new Dictionary<string, string>()));
        var service = objects.OfType<V1Service>().Single(s => s.Metadata.Name == "api");
        Assert.Equal("shop-staging", service.Metadata.NamespaceProperty);
        Assert.Equal(80, service.Spec.Ports.Single(p => p.Name == "web").Port);
    }

    [Fact]
    public void AnotherAppsWorkload_IsItsServiceInThatAppsNamespace_WhenThePlatformKnowsIt()
    {
        var platform = new OneDeployedWorkload("billing", "invoices", new PortSpec("http", 8000, 5000, "TCP"));

        var result = Load("{ app: billing, workload: invoices, port: http }", ClusterCatalog.LoadOptionsFor("prod", platform));

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal("http://invoices.billing-prod.svc:8000", RenderedApi(result.App, "prod"));
    }

    [Fact]
    public void GantryRender_SeesOneApp_SoAnotherAppsWorkloadIsAnErrorThatSaysSo()
    {
        var result = Load("{ app: billing, workload: invoices, port: http }", ClusterCatalog.LoadOptionsFor("prod"));

        var error = Assert.Single(result.Errors).ToString();
        Assert.Contains("app 'billing' has no workload 'invoices' deployed here", error);
        Assert.Contains("gantry render sees one app, a promotion sees them all", error);
    }

    private sealed class OneDeployedWorkload(string app, string workload, PortSpec port) : IServiceAddresses
    {
        public ImmutableArray<PortSpec>? PortsOf(string a, string w) => a == app && w == workload ? [port] : null;

        public ServiceAddress AddressOf(string from, string a, string w, PortSpec p) => throw new InvalidOperationException("a cluster's addresses come from its Services");
    }
}
