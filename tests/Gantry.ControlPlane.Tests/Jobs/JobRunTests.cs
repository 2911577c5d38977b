using System.Net;
using System.Text.Json;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Notifications;
using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Jobs;

/// <summary>
/// Runs started now through the API on the process runtime: output and exit code recorded, a failing run retried
/// and then reported to a real webhook receiver as job.failed, a timeout enforced, and clear refusals.
/// </summary>
public sealed class JobRunTests : IAsyncLifetime
{
    private const string Yearly = "0 0 1 1 *";
    private readonly TempDirectory _temp = new("gantry-jobs");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task ARunStartedNow_RecordsItsOutput_ExitCodeAndDuration_AndItsMetrics()
    {
        var app = await JobApp.DeployAsync(_server, _temp.Path, $$"""
            - name: report
              workload: web
              schedule: "{{Yearly}}"
              command: ["sh", "-c", "echo report for $GANTRY_APP greeting $GREETING; echo warning >&2"]
            """, app: "metered");

        var started = await app.RunNowAsync("report");
        Assert.Equal(("manual", "running"), (started.Trigger, started.State));

        var run = await app.EndedAsync("report", started.Id);
        Assert.Equal(("succeeded", 0, 1), (run.State, run.ExitCode, run.Attempts));
        Assert.NotNull(run.DurationSeconds);
        var lines = await app.LogsAsync("report", run.Id);
        Assert.Contains(lines, l => l.Stream == "stdout" && l.Text == "report for metered greeting hello");
        Assert.Contains(lines, l => l.Stream == "stderr" && l.Text == "warning");
        var job = Assert.Single(await app.JobsAsync());
        Assert.Equal(("report", "web", Yearly, "UTC", "Allow"), (job.Name, job.Workload, job.Schedule, job.TimeZone, job.Concurrency));
        Assert.Equal(run.Id, job.LastRun!.Id);
        Assert.Equal(new DateTimeOffset(DateTimeOffset.UtcNow.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero), job.NextRunAt);

        // Prometheus' view, through OpenTelemetry's exporter with the admin token (other tests' servers share the meters: this app's series only).
        var metrics = await _server.Admin.GetStringAsync(Gantry.ControlPlane.Hosting.PlatformMetrics.Path.TrimStart('/'));
        var series = metrics.Split('\n').Where(l => l.Contains("app=\"metered\"", StringComparison.Ordinal) && l.Contains("job=\"report\"", StringComparison.Ordinal)).ToList();
        Assert.Contains(series, l => l.StartsWith("gantry_jobs_runs_total{", StringComparison.Ordinal) && l.Contains("outcome=\"succeeded\"", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains(series, l => l.StartsWith("gantry_jobs_duration_seconds_count{", StringComparison.Ordinal) && l.EndsWith(" 1", StringComparison.Ordinal));
        Assert.Contains("gantry_notifications_outbox_depth{", metrics, StringComparison.Ordinal);
        Assert.Contains("gantry_jobs_running", metrics, StringComparison.Ordinal);
        using var anonymous = new HttpClient { BaseAddress = _server.Admin.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(Gantry.ControlPlane.Hosting.PlatformMetrics.Path.TrimStart('/'))).StatusCode);
    }

    [Fact]
    public async Task AFailingRun_IsRetried_ThenFails_AndNotifiesAWebhook()
    {
        await using var receiver = await HookReceiver.StartAsync();
        var added = await _server.Admin.PutAsJsonAsync("api/v1/notifications/jobs", new NotificationDestinationRequest(Webhook: receiver.Url.ToString()));
        Assert.True(added.IsSuccessStatusCode, await added.Content.ReadAsStringAsync());
        var app = await JobApp.DeployAsync(_server, _temp.Path, $$"""
            - name: import
              workload: web
              schedule: "{{Yearly}}"
              retries: 1
              command: ["sh", "-c", "echo importing; exit 3"]
            """);

        var run = await app.EndedAsync("import", (await app.RunNowAsync("import")).Id);

        Assert.Equal(("failed", 3, 2), (run.State, run.ExitCode, run.Attempts));
        Assert.Equal("exited with exit code 3", run.Message);
        Assert.Equal(2, (await app.LogsAsync("import", run.Id)).Count(l => l.Text == "importing"));
        var hook = await Eventually.UntilAsync(
            () => Task.FromResult(receiver.Accepted), a => a.Any(h => h.Header("X-Gantry-Event") == "job.failed"), JobApp.Deadline, "the job.failed webhook");
        var body = JsonSerializer.Deserialize<EventNotification>(hook.Single(h => h.Header("X-Gantry-Event") == "job.failed").Body, JsonSerializerOptions.Web)!;
        Assert.Equal(("job.failed", "cron"), (body.Type, body.App));
        Assert.Contains($"job import failed (run {run.Id}): exited with exit code 3", body.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARunPastItsTimeout_IsStoppedAndFailed()
    {
        var app = await JobApp.DeployAsync(_server, _temp.Path, $$"""
            - name: stuck
              workload: web
              schedule: "{{Yearly}}"
              timeout: 1s
              command: ["sleep", "60"]
            """);

        var run = await app.EndedAsync("stuck", (await app.RunNowAsync("stuck")).Id, TimeSpan.FromSeconds(30));

        Assert.Equal(("failed", "timed out after 1s"), (run.State, run.Message));
        Assert.True(run.DurationSeconds < 20, $"it ran {run.DurationSeconds}s");
    }

    [Fact]
    public async Task AnUnknownJobOrApp_IsRefusedClearly()
    {
        var app = await JobApp.DeployAsync(_server, _temp.Path, $$"""
            - name: report
              workload: web
              schedule: "{{Yearly}}"
            """);

        var unknownJob = await _server.Admin.PostAsync($"api/v1/apps/{app.Name}/jobs/reprot/runs", null);
        Assert.Equal(HttpStatusCode.NotFound, unknownJob.StatusCode);
        Assert.Contains("has no job 'reprot' in its serving release; its jobs: report", await unknownJob.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync("api/v1/apps/nope/jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _server.Admin.GetAsync($"api/v1/apps/{app.Name}/jobs/report/runs/999")).StatusCode);
    }
}
