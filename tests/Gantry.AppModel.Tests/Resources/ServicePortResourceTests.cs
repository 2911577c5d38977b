using System.Collections.Immutable;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;

namespace Gantry.AppModel.Tests.Resources;

/// <summary>The <c>service-port</c> resource: another workload's service port, of the app or of another app, as score-compose reads it.</summary>
public sealed class ServicePortResourceTests
{
    private const string Api = """
        apiVersion: score.dev/v1b1
        metadata:
          name: api
        service:
          ports:
            web: { port: 80, targetPort: 8080 }
            grpc: { port: 9090 }
        containers:
          main:
            image: nginx
        """;

    private const string Gantry = """
        name: shop
        workloads:
          - score: api.yaml
          - score: web.yaml
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
        {{parameters}}
        """;

    private static AppLoadResult Load(string parameters, IServiceAddresses? addresses, string api = Api) =>
        AppLoader.Load(
            new InMemoryAppFiles(new Dictionary<string, string> { ["gantry.yaml"] = Gantry, ["api.yaml"] = api, ["web.yaml"] = Web(parameters) }),
            "gantry.yaml",
            AppLoadOptions.Local with { ServiceAddresses = addresses });

    private static string Api_(AppLoadResult result) => result.App!.Workloads.Single(w => w.Name == "web").Containers[0].Variables["API"];

    [Theory]
    [InlineData("    params: { workload: api, port: web }")]
    [InlineData("    params: { workload: api, port: 80 }")]
    public void AWorkloadOfTheApp_ByPortNameOrNumber_IsWhereThePlatformSaysItAnswers(string parameters)
    {
        var addresses = new KnownAddresses();

        var result = Load(parameters, addresses);

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal("http://api.shop.test:8080", Api_(result));
        Assert.NotEmpty(addresses.Asked);
        Assert.All(addresses.Asked, asked => Assert.Equal(("shop", "shop", "api", "web"), asked));
        Assert.Equal(new ServiceLink("shop", "api", "web"), Assert.Single(result.App.ServiceLinks));
        Assert.DoesNotContain("API", result.App.Workloads.Single(w => w.Name == "web").Containers[0].SecretVariables);
    }

    [Fact]
    public void WithoutThePlatform_TheOutputsStandInAsTheirPlaceholders_AndTheLinkIsStillKnown()
    {
        var result = Load("    params: { workload: api, port: web }", addresses: null);

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal("http://${resources.api.hostname}:${resources.api.port}", Api_(result));
        Assert.Equal(new ServiceLink("shop", "api", "web"), Assert.Single(result.App.ServiceLinks));
    }

    [Fact]
    public void AnotherAppsWorkload_IsCheckedAgainstThePortsItIsDeployedWith()
    {
        var addresses = new KnownAddresses { Deployed = { [("billing", "invoices")] = [new PortSpec("http", 80, 5000, "TCP")] } };

        var result = Load("    params: { app: billing, workload: invoices, port: http }", addresses);

        Assert.True(result.Succeeded, TestApp.Describe(result));
        Assert.Equal("http://invoices.billing.test:5000", Api_(result));
        Assert.Equal(new ServiceLink("billing", "invoices", "http"), Assert.Single(result.App.ServiceLinks));
    }

    [Theory]
    [InlineData("", "web.yaml:11:5: resources.api.params.workload",
        "a service-port resource needs params with 'workload' (the workload to call) and 'port' (the name of its service port)")]
    [InlineData("    params: { workload: apii, port: web }", "web.yaml:12:25: resources.api.params.workload",
        "app 'shop' has no workload 'apii' (its workloads: api, web); did you mean 'api'?")]
    [InlineData("    params: { workload: api, port: http }", "web.yaml:12:36: resources.api.params.port",
        "workload 'api' of app 'shop' has no service port 'http' (its ports: web (80), grpc (9090))")]
    [InlineData("    params: { workload: api }", "web.yaml:12:13: resources.api.params.port", "missing required field 'port'")]
    [InlineData("    params: { workload: api, port: web, protocol: tcp }", "web.yaml:12:41: resources.api.params.protocol", "unknown field 'protocol'")]
    [InlineData("    params: { app: billing, workload: invoices, port: http }", "web.yaml:12:39: resources.api.params.workload",
        "app 'billing' has no workload 'invoices' deployed here")]
    public void AWrongServicePort_IsAnErrorAtItsParam(string parameters, string location, string message)
    {
        var result = Load(parameters, new KnownAddresses());

        var error = Assert.Single(result.Errors).ToString();
        Assert.StartsWith(location, error);
        Assert.Contains(message, error);
    }

    [Fact]
    public void AWorkloadWithoutPorts_HasNothingToCall()
    {
        var result = Load("    params: { workload: api, port: web }", new KnownAddresses(), api: TestApp.Web.Replace("name: web", "name: api"));

        Assert.Contains(result.Errors, e => e.ToString().Contains("workload 'api' of app 'shop' declares no service.ports to call", StringComparison.Ordinal));
    }

    [Fact]
    public void AnOutputItDoesNotHave_IsAnErrorListingItsOutputs()
    {
        var files = new Dictionary<string, string>
        {
            ["gantry.yaml"] = Gantry,
            ["api.yaml"] = Api,
            ["web.yaml"] = Web("    params: { workload: api, port: web }").Replace("${resources.api.port}", "${resources.api.url}"),
        };

        var result = AppLoader.Load(new InMemoryAppFiles(files), "gantry.yaml", AppLoadOptions.Local with { ServiceAddresses = new KnownAddresses() });

        Assert.Contains("unknown output 'url' of resource 'api' (type service-port; outputs: hostname, port)", Assert.Single(result.Errors).ToString());
    }

    /// <summary>Addresses as a platform would give them (<c>WORKLOAD.APP.test</c>, the target port), recording what was asked.</summary>
    private sealed class KnownAddresses : IServiceAddresses
    {
        public Dictionary<(string App, string Workload), ImmutableArray<PortSpec>> Deployed { get; } = [];

        public List<(string From, string App, string Workload, string Port)> Asked { get; } = [];

        public ImmutableArray<PortSpec>? PortsOf(string app, string workload) => Deployed.TryGetValue((app, workload), out var ports) ? ports : null;

        public ServiceAddress AddressOf(string from, string app, string workload, PortSpec port)
        {
            Asked.Add((from, app, workload, port.Name));
            return new ServiceAddress($"{workload}.{app}.test", port.TargetPort);
        }
    }
}
