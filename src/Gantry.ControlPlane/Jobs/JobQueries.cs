using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Jobs;

/// <summary>What the API and the console show of jobs: each serving release's jobs with their next and latest runs.</summary>
public sealed class JobQueries(
    IDbContextFactory<GantryDbContext> dbFactory, JobRunStore runs, JobScheduler scheduler, Orchestration.LocalOrchestrator orchestrator, TimeProvider time)
{
    /// <summary>The jobs of one app (null when the app does not exist), or of every app.</summary>
    public async Task<IReadOnlyList<JobInfo>?> ListAsync(string? app, CancellationToken cancellationToken)
    {
        var jobs = new List<(string App, JobSpec Job)>();
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var apps = await db.Apps.AsNoTracking().Where(a => app == null || a.Name == app).ToListAsync(cancellationToken);
            if (app is not null && apps.Count == 0)
            {
                return null;
            }

            foreach (var serving in apps.Where(a => a.CurrentRelease != null).OrderBy(a => a.Name, StringComparer.Ordinal))
            {
                // The console asks every second: the release the orchestrator serves is in memory; only another is read and opened.
                var spec = orchestrator.ServingBuild(serving.Name) is { } build && build.Release == serving.CurrentRelease
                    ? build.Spec
                    : SpecSerializer.Deserialize((await db.Releases.AsNoTracking()
                        .SingleAsync(r => r.App == serving.Name && r.Number == serving.CurrentRelease, cancellationToken)).SpecJson);
                jobs.AddRange(spec.Jobs.Select(j => (serving.Name, j)));
            }
        }

        var latest = (await runs.LatestAsync(app, cancellationToken)).ToDictionary(r => (r.App, r.Job));
        var active = scheduler.Active;
        var now = time.GetUtcNow();
        return [.. jobs.Select(j => new JobInfo(
            j.App, j.Job.Name, j.Job.Workload, j.Job.Command.IsDefault ? [] : j.Job.Command, j.Job.Schedule, j.Job.TimeZone, j.Job.Concurrency.ToString(),
            Seconds(j.Job.Timeout), j.Job.Retries, Seconds(j.Job.StartingDeadline), j.Job.NextAfter(now),
            active.Count(r => r.App == j.App && r.Job == j.Job.Name),
            latest.TryGetValue((j.App, j.Job.Name), out var last) ? ToInfo(last) : null) { ScoreFile = j.Job.OwnWorkload?.SourceFile })];
    }

    public async Task<IReadOnlyList<JobRunInfo>> RunsAsync(string? app, string? job, int limit, CancellationToken cancellationToken) =>
        [.. (await runs.ListAsync(app, job, limit, cancellationToken)).Select(ToInfo)];

    public static JobRunInfo ToInfo(JobRunRecord run) => new(
        run.Id, run.App, run.Job, run.Release, run.Trigger, run.State, run.ScheduledAt, run.StartedAt, run.FinishedAt,
        run.StartedAt is { } started && run.FinishedAt is { } finished ? Math.Round((finished - started).TotalSeconds, 3) : null,
        run.ExitCode, run.Attempts, run.Message);

    private static int? Seconds(TimeSpan? duration) => duration is { } d ? (int)Math.Ceiling(d.TotalSeconds) : null;
}
