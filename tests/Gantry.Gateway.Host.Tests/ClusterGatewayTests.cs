using System.Net;
using Gantry.AppModel.Loading;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;
using Gantry.Kubernetes;
using Gantry.Kubernetes.Resources;
using Gantry.Testing;
using k8s.Models;

namespace Gantry.Gateway.Host.Tests;

/// <summary>
/// The gateway a render puts in a cluster for route policies, run as the real <c>gantry-gateway</c> with the rendered
/// Deployment's arguments and Secret, in front of a real backend. Only what a cluster provides is stood in for: the
/// mounted paths are folders of the test, and the workloads' Service names resolve to the backend.
/// </summary>
public sealed class ClusterGatewayTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-cluster-gateway");
    private readonly HttpClient _http = new();
    private Backend _backend = null!;
    private GatewayProcessRunner? _gateway;

    public async Task InitializeAsync() =>
        _backend = await Backend.StartAsync(context => context.Response.WriteAsync($"backend saw {context.Request.Host.Host}{context.Request.Path}"));

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }

        await _backend.DisposeAsync();
        _http.Dispose();
        _temp.Dispose();
    }

    [Fact]
    public async Task TheRenderedPoliciesAreEnforced_InFrontOfTheWorkload_AndAnUpdatedSecretAppliesWithoutARestart()
    {
        var port = await StartAsync(Render("rateLimit: { client: ip, perMinute: 2 }"));

        // The limiter counts per clock minute: three requests that straddle one would see two windows.
        var left = 60 - DateTimeOffset.UtcNow.Second;
        if (left < 10)
        {
            await Task.Delay(TimeSpan.FromSeconds(left + 0.2));
        }

        Assert.Equal((HttpStatusCode.OK, "backend saw shop.example.com/admin/users"), await _http.GetAsync(port, "/admin/users", "shop.example.com"));
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(port, "/admin", "shop.example.com")).Status);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await _http.GetAsync(port, "/admin", "shop.example.com")).Status);

        // A new release's render, the mounted Secret updated in place: picked up while running.
        WriteSnapshot(Render("rateLimit: { client: ip, perMinute: 100 }"));
        await Eventually.UntilAsync(
            async () => (await _http.GetAsync(port, "/admin", "shop.example.com")).Status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "the raised limit to apply");

        // A broken file keeps what is served.
        await File.WriteAllTextAsync(SnapshotPath, "{ not json");
        await Eventually.UntilAsync(() => _gateway!.Output.Contains("cannot be used", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "the broken file to be noticed");
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(port, "/admin", "shop.example.com")).Status);
    }

    [Fact]
    public async Task TheAppsApiKeysAndBlocks_RenderedIntoTheSecret_AreEnforced()
    {
        var clients = new AppClientsConfig(
            "shop", [new ApiKeyConfig("k1", "mobile", GatewayClients.Hash("gk_good"), ["member"]), new ApiKeyConfig("k2", "old", GatewayClients.Hash("gk_blocked"), [])],
            ["k2"], [], []);
        var port = await StartAsync(Render("auth: { apiKeys: true }", clients));

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(port, "gk_good")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(port, null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(port, "gk_unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(port, "gk_blocked")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _http.GetAsync(_gateway!.HealthPort, "/healthz/ready")).Status);
    }

    private string SnapshotPath => _temp.Combine("etc", "snapshot.json");

    private async Task<int> StartAsync(IReadOnlyList<object> rendered)
    {
        WriteSnapshot(rendered);
        var container = rendered.OfType<V1Deployment>().Single(d => d.Metadata.Name == "gantry-gateway").Spec.Template.Spec.Containers.Single();
        var state = _temp.Combine("state");

        // The pod's addresses and mounts, as folders and loopback ports of the test.
        var args = container.Args.Select(a => a switch
        {
            "0.0.0.0:8080" or "0.0.0.0:9901" => "127.0.0.1:0",
            "/var/lib/gantry-gateway" => state,
            "/etc/gantry-gateway/snapshot.json" => SnapshotPath,
            _ => a,
        });
        _gateway = await GatewayProcessRunner.StartAsync(state, [.. args]);
        return _gateway.HttpPort;
    }

    /// <summary>The rendered Secret's snapshot, as the mounted file; the Service a route names is the backend here.</summary>
    private void WriteSnapshot(IReadOnlyList<object> rendered)
    {
        var json = rendered.OfType<V1Secret>().Single(s => s.Metadata.Name == "gantry-gateway-config").StringData["snapshot.json"];
        Directory.CreateDirectory(Path.GetDirectoryName(SnapshotPath)!);
        var temporary = SnapshotPath + ".tmp";
        File.WriteAllText(temporary, json.Replace("http://api:80", _backend.Address, StringComparison.Ordinal));
        File.Move(temporary, SnapshotPath, overwrite: true);
    }

    private async Task<HttpResponseMessage> SendAsync(int port, string? apiKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/admin");
        request.Headers.Host = "shop.example.com";
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        return await _http.SendAsync(request);
    }

    /// <summary>A one-workload app whose 'admin' route has the given policy, rendered for a cluster.</summary>
    private IReadOnlyList<object> Render(string policy, AppClientsConfig? clients = null)
    {
        var folder = _temp.Combine($"app-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "score.yaml"), """
            apiVersion: score.dev/v1b1
            metadata:
              name: api
            service:
              ports:
                http: { port: 80, targetPort: 8080 }
            containers:
              app:
                image: ghcr.io/example/shop-api:1.4.2
            resources:
              admin:
                type: route
                params: { host: shop.example.com, path: /admin, port: 80 }
            """);
        File.WriteAllText(Path.Combine(folder, "gantry.yaml"), $"name: shop\nworkloads:\n  - score: score.yaml\n    routes:\n      admin:\n        {policy}\n");
        var files = new DirectoryAppFiles(folder);
        var loaded = AppLoader.Load(files, "gantry.yaml", ClusterCatalog.LoadOptions);
        Assert.True(loaded.App is not null, string.Join("\n", loaded.Errors));
        return ManifestRenderer.Render(loaded.App!, new RenderOptions { GatewayClients = clients }, files);
    }
}
