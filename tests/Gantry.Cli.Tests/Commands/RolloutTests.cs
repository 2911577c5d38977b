using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>Releases under a steady stream of requests: zero-downtime rollouts, failed releases that change nothing, restarts, scaling.</summary>
public sealed class RolloutTests() : RunningGantryTest("gantry-rollout")
{
    [Fact]
    public async Task Deploy_UnderASteadyStreamOfRequests_FailsNoRequestAndTheNewReleaseServesAfterwards()
    {
        await DeployAsync(new NodeApp(Greeting: "v1", Replicas: 2), "v1", expectedExit: 0);
        await using var load = new LoadGenerator(Gantry.Gateway, "echo.localhost");
        load.Start();
        await Eventually.UntilAsync(() => load.Succeeded > 20, TimeSpan.FromSeconds(10), "traffic to flow");

        var deploy = await DeployAsync(new NodeApp(Greeting: "v2", Replicas: 2), "v2", expectedExit: 0);
        await Eventually.UntilAsync(() => load.Releases.ContainsKey("2") && load.Releases["2"] > 20, TimeSpan.FromSeconds(10), "release 2 to serve");
        await load.StopAsync();

        Assert.True(load.Failures.Count == 0, load.Describe());
        Assert.True(load.Releases.ContainsKey("1"), load.Describe());
        Assert.Contains("traffic shifted", deploy.Stdout);
        Assert.Contains("release 2 of echo is live", deploy.Stdout);
    }

    [Fact]
    public async Task Deploy_OfAReleaseThatNeverBecomesReady_Exits1NamingTheCause_AndThePreviousReleaseKeepsServing()
    {
        await DeployAsync(new NodeApp(Greeting: "good"), "v1", expectedExit: 0);
        await using var load = new LoadGenerator(Gantry.Gateway, "echo.localhost");
        load.Start();

        var failed = await DeployAsync(new NodeApp(Greeting: "bad", NeverReady: true, ReadyTimeout: "4s"), "v2", expectedExit: 1);
        var after = load.Succeeded;
        await Eventually.UntilAsync(() => load.Succeeded > after + 20, TimeSpan.FromSeconds(10), "traffic to keep flowing after the failure");
        await load.StopAsync();

        Assert.Contains("GET /healthz", failed.Stderr);
        Assert.Contains("503", failed.Stderr);
        Assert.True(load.Failures.Count == 0, load.Describe());
        Assert.Equal(["1"], load.Releases.Keys.ToList());

        var releases = await Gantry.RunAsync("releases", "echo", "--json");
        using var json = JsonDocument.Parse(releases.Stdout);
        var second = json.RootElement.EnumerateArray().Single(r => r.GetProperty("number").GetInt32() == 2);
        Assert.Equal("Failed", second.GetProperty("status").GetString());
        Assert.Contains("readiness", second.GetProperty("reason").GetString());
        var table = await Gantry.RunAsync("releases", "echo");
        Assert.Contains("Failed", table.Stdout);
        Assert.Contains("GET /healthz", table.Stdout);
    }

    [Fact]
    public async Task Deploy_OfAReleaseThatCrashes_Exits1WithTheExitCodeAndLastOutput()
    {
        await DeployAsync(new NodeApp(), "v1", expectedExit: 0);

        var failed = await DeployAsync(new NodeApp(CrashOnStart: true, ReadyTimeout: "4s"), "v2", expectedExit: 1);

        Assert.Contains("exit code 3", failed.Stderr);
        Assert.Contains("fatal: cannot open database", failed.Stderr);
        Assert.Contains("release 1 keeps serving", failed.Stderr);
    }

    [Fact]
    public async Task KillingAnInstance_RestartsIt_AndRequestsThatHitItAreRetriedElsewhere()
    {
        await DeployAsync(new NodeApp(Replicas: 2), "v1", expectedExit: 0);
        var before = await InstancesAsync();
        var victim = before.First();
        await using var load = new LoadGenerator(Gantry.Gateway, "echo.localhost");
        load.Start();
        await Eventually.UntilAsync(() => load.Succeeded > 20, TimeSpan.FromSeconds(10), "traffic to flow");

        Signals.Send(victim.Pid, Signals.SIGKILL);
        var restarted = await Eventually.UntilAsync(InstancesAsync,
            now => now.Any(i => i.Id == victim.Id && i.Ready && i.Restarts >= 1 && i.Pid != victim.Pid),
            TimeSpan.FromSeconds(30), "the killed instance to be restarted and ready");
        var after = load.Succeeded;
        await Eventually.UntilAsync(() => load.Succeeded > after + 20, TimeSpan.FromSeconds(10), "traffic after the restart");
        await load.StopAsync();

        Assert.True(load.Failures.Count == 0, load.Describe());
        Assert.Equal(2, restarted.Count);
        var status = await Gantry.RunAsync("status", "echo");
        Assert.Contains("SIGKILL", status.Stdout);
    }

    [Fact]
    public async Task Scale_ToThree_StartsThreeInstancesThatShareTheTraffic()
    {
        await DeployAsync(new NodeApp(Replicas: 1), "v1", expectedExit: 0);

        var scale = await Gantry.RunAsync("scale", "echo", "web=3");
        Assert.Equal(0, scale.ExitCode);
        await Eventually.UntilAsync(InstancesAsync, list => list.Count(i => i.Ready) == 3, TimeSpan.FromSeconds(30), "three ready instances");
        await using var load = new LoadGenerator(Gantry.Gateway, "echo.localhost");
        load.Start();
        await Eventually.UntilAsync(() => load.Succeeded > 150, TimeSpan.FromSeconds(20), "150 answers");
        await load.StopAsync();

        Assert.True(load.Failures.Count == 0, load.Describe());
        Assert.Equal(3, load.Instances.Count);
        Assert.All(load.Instances.Values, share => Assert.True(share > 10, load.Describe()));
    }

    private async Task<CliResult> DeployAsync(NodeApp app, string version, int expectedExit)
    {
        var file = app.WriteTo(Temp.Combine("apps", version));
        var result = await Gantry.RunAsync("deploy", "-f", file, "--wait", "--timeout", "90s");
        Assert.True(result.ExitCode == expectedExit, $"deploy {version}: {result}\n--- server\n{Gantry.Output}");
        return result;
    }

    private async Task<List<(string Id, int Pid, bool Ready, int Restarts)>> InstancesAsync()
    {
        var status = await Gantry.RunAsync("status", "echo", "--json");
        using var json = JsonDocument.Parse(status.Stdout);
        return [.. json.RootElement.GetProperty("instances").EnumerateArray().Select(i => (
            i.GetProperty("id").GetString()!,
            i.GetProperty("pid").ValueKind == JsonValueKind.Number ? i.GetProperty("pid").GetInt32() : 0,
            i.GetProperty("ready").GetBoolean(),
            i.GetProperty("restarts").GetInt32()))];
    }
}
