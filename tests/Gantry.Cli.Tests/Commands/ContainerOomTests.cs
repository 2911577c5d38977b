using System.Text.Json;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>A container that exceeds its memory limit is killed by the kernel, restarted, and shown as OOM-killed.</summary>
public sealed class ContainerOomTests() : ContainerGantryTest("gantry-oom")
{
    [Fact]
    public async Task AContainerOverItsMemoryLimit_IsOomKilled_Restarted_AndShownAsOomKilled()
    {
        await DeployAsync(new BusyboxApp(Name: "boxoom", MemoryLimit: "16Mi", OomAfterSeconds: 2), "v1");

        var status = await Eventually.UntilAsync(
            () => Gantry.RunAsync("status", "boxoom", "--json"),
            result => result.ExitCode == 0 && JsonDocument.Parse(result.Stdout).RootElement.GetProperty("instances").EnumerateArray()
                .Any(i => i.GetProperty("restarts").GetInt32() >= 1 && i.GetProperty("lastExit") is { ValueKind: JsonValueKind.Object } exit && exit.GetProperty("oomKilled").GetBoolean()),
            TimeSpan.FromSeconds(60),
            "an instance restarted after an OOM kill");

        Assert.Contains("OOM-killed", status.Stdout);
        Assert.Contains("OOM-killed", (await Gantry.RunAsync("status", "boxoom")).Stdout);
    }
}
