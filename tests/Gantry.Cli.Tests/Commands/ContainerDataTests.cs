using Docker.DotNet.Models;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>Volumes: a workload's data survives every Gantry operation but an explicit purge.</summary>
public sealed class ContainerDataTests() : ContainerGantryTest("gantry-vol")
{
    [Fact]
    public async Task VolumeData_SurvivesNewReleases_GantryRestarts_AndContainerRemoval()
    {
        await DeployAsync(new BusyboxApp(Name: "boxvol", WithVolume: true), "v1");
        await DeployAsync(new BusyboxApp(Name: "boxvol", WithVolume: true, Greeting: "second"), "v2");
        await Eventually.UntilAsync(() => GetTextAsync("boxvol.localhost", "/starts.txt"), text => text.Contains("release 2", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "release 2's start in the volume");
        Assert.Contains("release 1", await GetTextAsync("boxvol.localhost", "/starts.txt"));

        // Gantry restarted: its containers stop and are removed, the volume stays.
        Assert.Equal(0, await Gantry.StopAsync());
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"), runtime: "container");
        var afterRestart = await Eventually.UntilAsync(() => GetTextAsync("boxvol.localhost", "/starts.txt"), text => text.StartsWith("200", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "the app after the restart");
        Assert.Contains("release 1", afterRestart);

        // Its containers removed behind Gantry's back: they come back, with the data.
        foreach (var container in await ContainersAsync("boxvol"))
        {
            await Engine.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true });
        }

        var afterRemoval = await Eventually.UntilAsync(() => GetTextAsync("boxvol.localhost", "/starts.txt"), text => text.StartsWith("200", StringComparison.Ordinal), TimeSpan.FromSeconds(60), "a new container after the removal");
        Assert.Contains("release 1", afterRemoval);
        Assert.Contains("release 2", afterRemoval);
    }

    [Fact]
    public async Task AppsDelete_KeepsTheVolumes_UnlessPurged()
    {
        await DeployAsync(new BusyboxApp(Name: "boxkeep", WithVolume: true), "v1");
        await DeployAsync(new BusyboxApp(Name: "boxpurge", WithVolume: true), "v1");

        Assert.Equal(0, (await Gantry.RunAsync("apps", "delete", "boxkeep", "--yes")).ExitCode);
        Assert.Equal(0, (await Gantry.RunAsync("apps", "delete", "boxpurge", "--purge-volumes", "--yes")).ExitCode);

        var volumes = (await Engine.Volumes.ListAsync()).Volumes.Select(v => v.Name).ToList();
        Assert.Contains("gantry-boxkeep-data", volumes);
        Assert.DoesNotContain("gantry-boxpurge-data", volumes);
        Assert.Empty(await ContainersAsync("boxkeep"));
        await Engine.Volumes.RemoveAsync("gantry-boxkeep-data", force: true);
    }
}
