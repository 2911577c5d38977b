using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>
/// Python and Go folders without a Containerfile on the container runtime: built on the host with the machine's
/// toolchains, packed onto base images made from this machine's own files (no registry), served through the gateway.
/// </summary>
public sealed class ContainerStackTests() : ContainerGantryTest("gantry-ctr-stack")
{
    [Theory]
    [InlineData("python", "Python 3.")]
    [InlineData("go", "Go 1.")]
    public async Task AFolderWithoutAContainerfile_IsPackedOntoAMachineMadeBaseImage_AndAnswers(string stack, string detected)
    {
        var name = $"packed-{stack}";
        var score = SourceStackApps.WriteTo(Temp.Combine(name), stack, name);
        // Sources of their own: an engine that ran this test before holds the image of the sources it had then.
        await File.WriteAllTextAsync(Path.Combine(Temp.Combine(name), "run.txt"), Guid.NewGuid().ToString());

        var deploy = await Gantry.RunAsync("deploy", "-f", score, "--wait");

        Assert.True(deploy.ExitCode == 0, deploy.ToString());
        Assert.Equal($"hello from {stack}", await (await Gantry.GetAsync($"{name}.localhost")).Content.ReadAsStringAsync());
        var status = await Gantry.RunAsync("status", name);
        Assert.Contains($"{name} built as {detected}", status.Stdout, StringComparison.Ordinal);
        var log = await Gantry.RunAsync("builds", "logs", name);
        Assert.True(log.ExitCode == 0, log.ToString());
        Assert.Contains($"detected {detected}", log.Stdout, StringComparison.Ordinal);
        Assert.Contains($"FROM gantry.local/{(stack == "python" ? "python-runtime" : "base")}:", log.Stdout, StringComparison.Ordinal);

        // The same sources again reuse the image, which still says what it was built from.
        var again = await Gantry.RunAsync("deploy", "-f", score, "--wait");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("reused image", (await Gantry.RunAsync("builds", "logs", name)).Stdout, StringComparison.Ordinal);
        Assert.Contains($"{name} built as {detected}", (await Gantry.RunAsync("status", name)).Stdout, StringComparison.Ordinal);
    }
}
