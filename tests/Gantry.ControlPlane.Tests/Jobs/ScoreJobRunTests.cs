using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Jobs;

/// <summary>
/// A job with a Score file of its own, on the process runtime: built with the release, run with that file's
/// command and variables, calling the app's workload through a service-port resource; its secret stays hidden.
/// </summary>
public sealed class ScoreJobRunTests : IAsyncLifetime
{
    private const string Token = "tok-7f3a9c2e51";
    private readonly TempDirectory _temp = new("gantry-score-job");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task AJobsOwnScoreFile_RunsItsWorkload_WhichCallsTheAppThroughAServicePort()
    {
        await File.WriteAllTextAsync(_temp.Combine("ping.score.yaml"), $$"""
            apiVersion: score.dev/v1b1
            metadata: { name: pinger }
            containers:
              main:
                image: .
                command:
                  - node
                  - -e
                  - "fetch(process.env.API + '/from-job').then(r => r.json()).then(b => console.log(process.env.GANTRY_WORKLOAD + ' got ' + b.greeting + ' at ' + b.path + ', token ' + process.env.API_TOKEN.length + ' chars'))"
                variables:
                  API: http://${resources.api.hostname}:${resources.api.port}
                  API_TOKEN: {{Token}}
            resources:
              api:
                type: service-port
                params: { workload: web, port: http }
            """);
        var app = await JobApp.DeployAsync(_server, _temp.Path, """
            - name: ping
              score: ping.score.yaml
              schedule: "0 0 1 1 *"
            """, app: "pinged");

        var job = Assert.Single(await app.JobsAsync());
        Assert.Equal(("ping", "pinger", "ping.score.yaml"), (job.Name, job.Workload, job.ScoreFile));
        var run = await app.EndedAsync("ping", (await app.RunNowAsync("ping")).Id);

        var output = string.Join("\n", (await app.LogsAsync("ping", run.Id)).Select(l => l.Text));
        Assert.True(run.State == "succeeded", $"{run.State} {run.Message}: {output}");
        Assert.Contains($"pinger got hello at /from-job, token {Token.Length} chars", output, StringComparison.Ordinal);

        // The release built the job's workload beside the app's, and shows its secret hidden like the app's.
        var release = await _server.ReleaseAsync("pinged", run.Release);
        Assert.Contains(release.Events, e => e.Kind == "build.finished" && e.Message.StartsWith("pinger:", StringComparison.Ordinal));
        var variables = release.Spec.Jobs.Single().OwnWorkload!.Containers[0].Variables;
        Assert.StartsWith("(secret, fingerprint ", variables["API_TOKEN"], StringComparison.Ordinal);
        Assert.DoesNotContain(Token, await _server.Admin.GetStringAsync("api/v1/apps/pinged/releases/" + run.Release), StringComparison.Ordinal);
    }
}
