using System.Net;
using System.Text.RegularExpressions;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Orchestration;

/// <summary>A release whose build is still running when a newer one is deployed: its build is cancelled, its processes killed, and the newer release goes live at once.</summary>
public sealed class SupersededBuildTests : IAsyncLifetime
{
    // Unique on the machine, so the test can look for this build's own process.
    private const string SlowStep = "sleep 317";

    private readonly TempDirectory _apps = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _apps.Dispose();
    }

    [Fact]
    public async Task ABuildStillRunning_IsCancelledWhenANewerReleaseIsDeployed_AndTheNewerOneGoesLive()
    {
        var slow = _apps.Combine("slow");
        new NodeApp(Name: "slowbuild", Greeting: "first").WriteTo(slow);
        // The Node builder, not the command one: it runs package.json's build script, which takes minutes.
        var score = Path.Combine(slow, "score.yaml");
        await File.WriteAllTextAsync(score, Regex.Replace(await File.ReadAllTextAsync(score), @"\n\s*command: .*", ""));
        await File.WriteAllTextAsync(Path.Combine(slow, "package.json"), $$$"""{"name":"slowbuild","version":"1.0.0","scripts":{"build":"{{{SlowStep}}}","start":"node server.js"}}""");
        var first = await _server.DeployFolderAsync(slow, "gantry.yaml");
        Assert.True(first.StatusCode == HttpStatusCode.Accepted, await first.Content.ReadAsStringAsync());
        await Eventually.UntilAsync(() => SlowStepRunning(), TimeSpan.FromMinutes(2), "the slow build step to run");

        await _server.DeployAsync(new NodeApp(Name: "slowbuild", Greeting: "second"), _apps.Combine("fast"));
        var second = await _server.WaitForReleaseAsync("slowbuild", 2, TimeSpan.FromSeconds(90));

        Assert.Equal("Succeeded", second.Release.Status);
        Assert.Contains("second", await (await _server.GetThroughGatewayAsync("slowbuild.localhost")).Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var superseded = await _server.ReleaseAsync("slowbuild", 1);
        Assert.Equal("Superseded", superseded.Release.Status);
        Assert.Contains(superseded.Events, e => e.Kind == "build.cancelled" && e.Message.Contains("release 2", StringComparison.Ordinal));
        await Eventually.UntilAsync(() => !SlowStepRunning(), TimeSpan.FromSeconds(10), "the cancelled build's process to be gone");
    }

    private static bool SlowStepRunning() =>
        Directory.EnumerateDirectories("/proc").Any(p => TryRead(Path.Combine(p, "cmdline")).Replace('\0', ' ').Trim() == SlowStep);

    private static string TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }
}
