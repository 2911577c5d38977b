using Gantry.ControlPlane.Tests.Support;
using Gantry.Testing;

namespace Gantry.ControlPlane.Tests.Jobs;

/// <summary>
/// Jobs started by their schedule on the process runtime, on the real clock: every minute, concurrency Forbid and
/// Replace (schedules with seconds keep those quick), and the occurrence missed while Gantry was stopped.
/// </summary>
public sealed class JobScheduleTests : IAsyncLifetime
{
    private readonly TempDirectory _temp = new("gantry-cron");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync(_temp.Combine("data"));

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task AJobEveryMinute_RunsOnTheMinute_AndRecordsItsOutputAndExitCode()
    {
        var app = await JobApp.DeployAsync(_server, _temp.Combine("app"), """
            - name: tick
              workload: web
              schedule: "* * * * *"
              command: ["sh", "-c", "echo tick $GANTRY_JOB_RUN"]
            """);

        var runs = await app.RunsUntilAsync("tick", r => r.Any(x => x.Trigger == "schedule" && x.State != "running"), "a scheduled run to end", TimeSpan.FromSeconds(100));

        var run = runs.First(r => r.Trigger == "schedule" && r.State != "running");
        Assert.Equal(("succeeded", 0), (run.State, run.ExitCode));
        Assert.Equal((0, 0), (run.ScheduledAt.Second, run.ScheduledAt.Millisecond));
        Assert.InRange(run.StartedAt!.Value - run.ScheduledAt, TimeSpan.Zero, TimeSpan.FromSeconds(10));
        Assert.Contains(await app.LogsAsync("tick", run.Id), l => l.Stream == "stdout" && l.Text == $"tick {run.Id}");
    }

    [Fact]
    public async Task Forbid_SkipsARunWhileThePreviousStillRuns()
    {
        var app = await JobApp.DeployAsync(_server, _temp.Combine("app"), """
            - name: slow
              workload: web
              schedule: "*/2 * * * * *"
              concurrency: Forbid
              command: ["sleep", "5"]
            """);

        var runs = await app.RunsUntilAsync("slow", r => r.Any(x => x.State == "skipped") && r.Any(x => x.State == "succeeded"), "a skipped and a finished run");

        var skipped = runs.First(r => r.State == "skipped");
        Assert.Matches(@"^skipped: run \d+ is still running and concurrency is Forbid$", skipped.Message);
        var ran = runs.Where(r => r.StartedAt is not null).OrderBy(r => r.StartedAt).ToList();
        for (var i = 1; i < ran.Count; i++)
        {
            Assert.True(ran[i - 1].FinishedAt is { } end && end <= ran[i].StartedAt, $"run {ran[i].Id} started while run {ran[i - 1].Id} ran");
        }
    }

    [Fact]
    public async Task Replace_StopsTheRunningRun_ForTheNewOne()
    {
        var app = await JobApp.DeployAsync(_server, _temp.Combine("app"), """
            - name: latest
              workload: web
              schedule: "*/3 * * * * *"
              concurrency: Replace
              command: ["sleep", "60"]
            """);

        var runs = await app.RunsUntilAsync("latest", r => r.Any(x => x.State == "failed"), "a replaced run");

        var replaced = runs.First(r => r.State == "failed");
        Assert.Equal("stopped: replaced by a newer run (concurrency is Replace)", replaced.Message);
        Assert.Contains(runs, r => r.Id > replaced.Id && r.StartedAt >= replaced.FinishedAt);
    }

    [Fact]
    public async Task AnOccurrenceMissedWhileGantryWasStopped_RunsOnceOnStart_WithinItsStartingDeadline()
    {
        var app = await JobApp.DeployAsync(_server, _temp.Combine("app"), """
            - name: nightly
              workload: web
              schedule: "*/10 * * * * *"
              startingDeadline: 5m
              command: ["sh", "-c", "echo made up"]
            - name: strict
              workload: web
              schedule: "0 * * * * *"
              startingDeadline: 2s
              command: ["true"]
            """);
        await app.RunsUntilAsync("nightly", r => r.Any(x => x.Trigger == "schedule" && x.State == "succeeded"), "a first scheduled run");

        await _server.DisposeAsync();
        var stoppedAt = DateTimeOffset.UtcNow;
        var (nightlyMissed, strictMissed) = (Next(stoppedAt, 10), Next(stoppedAt, 60));

        // Started again 3 s or more after strict's occurrence (once a minute): later than its deadline, whatever the start takes.
        await Eventually.UntilAsync(() => DateTimeOffset.UtcNow > strictMissed.AddSeconds(3), TimeSpan.FromSeconds(80), "a minute to pass while Gantry is stopped");
        _server = await TestServer.StartAsync(_temp.Combine("data"));
        app = new JobApp(_server, app.Name);

        // Occurrences passed while the release was being built the first time are made up too: only those after the stop count here.
        var nightly = await app.RunsUntilAsync("nightly", r => r.Any(x => x.Trigger == "missed" && x.ScheduledAt >= nightlyMissed && x.State == "succeeded"), "the missed run to be made up");
        var madeUp = Assert.Single(nightly, r => r.Trigger == "missed" && r.ScheduledAt >= nightlyMissed);
        Assert.Contains(await app.LogsAsync("nightly", madeUp.Id), l => l.Text == "made up");
        var strict = await app.RunsUntilAsync("strict", r => r.Any(x => x.Trigger == "missed" && x.ScheduledAt == strictMissed), "the missed run of strict to be recorded");
        var late = Assert.Single(strict, r => r.Trigger == "missed" && r.ScheduledAt == strictMissed);
        Assert.Equal("missed", late.State);
        Assert.Matches(@"^not run: due \d+s ago, later than its startingDeadline of 2s$", late.Message);
    }

    /// <summary>The first time after <paramref name="after"/> that is a whole multiple of <paramref name="seconds"/> (UTC).</summary>
    private static DateTimeOffset Next(DateTimeOffset after, int seconds) =>
        DateTimeOffset.FromUnixTimeSeconds((after.ToUnixTimeSeconds() / seconds * seconds) + seconds);
}
