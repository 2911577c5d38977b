using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Orchestration;

public sealed class DeployLifecycleTests : IAsyncLifetime
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
    public async Task Deploy_GoesLiveWithProgressEventsAndIsServedThroughTheGateway()
    {
        var accepted = await _server.DeployAsync(new NodeApp(Name: "echo", Greeting: "hi there"), _apps.Combine("v1"));

        var release = await _server.WaitForReleaseAsync("echo", accepted.Release);

        Assert.Equal("Succeeded", release.Release.Status);
        var kinds = release.Events.Select(e => e.Kind).ToList();
        Assert.Contains("release.created", kinds);
        Assert.Contains("build.finished", kinds);
        Assert.Contains("rollout.started", kinds);
        Assert.Contains("instance.ready", kinds);

        // The outcome follows the readiness that made it; a busy machine may add a later readiness change, so not "last".
        Assert.True(kinds.IndexOf("release.succeeded") > kinds.IndexOf("instance.ready"), string.Join(", ", kinds));
        var body = await (await _server.GetThroughGatewayAsync("echo.localhost")).Content.ReadAsStringAsync();
        Assert.Contains("\"greeting\":\"hi there\"", body);
        Assert.Contains("\"release\":\"1\"", body);
    }

    [Fact]
    public async Task Rollback_WithoutATarget_ServesThePreviousReleasesSpecAsANewRelease()
    {
        await _server.DeployAndWaitAsync(new NodeApp(Greeting: "first"), _apps.Combine("v1"));
        await _server.DeployAndWaitAsync(new NodeApp(Greeting: "second"), _apps.Combine("v2"));

        var response = await _server.Admin.PostAsJsonAsync("api/v1/apps/echo/rollback", new RollbackRequest(null));
        var accepted = await response.Content.ReadFromJsonAsync<DeployAccepted>(JsonSerializerOptions.Web);
        var release = await _server.WaitForReleaseAsync("echo", accepted!.Release);

        Assert.Equal(3, accepted.Release);
        Assert.Equal("Succeeded", release.Release.Status);
        Assert.Equal("rollback to release 1", release.Release.Source);
        var body = await (await _server.GetThroughGatewayAsync("echo.localhost")).Content.ReadAsStringAsync();
        Assert.Contains("\"greeting\":\"first\"", body);
        Assert.Contains("\"release\":\"3\"", body);
        var rolledBack = Assert.Single(release.Events, e => e.Kind == "release.rolledback");
        Assert.Equal("rolled back to release 1: release 3 runs its code and configuration", rolledBack.Message);
    }

    [Fact]
    public async Task Rollback_KeepsTheCurrentScale()
    {
        await _server.DeployAndWaitAsync(new NodeApp(Greeting: "first", Replicas: 1), _apps.Combine("v1"));
        await _server.Admin.PostAsJsonAsync("api/v1/apps/echo/scale", new ScaleRequest(new Dictionary<string, int> { ["web"] = 2 }));
        await _server.DeployAndWaitAsync(new NodeApp(Greeting: "second", Replicas: null), _apps.Combine("v2"));

        var response = await _server.Admin.PostAsJsonAsync("api/v1/apps/echo/rollback", new RollbackRequest(1));
        var accepted = await response.Content.ReadFromJsonAsync<DeployAccepted>(JsonSerializerOptions.Web);
        await _server.WaitForReleaseAsync("echo", accepted!.Release);

        var app = await Eventually.UntilAsync(() => _server.AppAsync("echo"), a => a.Instances.Count(i => i.Ready) == 2 && a.Instances.Count == 2, TimeSpan.FromSeconds(20), "two ready instances");
        Assert.All(app.Instances, i => Assert.Equal(accepted.Release, i.Release));
    }

    [Fact]
    public async Task Scale_WithAnUnknownWorkload_Answers400NamingTheAppsWorkloads()
    {
        await _server.DeployAndWaitAsync(new NodeApp(), _apps.Combine("v1"));

        var response = await _server.Admin.PostAsJsonAsync("api/v1/apps/echo/scale", new ScaleRequest(new Dictionary<string, int> { ["api"] = 2 }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("web", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Logs_HoldTheInstancesOutput()
    {
        await _server.DeployAndWaitAsync(new NodeApp(), _apps.Combine("v1"));

        var logs = await Eventually.UntilAsync(
            () => _server.Admin.GetStringAsync("api/v1/apps/echo/logs?workload=web"),
            text => text.Contains("listening on", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10),
            "the instance's first output line in the logs");

        Assert.Contains("\"stream\":\"stdout\"", logs);
    }

    [Fact]
    public async Task Logs_WhenFollowed_StreamLinesOfInstancesStartedLater()
    {
        await _server.DeployAndWaitAsync(new NodeApp(Replicas: 1), _apps.Combine("v1"));
        var first = Assert.Single((await _server.AppAsync("echo")).Instances).Id;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var response = await _server.Admin.GetAsync("api/v1/apps/echo/logs?follow=true", HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        using var lines = new StreamReader(await response.Content.ReadAsStreamAsync(timeout.Token));

        await _server.Admin.PostAsJsonAsync("api/v1/apps/echo/scale", new ScaleRequest(new Dictionary<string, int> { ["web"] = 2 }));

        string? line;
        do
        {
            line = await lines.ReadLineAsync(timeout.Token);
        }
        while (line is not null && !(line.Contains("listening on", StringComparison.Ordinal) && !line.Contains(first, StringComparison.Ordinal)));

        Assert.NotNull(line);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Delete_StopsTheInstancesAndRemovesTheRoute()
    {
        await _server.DeployAndWaitAsync(new NodeApp(), _apps.Combine("v1"));
        var pids = (await _server.AppAsync("echo")).Instances.Select(i => i.Pid!.Value).ToList();

        var response = await _server.Admin.DeleteAsync("api/v1/apps/echo");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.GetThroughGatewayAsync("echo.localhost")).StatusCode);
        Assert.All(pids, pid => Assert.False(ProcessTree.IsAlive(pid), $"instance process {pid} still runs"));
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync("api/v1/apps/echo")).StatusCode);
    }
}
