using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Secrets;

/// <summary>Gantry's own words about an app — failure reasons, events — never repeat its secrets, even when the app printed one.</summary>
public sealed class SecretScrubbingTests : IAsyncLifetime
{
    private const string Password = "pw-9f8e7d6c5b4a";
    private readonly TempDirectory _app = new("gantry-scrub");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task AnAppThatPrintsItsPasswordAndCrashes_FailsWithAReasonAndEventsThatHideIt()
    {
        await File.WriteAllTextAsync(_app.Combine("score.yaml"), $$"""
            apiVersion: score.dev/v1b1
            metadata:
              name: web
            service:
              ports:
                http: { port: 80, targetPort: 8080 }
            containers:
              main:
                image: .
                command: ["sh", "-c", "echo connecting with password $DB_PASSWORD; exit 3"]
                variables:
                  DB_PASSWORD: "{{Password}}"
                readinessProbe:
                  httpGet: { path: /, port: 8080 }
            """);
        await File.WriteAllTextAsync(_app.Combine("gantry.yaml"), "name: leaky\nworkloads:\n  - score: score.yaml\n    rollout: { readyTimeout: 10s }\n");

        var response = await _server.DeployFilesAsync(_app.Path);
        var accepted = JsonSerializer.Deserialize<DeployAccepted>(await response.Content.ReadAsStringAsync(), JsonSerializerOptions.Web)!;
        var release = await _server.WaitForReleaseAsync("leaky", accepted.Release);

        Assert.Equal("Failed", release.Release.Status);
        Assert.Contains("connecting with password (secret)", release.Release.Reason);
        var events = await _server.Admin.GetStringAsync("api/v1/events?app=leaky");
        Assert.Contains("(secret)", events);
        Assert.DoesNotContain(Password, events, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, JsonSerializer.Serialize(release, JsonSerializerOptions.Web), StringComparison.Ordinal);
        Assert.DoesNotContain(Password, await _server.Admin.GetStringAsync("api/v1/apps/leaky/releases"), StringComparison.Ordinal);
    }
}
