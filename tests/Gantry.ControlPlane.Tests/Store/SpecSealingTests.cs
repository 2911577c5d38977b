using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Tests.Store;

/// <summary>Release specs carry the app's variables; on disk they are sealed, in the control plane they read as before.</summary>
public sealed class SpecSealingTests : IDisposable
{
    private const string Greeting = "pg-pass-7f3a9c";
    private readonly TempDirectory _apps = new();
    private readonly TempDirectory _data = new("gantry-data");

    public void Dispose()
    {
        _apps.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task AReleasesVariables_AreNotInTheDatabaseFiles_YetTheReleaseRunsAndIsServedAgainAfterARestart()
    {
        await using (var first = await TestServer.StartAsync(_data.Path))
        {
            var release = await first.WaitForReleaseAsync("echo", (await first.DeployAsync(new NodeApp(Greeting: Greeting), _apps.Combine("v1"))).Release);
            Assert.Equal("Succeeded", release.Release.Status);

            var onDisk = string.Concat(Directory.GetFiles(_data.Path, "gantry.db*").Select(f => System.Text.Encoding.UTF8.GetString(File.ReadAllBytes(f))));
            Assert.DoesNotContain(Greeting, onDisk, StringComparison.Ordinal);
            Assert.Contains("sealed:v1:", onDisk, StringComparison.Ordinal);
        }

        await using var second = await TestServer.StartAsync(_data.Path);
        var body = await Eventually.UntilAsync(
            async () => await (await second.GetThroughGatewayAsync("echo.localhost")).Content.ReadAsStringAsync(),
            text => text.Contains(Greeting, StringComparison.Ordinal),
            TimeSpan.FromSeconds(30),
            "the app to be served with its variables after the restart");
        Assert.Contains("\"release\":\"1\"", body);
    }

    [Fact]
    public async Task SpecsStoredBeforeSealing_AreReadAsTheyAre()
    {
        await using var server = await TestServer.StartAsync(_data.Path);
        var sealing = server.Server.Services.GetRequiredService<SpecSealing>();

        Assert.Equal("{\"name\":\"old\"}", sealing.Open("{\"name\":\"old\"}"));
        var sealedSpec = sealing.Seal("{\"name\":\"new\"}");
        Assert.StartsWith("sealed:v1:", sealedSpec, StringComparison.Ordinal);
        Assert.Equal(sealedSpec, sealing.Seal(sealedSpec));
        Assert.Equal("{\"name\":\"new\"}", sealing.Open(sealedSpec));
    }
}
