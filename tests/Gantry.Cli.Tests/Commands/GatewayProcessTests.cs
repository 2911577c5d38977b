using System.Diagnostics;
using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;
using Xunit.Abstractions;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// <c>gantry up</c>'s gateway as a process of its own: restarted without refusing a connection, started again when it
/// dies, and serving on while the control plane is stopped, killed and started again (which adopts it).
/// </summary>
public sealed class GatewayProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new("gantry-gateway-process");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task GatewayRestart_UnderLoad_FailsNoRequest_AndAnotherProcessServesAfterwards()
    {
        await using var gantry = await GantryProcess.StartAsync(_temp.Combine("data"));
        await DeployAsync(gantry, "v1");
        var before = gantry.LiveGateway()!;
        await using var kept = new LoadGenerator(gantry.Gateway, "echo.localhost");
        await using var fresh = new LoadGenerator(gantry.Gateway, "echo.localhost", clients: 2, closeConnections: true);
        kept.Start();
        fresh.Start();
        await Eventually.UntilAsync(() => kept.Succeeded > 20 && fresh.Succeeded > 20, TimeSpan.FromSeconds(20), "traffic to flow");

        var restart = await gantry.RunAsync("gateway", "restart", "--json");
        Assert.True(restart.ExitCode == 0, restart.ToString());
        using var json = JsonDocument.Parse(restart.Stdout);
        var pid = json.RootElement.GetProperty("pid").GetInt32();
        Assert.Equal(before.Pid, json.RootElement.GetProperty("previousPid").GetInt32());
        Assert.NotEqual(before.Pid, pid);

        var (keptAfter, freshAfter) = (kept.Succeeded, fresh.Succeeded);
        await Eventually.UntilAsync(() => kept.Succeeded > keptAfter + 20 && fresh.Succeeded > freshAfter + 20, TimeSpan.FromSeconds(20), "traffic after the restart");
        await Eventually.UntilAsync(() => !ProcessTree.IsAlive(before.Pid), TimeSpan.FromSeconds(40), "the old gateway to drain and exit");
        await kept.StopAsync();
        await fresh.StopAsync();

        Assert.True(kept.Failures.Count == 0, "kept-alive: " + kept.Describe());
        Assert.True(fresh.Failures.Count == 0, "new connections: " + fresh.Describe());
        Assert.Equal(pid, gantry.LiveGateway()?.Pid);
        Assert.Equal(before.Http, gantry.LiveGateway()?.Http);
    }

    [Fact]
    public async Task AKilledGateway_IsStartedAgainOnTheSamePort_AndStopsWithGantry()
    {
        await using var gantry = await GantryProcess.StartAsync(_temp.Combine("data"));
        await DeployAsync(gantry, "v1");
        var before = gantry.LiveGateway()!;
        var environment = File.ReadAllText($"/proc/{before.Pid}/environ").Split('\0');
        Assert.Contains("DOTNET_GCgen0size=0x800000", environment);

        var killed = Stopwatch.StartNew();
        Signals.Send(before.Pid, Signals.SIGKILL);
        var after = await Eventually.UntilAsync(() => Task.FromResult(gantry.LiveGateway()), p => p is not null && p.Pid != before.Pid, TimeSpan.FromSeconds(30), "another gateway process");
        var listening = killed.Elapsed;
        await Eventually.UntilAsync(async () => (await gantry.GetAsync("echo.localhost")).IsSuccessStatusCode, TimeSpan.FromSeconds(30), "the app to be served again");
        output.WriteLine($"killed gateway: another listened after {listening.TotalMilliseconds:0} ms, served after {killed.ElapsedMilliseconds} ms");
        Assert.Equal(before.Http, after!.Http);

        Assert.Equal(0, await gantry.StopAsync());
        Assert.False(ProcessTree.IsAlive(after.Pid), "gantry up stopped its gateway");
    }

    [Fact]
    public async Task TheControlPlaneStoppedThenKilled_UnderLoad_FailsNoRequest_AndTheNextOneAdoptsTheGatewayAndTheInstances()
    {
        var data = _temp.Combine("data");
        // Disposed last: a killed gantry up's gateway is ended when its test process object goes, unless another owns it.
        await using var first = await GantryProcess.StartAsync(data);
        await DeployAsync(first, "v1", replicas: 2);
        var gateway = first.LiveGateway()!;
        var instances = await InstancePidsAsync(first);
        await using var kept = new LoadGenerator(first.Gateway, "echo.localhost");
        await using var fresh = new LoadGenerator(first.Gateway, "echo.localhost", clients: 2, closeConnections: true);
        kept.Start();
        fresh.Start();
        await Eventually.UntilAsync(() => kept.Succeeded > 20 && fresh.Succeeded > 20, TimeSpan.FromSeconds(20), "traffic to flow");

        // Hung first (the gateway's stream goes silent), then gone: 30 s in all, under load.
        var outage = Stopwatch.StartNew();
        Signals.Send(first.Pid, Signals.SIGSTOP);
        await Eventually.UntilAsync(() => outage.Elapsed > TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), "5 s with the control plane stopped");
        await first.KillAsync();
        var (keptBefore, freshBefore) = (kept.Succeeded, fresh.Succeeded);
        await Eventually.UntilAsync(() => outage.Elapsed > TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(40), "30 s without a control plane");
        Assert.True(kept.Succeeded > keptBefore + 100 && fresh.Succeeded > freshBefore + 50, $"served while the control plane was gone: {kept.Describe()} / {fresh.Describe()}");
        Assert.Equal(gateway.Pid, first.LiveGateway()?.Pid);

        // Back, still under load: it adopts the gateway and the instances as they are.
        await using var second = await GantryProcess.StartAsync(data);
        var adopted = second.LiveGateway()!;
        await Eventually.UntilAsync(
            () => File.ReadAllText(Path.Combine(data, "logs", "gantry.log")).Contains("Adopted the gateway process", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the new control plane to say it adopted the gateway");
        Assert.Equal(instances, await InstancePidsAsync(second));
        (keptBefore, freshBefore) = (kept.Succeeded, fresh.Succeeded);
        await Eventually.UntilAsync(() => kept.Succeeded > keptBefore + 50 && fresh.Succeeded > freshBefore + 20, TimeSpan.FromSeconds(20), "traffic after the adoption");
        await kept.StopAsync();
        await fresh.StopAsync();

        Assert.True(kept.Failures.Count == 0, "kept-alive: " + kept.Describe());
        Assert.True(fresh.Failures.Count == 0, "new connections: " + fresh.Describe());
        Assert.Equal(instances, await InstancePidsAsync(second));

        await DeployAsync(second, "v2", greeting: "after");
        var deployed = Stopwatch.StartNew();
        await Eventually.UntilAsync(
            async () => (await (await second.GetAsync("echo.localhost")).Content.ReadAsStringAsync()).Contains("after", StringComparison.Ordinal),
            TimeSpan.FromSeconds(10), "the change made after the control plane came back to be served");
        output.WriteLine($"adopted gateway {adopted.Pid} and instances {string.Join(", ", instances)}; release 2 served {deployed.ElapsedMilliseconds} ms after deploy --wait returned");
        Assert.Equal(adopted.Http, second.LiveGateway()?.Http);
    }

    /// <summary>The PIDs of the app's instances, once both are ready (after a restart: once they were adopted and probed).</summary>
    private static async Task<IReadOnlyList<int>> InstancePidsAsync(GantryProcess gantry)
    {
        var status = await Eventually.UntilAsync(
            () => gantry.RunAsync("status", "echo", "--json"),
            result => result.ExitCode == 0 && JsonDocument.Parse(result.Stdout).RootElement.GetProperty("instances").EnumerateArray().Count(i => i.GetProperty("ready").GetBoolean()) == 2,
            TimeSpan.FromSeconds(60),
            "two ready instances");
        using var json = JsonDocument.Parse(status.Stdout);
        return [.. json.RootElement.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("pid").GetInt32()).Order()];
    }

    private async Task DeployAsync(GantryProcess gantry, string version, int replicas = 1, string greeting = "hello")
    {
        var file = new NodeApp(Greeting: greeting, Replicas: replicas).WriteTo(_temp.Combine("apps", version));
        var result = await gantry.RunAsync("deploy", "-f", file, "--wait", "--timeout", "90s");
        Assert.True(result.ExitCode == 0, $"deploy {version}: {result}\n--- server\n{gantry.Output}");
    }
}
