using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Resources.Backups;

/// <summary>
/// Backs up apps' resources on the schedules of their serving releases (gantry.yaml's <c>backups</c>), then keeps the
/// newest <c>keep</c> scheduled backups of each resource and removes older ones with their files. Occurrences missed
/// while Gantry was down or a backup ran are made up by one backup, not many. On start, backups a killed Gantry left
/// running are marked failed.
/// </summary>
public sealed partial class BackupScheduler(
    BackupService backups,
    BackupFiles files,
    BackupUploader uploader,
    IDbContextFactory<GantryDbContext> dbFactory,
    TimeProvider time,
    ILogger<BackupScheduler> logger) : BackgroundService
{
    public const string Actor = "scheduler";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, (int Release, BackupScheduleSpec? Schedule)> _schedules = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastRun = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await backups.MarkInterruptedAsync(stoppingToken);
        using var timer = new PeriodicTimer(Tick, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await RunDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogSchedulerFailed(logger, e.Message);
            }
        }
    }

    private async Task RunDueAsync(CancellationToken cancellationToken)
    {
        foreach (var (app, schedule) in await SchedulesAsync(cancellationToken))
        {
            var now = time.GetUtcNow();
            if (!_lastRun.TryGetValue(app, out var last))
            {
                last = await LastScheduledAsync(app, cancellationToken) ?? now;
                _lastRun[app] = last;
            }

            if (schedule.NextAfter(last) is not { } next || next > now)
            {
                continue;
            }

            _lastRun[app] = now;
            try
            {
                await backups.CreateAsync(app, null, "scheduled", Actor, cancellationToken);
            }
            catch (ResourceException e)
            {
                LogScheduledBackupRefused(logger, app, e.Message);
            }

            await PruneAsync(app, schedule.Keep, cancellationToken);
        }
    }

    /// <summary>The schedules of apps' serving releases (each release's spec read once).</summary>
    private async Task<List<(string App, BackupScheduleSpec Schedule)>> SchedulesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var serving = await db.Apps.AsNoTracking().Where(a => a.CurrentRelease != null).Select(a => new { a.Name, Release = a.CurrentRelease!.Value }).ToListAsync(cancellationToken);
        foreach (var gone in _schedules.Keys.Except(serving.Select(a => a.Name)).ToList())
        {
            _schedules.Remove(gone);
            _lastRun.Remove(gone);
        }

        var result = new List<(string, BackupScheduleSpec)>();
        foreach (var app in serving)
        {
            if (!_schedules.TryGetValue(app.Name, out var known) || known.Release != app.Release)
            {
                // The whole record: its spec is sealed at rest and opened as records are read, not in a projection.
                var release = await db.Releases.AsNoTracking().SingleOrDefaultAsync(r => r.App == app.Name && r.Number == app.Release, cancellationToken);
                known = (app.Release, release is null ? null : SpecSerializer.Deserialize(release.SpecJson).Backups);
                _schedules[app.Name] = known;
            }

            if (known.Schedule is { } schedule)
            {
                result.Add((app.Name, schedule));
            }
        }

        return result;
    }

    private async Task<DateTimeOffset?> LastScheduledAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Backups.AsNoTracking().Where(b => b.App == app && b.Trigger == "scheduled")
            .OrderByDescending(b => b.StartedAt).Select(b => (DateTimeOffset?)b.StartedAt).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Keeps each resource's newest <paramref name="keep"/> successful scheduled backups, and failures newer than the oldest of them.</summary>
    private async Task PruneAsync(string app, int keep, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var scheduled = await db.Backups.Where(b => b.App == app && b.Trigger == "scheduled" && b.State != "running").ToListAsync(cancellationToken);
        foreach (var resource in scheduled.GroupBy(b => b.ResourceKey))
        {
            var kept = resource.Where(b => b.State == "succeeded").OrderByDescending(b => b.StartedAt).Take(keep).ToList();
            if (kept.Count < keep)
            {
                continue;
            }

            var oldestKept = kept[^1].StartedAt;
            foreach (var old in resource.Where(b => b.StartedAt < oldestKept))
            {
                files.Delete(old.File);
                if (old.Remote is not null)
                {
                    await uploader.DeleteAsync(old.File, cancellationToken);
                }

                db.Backups.Remove(old);
                LogPruned(logger, old.Id, resource.Key, keep);
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
    }

    [LoggerMessage(EventId = 420, Level = LogLevel.Warning, Message = "Scheduled backups failed to run: {Reason}")]
    private static partial void LogSchedulerFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 421, Level = LogLevel.Warning, Message = "Scheduled backup of {App} refused: {Reason}")]
    private static partial void LogScheduledBackupRefused(ILogger logger, string app, string reason);

    [LoggerMessage(EventId = 422, Level = LogLevel.Information, Message = "Backup {Id} of {Resource} removed: the schedule keeps {Keep}")]
    private static partial void LogPruned(ILogger logger, long id, string resource, int keep);
}
