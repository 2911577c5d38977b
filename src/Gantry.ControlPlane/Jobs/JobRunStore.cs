using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Jobs;

/// <summary>The store's record of job runs: each run is written when it is due, and again when it ends.</summary>
public sealed class JobRunStore(IDbContextFactory<GantryDbContext> dbFactory, TimeProvider time)
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Skipped = "skipped";
    public const string Missed = "missed";

    public const string ByManual = "manual";
    public const string BySchedule = "schedule";
    public const string ByMissed = "missed";

    /// <summary>Records a run that starts now (<see cref="Running"/>) or never will (skipped, missed: then finished at once).</summary>
    public async Task<JobRunRecord> AddAsync(
        string app, string job, int release, string trigger, DateTimeOffset scheduledAt, string state, string? message, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var run = new JobRunRecord
        {
            App = app, Job = job, Release = release, Trigger = trigger, ScheduledAt = scheduledAt, State = state, Message = message,
            StartedAt = state == Running ? now : null, FinishedAt = state == Running ? null : now, LogId = "",
        };
        db.JobRuns.Add(run);
        await db.SaveChangesAsync(cancellationToken);

        // Named after its id, which the store gives: unique on the machine, and findable from the run.
        run.LogId = $"{app}-{job}-run{run.Id}";
        await db.SaveChangesAsync(cancellationToken);
        return run;
    }

    public async Task SetAttemptAsync(long id, int attempt, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.JobRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s.SetProperty(r => r.Attempts, attempt), cancellationToken);
    }

    public async Task FinishAsync(long id, string state, int? exitCode, string? message)
    {
        await using var db = await dbFactory.CreateDbContextAsync();
        var now = time.GetUtcNow();
        await db.JobRuns.Where(r => r.Id == id).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, state)
            .SetProperty(r => r.ExitCode, exitCode)
            .SetProperty(r => r.Message, message)
            .SetProperty(r => r.FinishedAt, now));
    }

    /// <summary>The newest occurrence the schedule has already dealt with (run, skipped or missed); null before the first.</summary>
    public async Task<DateTimeOffset?> LastScheduledAsync(string app, string job, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.AsNoTracking().Where(r => r.App == app && r.Job == job && r.Trigger != ByManual)
            .OrderByDescending(r => r.Id).Select(r => (DateTimeOffset?)r.ScheduledAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>When the release was made: a job's schedule counts from there until it first ran.</summary>
    public async Task<DateTimeOffset?> ReleasedAtAsync(string app, int release, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Releases.AsNoTracking().Where(r => r.App == app && r.Number == release)
            .Select(r => (DateTimeOffset?)r.CreatedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Runs a killed Gantry left marked running: their instances were removed on start, so they failed.</summary>
    public async Task<int> MarkInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        return await db.JobRuns.Where(r => r.State == Running).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.State, Failed)
            .SetProperty(r => r.Message, "interrupted: Gantry stopped while it ran")
            .SetProperty(r => r.FinishedAt, now), cancellationToken);
    }

    /// <summary>The newest runs first, of one app (and job) or of all.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> ListAsync(string? app, string? job, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.JobRuns.AsNoTracking();
        if (app is not null)
        {
            query = query.Where(r => r.App == app);
        }

        if (job is not null)
        {
            query = query.Where(r => r.Job == job);
        }

        return await query.OrderByDescending(r => r.Id).Take(limit).ToListAsync(cancellationToken);
    }

    public async Task<JobRunRecord?> FindAsync(string app, long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.JobRuns.AsNoTracking().SingleOrDefaultAsync(r => r.App == app && r.Id == id, cancellationToken);
    }

    /// <summary>Each job's newest run that is not a skipped or missed one, for the jobs list.</summary>
    public async Task<IReadOnlyList<JobRunRecord>> LatestAsync(string? app, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.JobRuns.AsNoTracking().Where(r => r.State != Skipped && r.State != Missed);
        if (app is not null)
        {
            query = query.Where(r => r.App == app);
        }

        var newest = query.GroupBy(r => new { r.App, r.Job }).Select(g => g.Max(r => r.Id));
        return await db.JobRuns.AsNoTracking().Where(r => newest.Contains(r.Id)).ToListAsync(cancellationToken);
    }
}
