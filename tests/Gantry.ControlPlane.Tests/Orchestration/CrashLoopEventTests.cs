using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Orchestration;

/// <summary>
/// Instances in trouble on the process runtime: each exit of one that keeps crashing is an instance.crashed event and
/// the third in a row one instance.crashloop; one stopped for failing its liveness probe is instance.unhealthy.
/// </summary>
public sealed class CrashLoopEventTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-crashloop");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task ThreeExitsInARow_AreACrashLoop_AnnouncedOnce()
    {
        await _server.DeployAsync(new NodeApp(Name: "loopy", CrashOnStart: true, ReadyTimeout: "120s"), _temp.Path);

        var events = await Eventually.UntilAsync(
            async () => await _server.Admin.GetFromJsonAsync<List<EventInfo>>("api/v1/events?app=loopy", JsonSerializerOptions.Web) ?? [],
            e => e.Count(x => x.Kind == "instance.crashed") >= 4, TimeSpan.FromSeconds(60), "four crashes");

        var loop = Assert.Single(events, e => e.Kind == "instance.crashloop");
        Assert.Matches(@"^instance loopy-web-1-\w{4} keeps crashing: it exited 3 times in a row without becoming ready \(last: exit code 3\)", loop.Message);
        var crashes = events.Where(e => e.Kind == "instance.crashed").OrderBy(e => e.Id).ToList();
        Assert.True(loop.Id > crashes[2].Id && loop.Id < crashes[3].Id, "announced right after the third crash");
    }

    [Fact]
    public async Task AnInstanceFailingItsLivenessProbe_IsStoppedAsUnhealthy()
    {
        // Alive on the first liveness probe only: then it hangs, as far as the probe can tell.
        await File.WriteAllTextAsync(_temp.Combine("server.js"), """
            let probes = 0;
            require('http').createServer((req, res) => {
              res.statusCode = req.url === '/alive' && probes++ > 0 ? 500 : 200;
              res.end();
            }).listen(Number(process.env.PORT), '127.0.0.1');
            """);
        await File.WriteAllTextAsync(_temp.Combine("score.yaml"), """
            apiVersion: score.dev/v1b1
            metadata: { name: web }
            service:
              ports:
                http: { port: 80, targetPort: 8080 }
            containers:
              main:
                image: .
                command: ["node", "server.js"]
                readinessProbe:
                  httpGet: { path: /ready, port: 8080 }
                livenessProbe:
                  httpGet: { path: /alive, port: 8080 }
            """);
        await File.WriteAllTextAsync(_temp.Combine("gantry.yaml"), "name: sick\nworkloads:\n  - score: score.yaml\n");
        Assert.True((await _server.DeployFilesAsync(_temp.Path)).IsSuccessStatusCode);

        var events = await Eventually.UntilAsync(
            async () => await _server.Admin.GetFromJsonAsync<List<EventInfo>>("api/v1/events?app=sick", JsonSerializerOptions.Web) ?? [],
            e => e.Any(x => x.Kind == "instance.unhealthy"), TimeSpan.FromSeconds(90), "an unhealthy instance");

        var unhealthy = events.First(e => e.Kind == "instance.unhealthy");
        Assert.Matches(@"^instance sick-web-1-\w{4} failed its liveness probe and was stopped \(", unhealthy.Message);
        Assert.DoesNotContain(events, e => e.Kind == "instance.crashed");
    }
}
