using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>Gantry itself killed with SIGKILL: the next start reaps the instances it left and restores the apps from the store.</summary>
public sealed class ServerCrashTests : IDisposable
{
    private readonly TempDirectory _temp = new("gantry-crash");

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task KilledServer_OnRestart_ReapsItsOrphanedInstancesAndServesTheAppAgain()
    {
        var data = _temp.Combine("data");
        var first = await GantryProcess.StartAsync(data);
        var deploy = await first.RunAsync("deploy", "-f", new NodeApp(Name: "crashy", Replicas: 2).WriteTo(_temp.Combine("app")), "--wait");
        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        await first.KillAsync();
        var orphans = ProcessTree.WithInstancePrefix("crashy-");
        Assert.Equal(2, orphans.Count);

        await using var second = await GantryProcess.StartAsync(data);

        await Eventually.UntilAsync(() => orphans.All(pid => !ProcessTree.IsAlive(pid)), TimeSpan.FromSeconds(20), "the orphaned instances to be reaped");
        await Eventually.UntilAsync(
            async () => (await second.GetAsync("crashy.localhost")).IsSuccessStatusCode,
            TimeSpan.FromSeconds(30),
            "the app to be served by the restarted server");
        await Eventually.UntilAsync(() => ProcessTree.WithInstancePrefix("crashy-").Count == 2, TimeSpan.FromSeconds(10), "exactly two instances, no duplicates");
        var releases = await second.RunAsync("releases", "crashy", "--json");
        Assert.DoesNotContain("\"number\": 2", releases.Stdout);
    }
}
