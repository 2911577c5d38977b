using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Store;
using Gantry.Provisioners.Services;
using Gantry.Provisioners.Steps;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Resources.Backups;

/// <summary>
/// Backs up an app's resources with their definitions' <c>backup.create</c> step, into owner-only files under
/// <c>DATA/backups</c>. A backup is recorded as succeeded only once its file is complete, moved into place, and its size
/// and SHA-256 recorded; a failure is recorded with its reason and written as a <c>backup.failed</c> event, never silent.
/// The row counts taken before and after it (the definition's <c>count</c> step) let <c>backup verify</c> check it later.
/// </summary>
public sealed class BackupService(
    ResourceQueries queries,
    ResourceAllocator allocator,
    PlatformProvisioners provisioners,
    PlatformServices services,
    StepRunner steps,
    BackupFiles files,
    VolumeBackups volumes,
    BackupUploader uploader,
    IDbContextFactory<GantryDbContext> dbFactory,
    AppEventLog events,
    TimeProvider time) : IDisposable
{
    // One backup, restore or verify at a time: they read or write whole databases.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    /// <summary>Backs up the named resource or volume, or every resource of the app whose type can be backed up and every volume it has.</summary>
    public async Task<IReadOnlyList<BackupInfo>> CreateAsync(string app, string? name, string trigger, string actor, CancellationToken cancellationToken)
    {
        var result = new List<BackupInfo>();
        foreach (var subject in await ChosenAsync(app, name, cancellationToken))
        {
            result.Add(await BackUpAsync(subject, trigger, actor, cancellationToken));
        }

        return result;
    }

    /// <summary>The app's backups, newest first (of one resource when named); null when the app does not exist.</summary>
    public async Task<IReadOnlyList<BackupInfo>?> ListAsync(string app, string? name, CancellationToken cancellationToken)
    {
        if (await queries.OfAppAsync(app, cancellationToken) is not { } resources)
        {
            return null;
        }

        var volumes = await VolumesOfAsync(app, cancellationToken);
        List<string> keys = name is null
            ? [.. resources.Select(r => r.Key), .. volumes.Select(v => v.Volume)]
            : [ResourceQueries.Named(resources, name)?.Key ?? volumes.FirstOrDefault(v => ResourceQueries.Means(v.Volume, v.Names, name)).Volume ?? throw NotFound(app, name)];
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var records = await db.Backups.AsNoTracking().Where(b => keys.Contains(b.ResourceKey)).ToListAsync(cancellationToken);
        return [.. records.OrderByDescending(b => b.StartedAt).ThenByDescending(b => b.Id).Select(Describe)];
    }

    /// <summary>Holds the gate for a restore or verify (they must not run beside a backup of the same data).</summary>
    public async Task<IDisposable> ExclusiveAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Releaser(_gate);
    }

    /// <summary>A resource or volume of the app by name, ready to be backed up, restored or counted; a clear 404 otherwise.</summary>
    public async Task<BackupSubject> FindAsync(string app, string name, CancellationToken cancellationToken)
    {
        if (ResourceQueries.Named(await ResourcesOfAsync(app, cancellationToken), name) is { } resource)
        {
            return (await SubjectsAsync(app, [resource], cancellationToken))[0];
        }

        var (volume, names) = (await VolumesOfAsync(app, cancellationToken)).FirstOrDefault(v => ResourceQueries.Means(v.Volume, v.Names, name));
        return volume is null ? throw NotFound(app, name)
            : await volumes.SubjectAsync(app, volume, names, cancellationToken)
              ?? throw new ResourceException($"volume '{volume}' has not been made yet: it is made when the app first starts with it", StatusCodes.Status409Conflict);
    }

    /// <summary>Backups a killed Gantry left running: failed, their partial files removed.</summary>
    public async Task MarkInterruptedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        foreach (var record in await db.Backups.Where(b => b.State == "running").ToListAsync(cancellationToken))
        {
            files.DeletePartial(record.File);
            (record.State, record.Problem, record.FinishedAt) = ("failed", "Gantry stopped while it ran", time.GetUtcNow());
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    public static BackupInfo Describe(BackupRecord b) =>
        new(b.Id, b.App, b.ResourceKey, b.Type, b.State, b.Trigger, b.StartedAt, b.FinishedAt, b.Size, b.Sha256, b.Problem, b.Remote);

    private async Task<IReadOnlyList<BackupSubject>> ChosenAsync(string app, string? name, CancellationToken cancellationToken)
    {
        if (name is not null)
        {
            return [await FindAsync(app, name, cancellationToken)];
        }

        var all = await ResourcesOfAsync(app, cancellationToken);
        var subjects = (await SubjectsAsync(app, [.. all.Where(r => provisioners.Catalog.Find(r.Type, r.Class)?.Backup is not null)], cancellationToken)).ToList();
        foreach (var (volume, names) in await VolumesOfAsync(app, cancellationToken))
        {
            // A volume the engine has not made yet holds nothing to back up.
            if (await volumes.SubjectAsync(app, volume, names, cancellationToken) is { } subject)
            {
                subjects.Add(subject);
            }
        }

        return subjects.Count > 0
            ? subjects
            : throw new ResourceException($"app '{app}' has no resource or volume that can be backed up", StatusCodes.Status400BadRequest);
    }

    /// <summary>Provisioned resources with their definitions' backup steps, rendered for where their servers are.</summary>
    private async Task<IReadOnlyList<BackupSubject>> SubjectsAsync(string app, IReadOnlyList<ResourceSpec> resources, CancellationToken cancellationToken) =>
    [
        .. (await allocator.LoadAsync(app, resources, provisioners.Catalog, cancellationToken)).Select(context =>
        {
            var backup = context.Definition.Backup
                ?? throw new ResourceException($"resource '{context.Resource.Key}' is a {context.Resource.Type}, whose provisioner has no backup section: it cannot be backed up", StatusCodes.Status400BadRequest);
            var steps = ServicePlans.Steps(context, backup.Count is { } count ? [backup.Create, backup.Restore, count] : [backup.Create, backup.Restore]);
            return new BackupSubject(app, context.Resource.Key, context.Resource.Type, context.Resource.Workloads, backup.Extension, steps[0], steps[1], backup.Count is null ? null : steps[2])
            {
                Resource = context,
            };
        }),
    ];

    /// <summary>Makes sure a resource's server runs before its steps talk to it; a volume needs nothing.</summary>
    public Task PrepareAsync(BackupSubject subject, CancellationToken cancellationToken) =>
        subject.Resource is { } context ? services.EnsureRunningAsync(context, cancellationToken) : Task.CompletedTask;

    private async Task<IReadOnlyList<ResourceSpec>> ResourcesOfAsync(string app, CancellationToken cancellationToken) =>
        await queries.OfAppAsync(app, cancellationToken) ?? throw new ResourceException($"app '{app}' not found", StatusCodes.Status404NotFound);

    private async Task<IReadOnlyList<(string Volume, IReadOnlyList<string> Names)>> VolumesOfAsync(string app, CancellationToken cancellationToken) =>
        await queries.SpecOfAsync(app, cancellationToken) is { } spec ? VolumeBackups.Of(spec) : [];

    private static ResourceException NotFound(string app, string name) =>
        new($"app '{app}' has no resource or volume '{name}'", StatusCodes.Status404NotFound);

    private async Task<BackupInfo> BackUpAsync(BackupSubject subject, string trigger, string actor, CancellationToken cancellationToken)
    {
        using var exclusive = await ExclusiveAsync(cancellationToken);
        var startedAt = time.GetUtcNow();
        var record = new BackupRecord
        {
            App = subject.App,
            ResourceKey = subject.Key,
            Type = subject.Type,
            File = BackupFiles.NameFor(subject.Key, startedAt, subject.Extension),
            State = "running",
            Trigger = trigger,
            StartedAt = startedAt,
        };
        await SaveAsync(record, cancellationToken);
        try
        {
            await PrepareAsync(subject, cancellationToken);
            var before = await CountAsync(subject, cancellationToken);
            await using (var output = files.CreatePartial(record.File))
            {
                await steps.RunAsync(subject.Create, input: null, output, cancellationToken);
                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
            }

            var after = await CountAsync(subject, cancellationToken);
            (record.Size, record.Sha256) = await files.CompleteAsync(record.File, cancellationToken);
            if (before is not null && after is not null)
            {
                var settled = RowCounts.Settled(before, after);
                record.RowCounts = RowCounts.ToJson(settled, before.Keys.Union(after.Keys).Except(settled.Keys));
            }

            if (uploader.Enabled)
            {
                record.Remote = await uploader.UploadAsync(record.File, record.Size.Value, record.Sha256, cancellationToken);
            }

            record.State = "succeeded";
        }
        catch (Exception e) when (e is StepFailedException or ServiceStartException or ResourceException or IOException)
        {
            files.DeletePartial(record.File);
            record.State = "failed";
            record.Problem = e.Message;
        }
        catch (OperationCanceledException)
        {
            files.DeletePartial(record.File);
            (record.State, record.Problem, record.FinishedAt) = ("failed", "cancelled before it finished", time.GetUtcNow());
            await SaveAsync(record, CancellationToken.None);
            throw;
        }

        record.FinishedAt = time.GetUtcNow();
        await SaveAsync(record, cancellationToken);
        var names = string.Join(", ", subject.Names);
        await (record.State == "succeeded"
            ? events.WriteAsync(subject.App, null, "backup.succeeded", $"{names}: backup {record.Id} done ({record.Size} bytes, sha256 {record.Sha256![..12]}{(record.Remote is null ? "" : $", copied to {record.Remote}")})", actor, cancellationToken)
            : events.WriteAsync(subject.App, null, "backup.failed", $"{names}: backup {record.Id} failed: {record.Problem}", actor, cancellationToken));
        return Describe(record);
    }

    /// <summary>What the subject's count step prints, parsed; null when it has none.</summary>
    public async Task<IReadOnlyDictionary<string, long>?> CountAsync(BackupSubject subject, CancellationToken cancellationToken) =>
        subject.Count is { } count ? RowCounts.Parse((await steps.RunAsync(count, cancellationToken)).Stdout) : null;

    private async Task SaveAsync(BackupRecord record, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (record.Id == 0)
        {
            db.Backups.Add(record);
        }
        else
        {
            db.Backups.Update(record);
        }

        // Not cancelled half-way: the record of what happened is kept even when the caller has gone.
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
