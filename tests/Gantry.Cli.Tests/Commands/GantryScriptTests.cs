using System.Diagnostics;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>The README's <c>./gantry</c>: builds the CLI from the checkout when needed, then runs it.</summary>
public sealed class GantryScriptTests
{
    [Fact]
    public async Task GantryScript_BuildsWhenNeeded_ThenRunsTheCliWithoutRebuilding()
    {
        var script = Path.Combine(Repository.Root, "gantry");

        var first = await RunAsync(script, "--help");
        var second = await RunAsync(script, "--help");

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("deploy", first.Stdout);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.DoesNotContain("building", second.Stderr);
    }

    private static async Task<CliResult> RunAsync(string script, params string[] args)
    {
        var info = CliRunner.StartInfo(args);
        info.FileName = "bash";
        info.ArgumentList.RemoveAt(0);
        info.ArgumentList.Insert(0, script);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await process.WaitForExitAsync(timeout.Token);
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }
}
