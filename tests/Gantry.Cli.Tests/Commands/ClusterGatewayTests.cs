using System.Diagnostics;
using System.Net;
using Gantry.AppModel.Loading;
using Gantry.AppModel.Spec;
using Gantry.Cli.Tests.Support;
using Gantry.ControlPlane.Clients;
using Gantry.Gateway.Config;
using Gantry.Gateway.Policies;
using Gantry.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// <c>gantry gateway</c>, the gateway 'gantry render' puts in a cluster for route policies, run as the real binary
/// in front of a real backend: routes and policies from the spec file, reloaded when the file changes.
/// </summary>
public sealed class ClusterGatewayTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-cluster-gateway");
    private WebApplication _backend = null!;
    private Process? _gateway;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        _backend = builder.Build();
        _backend.Run(context => context.Response.WriteAsync($"backend saw {context.Request.Host.Host}{context.Request.Path}"));
        await _backend.StartAsync();
    }

    [Fact]
    public async Task TheSpecsRoutesAndPolicies_AreEnforcedInFrontOfTheWorkload_AndAChangedSpecAppliesWithoutARestart()
    {
        var config = _temp.Combine("app.json");
        await File.WriteAllTextAsync(config, Spec("rateLimit: { client: ip, perMinute: 2 }"));
        using var client = await StartGatewayAsync(config);

        // A host with no route answers without counting, so waiting for the listener spends none of the quota.
        var unrouted = await Eventually.UntilAsync(() => SendAsync(client, "other.example.com", "/"), r => r is not null, TimeSpan.FromSeconds(30), "the gateway to listen");
        Assert.Equal(HttpStatusCode.NotFound, unrouted!.StatusCode);

        // The limiter counts per clock minute: three requests that straddle one would see two windows.
        var left = 60 - DateTimeOffset.UtcNow.Second;
        if (left < 10)
        {
            await Task.Delay(TimeSpan.FromSeconds(left + 0.2));
        }

        var first = await SendAsync(client, "shop.example.com", "/admin/users");
        Assert.Equal(HttpStatusCode.OK, first!.StatusCode);
        Assert.Equal("backend saw shop.example.com/admin/users", await first.Content.ReadAsStringAsync());
        var second = await SendAsync(client, "shop.example.com", "/admin");
        Assert.Equal(HttpStatusCode.OK, second!.StatusCode);
        var third = await SendAsync(client, "shop.example.com", "/admin");
        Assert.True(third!.StatusCode == HttpStatusCode.TooManyRequests,
            $"third request: {(int)third.StatusCode}; RateLimit-Remaining after the first {Header(first, "RateLimit-Remaining")}, the second {Header(second, "RateLimit-Remaining")}, the third {Header(third, "RateLimit-Remaining")} (reset {Header(third, "RateLimit-Reset")})");

        // A new release's spec (the mounted Secret updated in place) is picked up while running.
        await File.WriteAllTextAsync(config, Spec("rateLimit: { client: ip, perMinute: 100 }"));
        await Eventually.UntilAsync(async () => (await SendAsync(client, "shop.example.com", "/admin"))?.StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "the raised limit to apply");

        // A broken file keeps what is served.
        await File.WriteAllTextAsync(config, "{ not json");
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, "shop.example.com", "/admin"))!.StatusCode);
    }

    [Fact]
    public async Task ApiKeysAndBlocks_FromTheClientsFileBesideTheSpec_AreEnforced()
    {
        var config = _temp.Combine("app.json");
        await File.WriteAllTextAsync(config, Spec("auth: { apiKeys: true }"));
        var clients = new ClientsFile([new ApiKeyConfig("k1", "mobile", GatewayClients.Hash("gk_good"), ["member"]), new ApiKeyConfig("k2", "old", GatewayClients.Hash("gk_blocked"), [])],
            ["k2"], [], []);
        await File.WriteAllTextAsync(_temp.Combine(ClientsFile.FileName), clients.Serialize());
        using var client = await StartGatewayAsync(config);

        var good = await Eventually.UntilAsync(() => SendAsync(client, "shop.example.com", "/admin", "gk_good"), r => r is not null, TimeSpan.FromSeconds(30), "the gateway to listen");
        Assert.Equal(HttpStatusCode.OK, good!.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, "shop.example.com", "/admin"))!.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, "shop.example.com", "/admin", "gk_unknown"))!.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, "shop.example.com", "/admin", "gk_blocked"))!.StatusCode);
    }

    [Fact]
    public async Task ABrokenConfig_Exits2NamingTheFile()
    {
        var config = _temp.Combine("broken.json");
        await File.WriteAllTextAsync(config, "[1, 2");

        var result = await CliRunner.RunAsync(new Dictionary<string, string>(), "gateway", "--config", config);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--config: {config}:", result.Stderr);
        Assert.DoesNotContain("   at ", result.Stderr);
    }

    public async Task DisposeAsync()
    {
        if (_gateway is { HasExited: false })
        {
            _gateway.Kill(entireProcessTree: true);
            await _gateway.WaitForExitAsync();
        }

        _gateway?.Dispose();
        await _backend.DisposeAsync();
        _temp.Dispose();
    }

    private async Task<HttpClient> StartGatewayAsync(string config)
    {
        var state = _temp.Combine("state");
        _gateway = Process.Start(CliRunner.StartInfo(["gateway", "--config", config, "--port", "0",
            "--address", "127.0.0.1", "--upstream", _backend.Urls.First(), "--state", state]))!;
        var gateway = _gateway;

        // Port 0: the port bound is in STATE/ports.json once it listens.
        var ports = await Eventually.UntilAsync(
            () => Task.FromResult(GantryProcess.ReadPorts(state)),
            p => p?.Pid == gateway.Id || gateway.HasExited,
            TimeSpan.FromSeconds(30),
            "gantry gateway to write its ports");
        Assert.False(gateway.HasExited, $"gantry gateway exited at start: {(gateway.HasExited ? await gateway.StandardError.ReadToEndAsync() : "")}");
        return new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports!.Http}") };
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "(none)";

    private static async Task<HttpResponseMessage?> SendAsync(HttpClient client, string host, string path, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = host;
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        try
        {
            return await client.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    /// <summary>The spec of a one-workload app whose 'admin' route has the given policy, as a release stores it.</summary>
    private string Spec(string policy)
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
        var loaded = AppLoader.Load(new DirectoryAppFiles(folder), "gantry.yaml");
        Assert.True(loaded.App is not null, string.Join("\n", loaded.Errors));
        return SpecSerializer.Serialize(loaded.App!);
    }
}
