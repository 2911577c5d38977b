using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Orchestration;

public sealed class ServerRestartTests : IDisposable
{
    private readonly TempDirectory _apps = new();
    private readonly TempDirectory _data = new("gantry-data");

    public void Dispose()
    {
        _apps.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Restart_BringsBackTheServingReleaseFromTheStore()
    {
        await using (var first = await TestServer.StartAsync(_data.Path))
        {
            await first.WaitForReleaseAsync("echo", (await first.DeployAsync(new NodeApp(Greeting: "persisted"), _apps.Combine("v1"))).Release);
        }

        await using var second = await TestServer.StartAsync(_data.Path);

        var body = await Eventually.UntilAsync(
            async () => await (await second.GetThroughGatewayAsync("echo.localhost")).Content.ReadAsStringAsync(),
            text => text.Contains("persisted", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the app to be served again after the restart");
        Assert.Contains("\"release\":\"1\"", body);
        Assert.Equal(1, (await second.AppAsync("echo")).App.CurrentRelease);
    }

    [Fact]
    public async Task Stop_LeavesNoInstanceProcessesBehind()
    {
        List<int> pids;
        await using (var server = await TestServer.StartAsync(_data.Path))
        {
            await server.WaitForReleaseAsync("echo", (await server.DeployAsync(new NodeApp(Replicas: 2), _apps.Combine("v1"))).Release);
            pids = [.. (await server.AppAsync("echo")).Instances.Select(i => i.Pid!.Value)];
            Assert.Equal(2, pids.Count);
        }

        Assert.All(pids, pid => Assert.False(ProcessTree.IsAlive(pid), $"instance process {pid} outlived the server"));
    }

    [Fact]
    public async Task Deploy_RenamingTheWorkload_KeepsTheOldOneServingWhenTheNewOneNeverBecomesReady()
    {
        await using var server = await TestServer.StartAsync(_data.Path);
        await server.WaitForReleaseAsync("echo", (await server.DeployAsync(new NodeApp(Workload: "web", Greeting: "old"), _apps.Combine("v1"))).Release);
        await using var load = new LoadGenerator(server.Server.GatewayUrl, "echo.localhost");
        load.Start();

        var renamed = await server.DeployAsync(new NodeApp(Workload: "api", NeverReady: true, ReadyTimeout: "3s"), _apps.Combine("v2"));
        var release = await server.WaitForReleaseAsync("echo", renamed.Release);
        var after = load.Succeeded;
        await Eventually.UntilAsync(() => load.Succeeded > after + 20, TimeSpan.FromSeconds(10), "traffic after the failed rename");
        await load.StopAsync();

        Assert.Equal("Failed", release.Release.Status);
        Assert.True(load.Failures.Count == 0, load.Describe());
        Assert.Equal(["1"], load.Releases.Keys);
    }

    [Fact]
    public async Task Deploy_WhileAnotherReleaseRollsOut_SupersedesItAndTheNewestGoesLive()
    {
        await using var server = await TestServer.StartAsync(_data.Path);
        await server.WaitForReleaseAsync("echo", (await server.DeployAsync(new NodeApp(Greeting: "one"), _apps.Combine("v1"))).Release);
        var stuck = await server.DeployAsync(new NodeApp(Greeting: "two", NeverReady: true), _apps.Combine("v2"));
        await Eventually.UntilAsync(async () => (await server.ReleaseAsync("echo", stuck.Release)).Release.Status == "RollingOut", TimeSpan.FromSeconds(30), "release 2 to roll out");

        var fixedRelease = await server.DeployAsync(new NodeApp(Greeting: "three"), _apps.Combine("v3"));

        Assert.Equal("Succeeded", (await server.WaitForReleaseAsync("echo", fixedRelease.Release)).Release.Status);
        Assert.Equal("Superseded", (await server.ReleaseAsync("echo", stuck.Release)).Release.Status);
        var body = await (await server.GetThroughGatewayAsync("echo.localhost")).Content.ReadAsStringAsync();
        Assert.Contains("\"greeting\":\"three\"", body);
    }
}
