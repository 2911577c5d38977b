using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Orchestration;

/// <summary>dependsOn (and a compose file's depends_on) on one machine: a workload starts only once what it waits for is started or ready.</summary>
public sealed class StartOrderTests : IAsyncLifetime
{
    private readonly TempDirectory _apps = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _apps.Dispose();
    }

    [Fact]
    public async Task AComposeFilesDependsOnServiceHealthy_StartsTheApiOnlyAfterTheDatabaseIsReady()
    {
        var folder = _apps.Combine("ordered");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "server.js"), NodeApp.ServerJs);
        await File.WriteAllTextAsync(Path.Combine(folder, "compose.yaml"), """
            name: ordered
            services:
              api:
                build: .
                entrypoint: ["node", "server.js"]
                ports: ["8080:8080"]
                environment:
                  GREETING: api
                healthcheck:
                  test: curl -f http://localhost:8080/healthz
                depends_on:
                  db:
                    condition: service_healthy
              db:
                build: .
                entrypoint: ["node", "server.js"]
                expose: ["8080"]
                healthcheck:
                  test: wget -qO- http://localhost:8080/healthz
            """);

        var response = await _server.DeployFilesAsync(folder, "compose.yaml");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var release = await _server.WaitForReleaseAsync("ordered", 1);

        Assert.Equal("Succeeded", release.Release.Status);
        var instances = (await _server.AppAsync("ordered")).Instances;
        var db = instances.Single(i => i.Workload == "db").Id;
        var api = instances.Single(i => i.Workload == "api").Id;
        var events = release.Events.Select(e => (e.Kind, e.Message)).ToList();
        var dbReady = events.FindIndex(e => e.Kind == "instance.ready" && e.Message.Contains(db, StringComparison.Ordinal));
        var apiStarted = events.FindIndex(e => e.Kind == "instance.started" && e.Message.Contains(api, StringComparison.Ordinal));
        Assert.True(dbReady >= 0 && apiStarted > dbReady, string.Join("\n", events));
        Assert.Contains(events, e => e.Kind == "rollout.waiting" && e.Message == "api waits for db to be ready before it starts (dependsOn)");
        Assert.Contains("\"greeting\":\"api\"", await (await _server.GetThroughGatewayAsync("ordered.localhost")).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AWorkloadWaitingForOneThatNeverGetsReady_NeverStarts_AndTheFailureSaysWhy()
    {
        var folder = _apps.Combine("stuck");
        new NodeApp(Name: "stuck", Workload: "db", NeverReady: true, ReadyTimeout: "4s").WriteTo(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "api.score.yaml"), """
            apiVersion: score.dev/v1b1
            metadata:
              name: api
            containers:
              main:
                image: .
                command: ["node", "server.js"]
            """);
        await File.WriteAllTextAsync(Path.Combine(folder, "gantry.yaml"), """
            name: stuck
            workloads:
              - score: score.yaml
                rollout: { readyTimeout: 4s, stopGracePeriod: 2s }
              - score: api.score.yaml
                dependsOn: { db: healthy }
                rollout: { readyTimeout: 4s, stopGracePeriod: 2s }
            """);

        var response = await _server.DeployFilesAsync(folder);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var release = await _server.WaitForReleaseAsync("stuck", 1);

        Assert.Equal("Failed", release.Release.Status);
        Assert.StartsWith("api never started: it waited for db to be ready (dependsOn)", release.Release.Reason);
        Assert.DoesNotContain((await _server.AppAsync("stuck")).Instances, i => i.Workload == "api");
    }
}
