using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>Gantry killed while its containers run: they keep serving, and the next start adopts them.</summary>
public sealed class ContainerAdoptionTests() : ContainerGantryTest("gantry-adopt")
{
    [Fact]
    public async Task KilledGantry_OnRestart_AdoptsItsRunningContainers_WithoutDuplicatesOrRestarts()
    {
        await DeployAsync(new BusyboxApp(Name: "boxadopt", Replicas: 2), "v1");
        var before = (await ContainersAsync("boxadopt")).Select(c => c.ID).Order().ToList();

        await Gantry.KillAsync();
        Assert.Equal(before, (await ContainersAsync("boxadopt")).Where(c => c.State == "running").Select(c => c.ID).Order());
        Gantry = await GantryProcess.StartAsync(Temp.Combine("data"), runtime: "container");

        await Eventually.UntilAsync(() => GetTextAsync("boxadopt.localhost"), text => text.StartsWith("200", StringComparison.Ordinal), TimeSpan.FromSeconds(30), "traffic through the restarted gateway");
        var status = await Eventually.UntilAsync(
            () => Gantry.RunAsync("status", "boxadopt", "--json"),
            result => result.ExitCode == 0 && JsonDocument.Parse(result.Stdout).RootElement.GetProperty("instances").EnumerateArray().Count(i => i.GetProperty("ready").GetBoolean()) == 2,
            TimeSpan.FromSeconds(30),
            "two ready instances");
        using var json = JsonDocument.Parse(status.Stdout);
        Assert.All(json.RootElement.GetProperty("instances").EnumerateArray(), i => Assert.Equal(0, i.GetProperty("restarts").GetInt32()));
        var after = (await ContainersAsync("boxadopt")).Select(c => c.ID).Order().ToList();
        Assert.True(before.SequenceEqual(after), $"containers before: {string.Join(", ", before)}; after: {string.Join(", ", after)}\n--- server\n{Gantry.Output}");
    }
}
