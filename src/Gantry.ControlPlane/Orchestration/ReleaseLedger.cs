using System.Collections.Immutable;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Orchestration;

/// <summary>The orchestrator's reads and writes of desired state and release outcomes.</summary>
public sealed class ReleaseLedger(IDbContextFactory<GantryDbContext> dbFactory, TimeProvider time, Secrets.SecretScrubber secrets)
{
    public async Task<IReadOnlyList<string>> ListAppsAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Apps.AsNoTracking().Select(a => a.Name).ToListAsync(cancellationToken);
    }

    /// <summary>The app's desired state; null when the app no longer exists.</summary>
    public async Task<DesiredState?> LoadAsync(string app, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var record = await db.Apps.AsNoTracking().SingleOrDefaultAsync(a => a.Name == app, cancellationToken);
        if (record is null)
        {
            return null;
        }

        var numbers = new[] { record.DesiredRelease, record.CurrentRelease }.OfType<int>().ToArray();
        var releases = await db.Releases.AsNoTracking()
            .Where(r => r.App == app && numbers.Contains(r.Number))
            .ToListAsync(cancellationToken);
        var formation = await db.Formations.AsNoTracking()
            .Where(f => f.App == app)
            .ToDictionaryAsync(f => f.Workload, f => f.Replicas, cancellationToken);
        return new DesiredState(
            record,
            releases.SingleOrDefault(r => r.Number == record.DesiredRelease),
            releases.SingleOrDefault(r => r.Number == record.CurrentRelease),
            formation.ToImmutableDictionary());
    }

    /// <summary>Moves a release along while it is in progress; a finished or superseded release keeps its outcome.</summary>
    /// <summary>
    /// Records what each workload of the release runs (<c>image (digest)</c>, none on the process runtime) and what its
    /// build detected: shown with the release ever after.
    /// </summary>
    public async Task SetBuildsAsync(
        string app, int release, IReadOnlyDictionary<string, string> images, IReadOnlyDictionary<string, string> builds, CancellationToken cancellationToken)
    {
        var imagesJson = images.Count == 0 ? null : System.Text.Json.JsonSerializer.Serialize(images);
        var buildsJson = System.Text.Json.JsonSerializer.Serialize(builds);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Releases.Where(r => r.App == app && r.Number == release)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ImagesJson, imagesJson).SetProperty(r => r.BuildsJson, buildsJson), cancellationToken);
    }

    public async Task SetStatusAsync(string app, int release, ReleaseStatus status, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Releases
            .Where(r => r.App == app && r.Number == release && r.Status != status
                && r.Status != ReleaseStatus.Superseded && r.Status != ReleaseStatus.Succeeded && r.Status != ReleaseStatus.Failed)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, status), cancellationToken);
    }

    /// <summary>
    /// The release finished its rollout: it is now the app's current release and its replicas become the formation.
    /// A release superseded in the meantime still becomes current (it is what serves) but keeps its status.
    /// </summary>
    public async Task MarkSucceededAsync(string app, int release, AppSpec spec, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.Releases
            .Where(r => r.App == app && r.Number == release && r.Status != ReleaseStatus.Superseded)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReleaseStatus.Succeeded).SetProperty(r => r.FinishedAt, now), cancellationToken);
        await db.Apps
            .Where(a => a.Name == app)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.CurrentRelease, release).SetProperty(a => a.UpdatedAt, now), cancellationToken);

        var formation = await db.Formations.Where(f => f.App == app).ToListAsync(cancellationToken);
        var names = spec.Workloads.Select(w => w.Name).ToHashSet(StringComparer.Ordinal);
        db.Formations.RemoveRange(formation.Where(f => !names.Contains(f.Workload)));
        foreach (var workload in spec.Workloads)
        {
            var entry = formation.SingleOrDefault(f => f.Workload == workload.Name);
            if (entry is null)
            {
                db.Formations.Add(new FormationRecord { App = app, Workload = workload.Name, Replicas = workload.Replicas ?? 1 });
            }
            else if (workload.Replicas is int replicas)
            {
                entry.Replicas = replicas;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The release failed: record why, and point the app back at its current release unless a newer one was asked for meanwhile.</summary>
    public async Task MarkFailedAsync(string app, int release, string reason, CancellationToken cancellationToken)
    {
        reason = secrets.Scrub(app, reason); // a reason quotes the instance's last output
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.Releases
            .Where(r => r.App == app && r.Number == release && r.Status != ReleaseStatus.Superseded)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReleaseStatus.Failed).SetProperty(r => r.Reason, reason).SetProperty(r => r.FinishedAt, now), cancellationToken);
        await db.Apps
            .Where(a => a.Name == app && a.DesiredRelease == release)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.DesiredRelease, a => a.CurrentRelease).SetProperty(a => a.UpdatedAt, now), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }
}
