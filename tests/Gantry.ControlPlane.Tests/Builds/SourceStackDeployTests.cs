using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Builds;

/// <summary>
/// Folders without a Dockerfile — Python, Go, Java (Maven) and PHP — deployed on the process runtime with the machine's
/// real toolchains: each answers through the gateway, and its release records what the build detected.
/// </summary>
public sealed class SourceStackDeployTests : IAsyncLifetime
{
    private readonly TempDirectory _apps = new();
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _apps.Dispose();
    }

    public static TheoryData<string> Stacks => ["python", "go", "java", "php"];

    [Theory]
    [MemberData(nameof(Stacks))]
    public async Task AFolderWithoutADockerfile_IsBuiltForItsStack_AndAnswersThroughTheGateway(string stack)
    {
        var name = $"hello-{stack}";
        var folder = _apps.Combine(name);
        SourceStackApps.WriteTo(folder, stack, name);

        var response = await _server.DeployFolderAsync(folder, "score.yaml");
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        var release = await _server.WaitForReleaseAsync(name, 1, TimeSpan.FromMinutes(3));

        Assert.True(release.Release.Status == "Succeeded", string.Join("\n", release.Events.Select(e => $"{e.Kind}: {e.Message}")));
        Assert.Equal($"hello from {stack}", await (await _server.GetThroughGatewayAsync($"{name}.localhost")).Content.ReadAsStringAsync());
        var detected = Assert.Single(release.Release.Builds);
        Assert.Equal(name, detected.Key);
        Assert.StartsWith(stack switch { "python" => "Python 3.", "go" => "Go 1.", "java" => "Java (pom.xml", _ => "PHP (composer.json)" }, detected.Value, StringComparison.Ordinal);
        Assert.Contains(release.Events, e => e.Kind == "build.finished" && e.Message.Contains(detected.Value, StringComparison.Ordinal));
        var log = await _server.Admin.GetStringAsync($"/api/v1/apps/{name}/releases/1/build-log");
        Assert.Contains($"detected {detected.Value}\n", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBuildLogOfAReleaseThatDoesNotExist_IsA404NamingIt()
    {
        var response = await _server.Admin.GetAsync("/api/v1/apps/nothing/releases/7/build-log");

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("app 'nothing' has no release 7", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
