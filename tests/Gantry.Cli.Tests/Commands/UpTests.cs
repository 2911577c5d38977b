using System.Diagnostics;
using Gantry.Cli.Tests.Support;
using Gantry.Testing;

namespace Gantry.Cli.Tests.Commands;

/// <summary>The quick start: <c>gantry up</c> on a fresh data folder serves the sample app, saying what it does in its own words; a second <c>up</c> brings it back.</summary>
public sealed class UpTests : IDisposable
{
    private readonly TempDirectory _data = new("gantry-up");

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Up_OnAFreshDataFolder_ServesTheSampleWithinTwoMinutes_AndASecondUpBringsItBack()
    {
        var clock = Stopwatch.StartNew();
        string firstAnswer;
        await using (var gantry = await GantryProcess.StartAsync(_data.Path, sample: true))
        {
            var url = $"http://hello.localhost:{gantry.HttpPort}/";
            await Eventually.UntilAsync(() => gantry.Output.Contains(url, StringComparison.Ordinal) && gantry.Output.Contains("Gantry is up", StringComparison.Ordinal),
                TimeSpan.FromMinutes(2), "gantry up to print the sample's URL");
            firstAnswer = await GetHelloAsync(gantry);
            Assert.True(clock.Elapsed < TimeSpan.FromMinutes(2), $"the sample took {clock.Elapsed} to be served");
            Assert.Contains("Hello from Gantry from release 1", firstAnswer);

            // Gantry's own short lines on the terminal; the framework's log lines and no warnings go to DATA/logs/gantry.log.
            Assert.Contains("hello #1 traffic shifted: release 1 is live", gantry.Output);
            foreach (var framework in new[] { "info:", "warn:", "warning", "fail:", "Microsoft.", "Gantry.ControlPlane." })
            {
                Assert.False(gantry.Output.Contains(framework, StringComparison.OrdinalIgnoreCase), $"'{framework}' printed by gantry up:\n{gantry.Output}");
            }

            var log = await File.ReadAllTextAsync(Path.Combine(_data.Path, "logs", "gantry.log"));
            Assert.Contains("Gantry.ControlPlane.Events.AppEventLog[100] hello release 1: release.succeeded", log);

            // This server's instances by id: other tests run the sample too (in containers), under the same app name.
            using var status = System.Text.Json.JsonDocument.Parse((await gantry.RunAsync("status", "hello", "--json")).Stdout);
            var instances = status.RootElement.GetProperty("instances").EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToList();
            Assert.NotEmpty(instances);
            Assert.Equal(0, await gantry.StopAsync(signal: Signals.SIGINT));
            Assert.All(instances, id => Assert.Empty(ProcessTree.WithInstancePrefix(id)));
        }

        await using var again = await GantryProcess.StartAsync(_data.Path, sample: true);
        var secondAnswer = await Eventually.UntilAsync(() => GetHelloAsync(again), a => a.Contains("release 1", StringComparison.Ordinal), TimeSpan.FromMinutes(1), "the sample to be served after the second up");
        Assert.Contains("Hello from Gantry from release 1", secondAnswer);
        var releases = await again.RunAsync("releases", "hello", "--json");
        Assert.Equal(0, releases.ExitCode);
        Assert.DoesNotContain("\"number\": 2", releases.Stdout);
    }

    [Fact]
    public async Task Up_WhenThePortIsTaken_Exits1SayingSoWithoutAStackTrace()
    {
        await using var first = await GantryProcess.StartAsync(_data.Combine("first"));

        var second = await CliRunner.RunAsync(new Dictionary<string, string>(), "up", "--data", _data.Combine("second"),
            "--http-port", $"{first.HttpPort}", "--https-port", "0", "--admin-port", "0", "--http-address", "127.0.0.1", "--no-sample");

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("address already in use", second.Stderr);
        Assert.Contains("--http-port", second.Stderr);
        Assert.DoesNotContain("   at ", second.Stdout + second.Stderr);
    }

    private static async Task<string> GetHelloAsync(GantryProcess gantry)
    {
        using var response = await gantry.GetAsync("hello.localhost");
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync();
    }
}
