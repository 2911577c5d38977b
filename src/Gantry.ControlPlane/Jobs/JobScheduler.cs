using System.Collections.Concurrent;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Orchestration;
using Gantry.ControlPlane.Store;

namespace Gantry.ControlPlane.Jobs;

/// <summary>
/// Starts the scheduled jobs of every app's serving release when they are due, as Kubernetes' CronJob controller
/// does: concurrency Allow, Forbid (skip while one runs) or Replace (stop it first); the newest occurrence missed
/// while Gantry was down runs once on start unless it is later than startingDeadline. Runs a killed Gantry left
/// marked running are failed on start; runs still going when Gantry stops are stopped.
/// </summary>
public sealed partial class JobScheduler(
    LocalOrchestrator orchestrator, JobRunner runner, JobRunStore runs, TimeProvider time, ILogger<JobScheduler> logger) : BackgroundService
{
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<long, ActiveRun> _active = new();
    private readonly Dictionary<(string App, string Job), (JobSpec Spec, DateTimeOffset? Next)> _schedules = [];

    /// <summary>The runs going now.</summary>
    public IReadOnlyCollection<ActiveRun> Active => [.. _active.Values];

    /// <summary>Starts a run of the job now, beside any that run (as <c>kubectl create job --from</c> does).</summary>
    public async Task<JobRunRecord> RunNowAsync(string app, string job, CancellationToken cancellationToken)
    {
        var build = orchestrator.ServingBuild(app) ?? throw new JobRefusedException($"app '{app}' has no release serving on this machine yet; run the job once it is live");
        var spec = build.Spec.Jobs.FirstOrDefault(j => j.Name == job)
            ?? throw JobRefusedException.NotFound(app, job, build.Spec.Jobs.Select(j => j.Name));
        return await StartAsync(app, build, spec, JobRunStore.ByManual, time.GetUtcNow(), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interrupted = await runs.MarkInterruptedAsync(stoppingToken);
        if (interrupted > 0)
        {
            LogInterrupted(logger, interrupted);
        }

        using var timer = new PeriodicTimer(Tick, time);
        do
        {
            try
            {
                await StartDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSchedulerFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        var going = _active.Values.ToList();
        foreach (var run in going)
        {
            run.Stop("stopped: Gantry is stopping");
        }

        await Task.WhenAll(going.Select(r => r.Ended));
    }

    private async Task StartDueAsync(CancellationToken cancellationToken)
    {
        var seen = new HashSet<(string, string)>();
        var serving = new HashSet<string>(StringComparer.Ordinal);
        foreach (var app in orchestrator.Apps)
        {
            if (orchestrator.ServingBuild(app) is not { } build)
            {
                continue;
            }

            serving.Add(app);

            foreach (var job in build.Spec.Jobs)
            {
                seen.Add((app, job.Name));
                await StartIfDueAsync(app, build, job, cancellationToken);
            }
        }

        foreach (var gone in _schedules.Keys.Where(k => !seen.Contains(k)).ToList())
        {
            _schedules.Remove(gone);
        }

        foreach (var orphan in _active.Values.Where(r => !serving.Contains(r.App)))
        {
            orphan.Stop("stopped: the app was deleted");
        }

        // A run started by hand goes on, as a Job made from a CronJob does when the CronJob is removed.
        foreach (var orphan in _active.Values.Where(r => serving.Contains(r.App) && r.Run.Trigger != JobRunStore.ByManual && !seen.Contains((r.App, r.Job))))
        {
            orphan.Stop("stopped: the job is no longer in the app's serving release");
        }
    }

    private async Task StartIfDueAsync(string app, ReleaseBuild build, JobSpec job, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var key = (app, job.Name);
        if (!_schedules.TryGetValue(key, out var known))
        {
            // First seen since Gantry started: the newest occurrence since the last one dealt with was missed.
            var last = await runs.LastScheduledAsync(app, job.Name, cancellationToken) ?? await runs.ReleasedAtAsync(app, build.Release, cancellationToken) ?? now;
            _schedules[key] = (job, job.NextAfter(now));
            if (job.LastBetween(last, now) is { } missed)
            {
                await DueAsync(app, build, job, JobRunStore.ByMissed, missed, now, cancellationToken);
            }

            return;
        }

        if (known.Spec.Schedule != job.Schedule || known.Spec.TimeZone != job.TimeZone)
        {
            known = (job, job.NextAfter(now));
        }

        _schedules[key] = known with { Spec = job };
        if (known.Next is not { } due || due > now)
        {
            return;
        }

        _schedules[key] = (job, job.NextAfter(now));
        await DueAsync(app, build, job, JobRunStore.BySchedule, due, now, cancellationToken);
    }

    private async Task DueAsync(string app, ReleaseBuild build, JobSpec job, string trigger, DateTimeOffset due, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (job.StartingDeadline is { } deadline && now - due > deadline)
        {
            await runs.AddAsync(app, job.Name, build.Release, trigger, due, JobRunStore.Missed,
                $"not run: due {Late(now - due)} ago, later than its startingDeadline of {Late(deadline)}", cancellationToken);
            JobMetrics.Ended(app, job.Name, JobRunStore.Missed, null);
            return;
        }

        var running = _active.Values.Where(r => r.App == app && r.Job == job.Name).ToList();
        if (running.Count > 0 && job.Concurrency == JobConcurrency.Forbid)
        {
            await runs.AddAsync(app, job.Name, build.Release, trigger, due, JobRunStore.Skipped,
                $"skipped: run {running[0].Run.Id} is still running and concurrency is Forbid", cancellationToken);
            JobMetrics.Ended(app, job.Name, JobRunStore.Skipped, null);
            return;
        }

        if (job.Concurrency == JobConcurrency.Replace)
        {
            foreach (var old in running)
            {
                old.Stop("stopped: replaced by a newer run (concurrency is Replace)");
            }

            await Task.WhenAll(running.Select(r => r.Ended));
        }

        await StartAsync(app, build, job, trigger, due, cancellationToken);
    }

    private async Task<JobRunRecord> StartAsync(string app, ReleaseBuild build, JobSpec job, string trigger, DateTimeOffset due, CancellationToken cancellationToken)
    {
        var record = await runs.AddAsync(app, job.Name, build.Release, trigger, due, JobRunStore.Running, null, cancellationToken);
        var active = new ActiveRun(record);
        _active[record.Id] = active;
        active.Ended = Task.Run(async () =>
        {
            try
            {
                await runner.RunAsync(build, job, active);
            }
            catch (Exception e)
            {
                LogRunFailed(logger, record.App, record.Job, record.Id, e);
                await runs.FinishAsync(record.Id, JobRunStore.Failed, null, $"Gantry could not run it: {e.Message}");
            }
            finally
            {
                _active.TryRemove(record.Id, out _);
                active.Dispose();
            }
        }, CancellationToken.None);
        return record;
    }

    private static string Late(TimeSpan late) =>
        late.TotalSeconds < 120 ? $"{late.TotalSeconds:0}s" : late.TotalMinutes < 120 ? $"{late.TotalMinutes:0}m" : $"{late.TotalHours:0.#}h";

    [LoggerMessage(EventId = 601, Level = LogLevel.Warning, Message = "Job runs failed to start: {Reason}")]
    private static partial void LogSchedulerFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 602, Level = LogLevel.Error, Message = "Job {App}/{Job} run {Run} could not be run")]
    private static partial void LogRunFailed(ILogger logger, string app, string job, long run, Exception exception);

    [LoggerMessage(EventId = 603, Level = LogLevel.Warning, Message = "{Count} job runs were interrupted by a stop of Gantry and are marked failed")]
    private static partial void LogInterrupted(ILogger logger, int count);
}
