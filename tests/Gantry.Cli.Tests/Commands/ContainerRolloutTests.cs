using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>The container runtime under the same orchestrator: images built from a Containerfile, rollouts, failures, missing images.</summary>
public sealed class ContainerRolloutTests() : ContainerGantryTest("gantry-ctr")
{
    [Fact]
    public async Task ABuiltImageWithTwoReplicas_IsServed_AndARollingUpdateUnderLoadFailsNoRequest()
    {
        await DeployAsync(new BusyboxApp(Name: "boxroll", Greeting: "v1", Replicas: 2), "v1");
        Assert.Equal(2, (await ContainersAsync("boxroll")).Count(c => c.State == "running"));
        await using var load = new LoadGenerator(Gantry.Gateway, "boxroll.localhost");
        load.Start();
        await Eventually.UntilAsync(() => load.Succeeded > 20, TimeSpan.FromSeconds(20), "traffic to flow");

        var deploy = await DeployAsync(new BusyboxApp(Name: "boxroll", Greeting: "v2", Replicas: 2), "v2");
        await Eventually.UntilAsync(() => load.Releases.TryGetValue("2", out var n) && n > 20, TimeSpan.FromSeconds(20), "release 2 to serve");
        await load.StopAsync();

        Assert.True(load.Failures.Count == 0, load.Describe());
        Assert.Equal(2, load.Instances.Keys.Count(i => i.Contains("-2-", StringComparison.Ordinal)));
        Assert.Contains("built image gantry.local/boxroll-web", deploy.Stdout);
        await Eventually.UntilAsync(async () => (await ContainersAsync("boxroll")).Count == 2, TimeSpan.FromSeconds(20), "the old containers to be removed");
    }

    [Fact]
    public async Task AReleaseThatNeverBecomesReady_FailsWithTheReason_AndThePreviousKeepsServing()
    {
        await DeployAsync(new BusyboxApp(Name: "boxbad", Greeting: "good"), "v1");
        await using var load = new LoadGenerator(Gantry.Gateway, "boxbad.localhost");
        load.Start();

        var failed = await DeployAsync(new BusyboxApp(Name: "boxbad", Greeting: "bad", ReadinessPath: "/nope", ReadyTimeout: "5s"), "v2", expectedExit: 1);
        var after = load.Succeeded;
        await Eventually.UntilAsync(() => load.Succeeded > after + 20, TimeSpan.FromSeconds(10), "traffic after the failure");
        await load.StopAsync();

        Assert.Contains("GET /nope", failed.Stderr);
        Assert.True(load.Failures.Count == 0, load.Describe());
        Assert.Equal(["1"], load.Releases.Keys);
    }

    [Fact]
    public async Task AMissingImage_FailsTheReleaseNamingIt_AndThePreviousKeepsServing()
    {
        await DeployAsync(new BusyboxApp(Name: "boxmiss"), "v1");

        var failed = await DeployAsync(new BusyboxApp(Name: "boxmiss", Image: "localhost/gantry-test/does-not-exist:1"), "v2", expectedExit: 1);

        Assert.Contains("localhost/gantry-test/does-not-exist:1", failed.Stderr);
        var served = await GetTextAsync("boxmiss.localhost");
        Assert.True(served.Contains("\"release\":\"1\"", StringComparison.Ordinal), $"{served}\n--- server\n{Gantry.Output}");
    }

    [Fact]
    public async Task Status_SaysTheAppRunsOnTheContainerRuntime()
    {
        await DeployAsync(new BusyboxApp(Name: "boxstat"), "v1");

        var status = await Gantry.RunAsync("status", "boxstat", "--json");

        using var json = JsonDocument.Parse(status.Stdout);
        Assert.Equal("container", json.RootElement.GetProperty("runtime").GetString());
        Assert.Contains("container runtime", (await Gantry.RunAsync("status", "boxstat")).Stdout);
    }
}
