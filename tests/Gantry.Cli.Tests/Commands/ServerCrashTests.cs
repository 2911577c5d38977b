using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>Gantry itself killed with SIGKILL: its instances keep running, and the next start adopts them and restores the apps from the store.</summary>
public sealed class ServerCrashTests : IDisposable
{
    private readonly TempDirectory _temp = new("gantry-crash");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task KilledServer_OnRestart_AdoptsTheInstancesItLeft_SameProcessesNoDuplicatesNoRestarts()
    {
        var data = _temp.Combine("data");
        await using var first = await GantryProcess.StartAsync(data);
        var deploy = await first.RunAsync("deploy", "-f", new NodeApp(Name: "crashy", Replicas: 2).WriteTo(_temp.Combine("app")), "--wait");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        await first.KillAsync();
        var left = ProcessTree.WithInstancePrefix("crashy-").Order().ToList();
        Assert.Equal(2, left.Count);
        Assert.True((await first.GetAsync("crashy.localhost")).IsSuccessStatusCode, "the app is served with the control plane gone");

        await using var second = await GantryProcess.StartAsync(data);

        var status = await Eventually.UntilAsync(
            () => second.RunAsync("status", "crashy", "--json"),
            result => result.ExitCode == 0 && JsonDocument.Parse(result.Stdout).RootElement.GetProperty("instances").EnumerateArray().Count(i => i.GetProperty("ready").GetBoolean()) == 2,
            TimeSpan.FromSeconds(30),
            "two ready instances");
        using var json = JsonDocument.Parse(status.Stdout);
        var instances = json.RootElement.GetProperty("instances").EnumerateArray().ToList();
        Assert.Equal(left, instances.Select(i => i.GetProperty("pid").GetInt32()).Order());
        Assert.All(instances, i => Assert.Equal(0, i.GetProperty("restarts").GetInt32()));
        Assert.True((await second.GetAsync("crashy.localhost")).IsSuccessStatusCode, "the app is served after adoption");
        Assert.Equal(left, ProcessTree.WithInstancePrefix("crashy-").Order());
        var releases = await second.RunAsync("releases", "crashy", "--json");
        Assert.DoesNotContain("\"number\": 2", releases.Stdout);
    }
}
