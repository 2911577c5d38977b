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
    BackupUploader uploader,
    IDbContextFactory<GantryDbContext> dbFactory,
    AppEventLog events,
    TimeProvider time) : IDisposable
{
    // One backup, restore or verify at a time: they read or write whole databases.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    /// <summary>Backs up the named resource, or every resource of the app whose type can be backed up.</summary>
    public async Task<IReadOnlyList<BackupInfo>> CreateAsync(string app, string? name, string trigger, string actor, CancellationToken cancellationToken)
    {
        var resources = await ChosenAsync(app, name, cancellationToken);
        var result = new List<BackupInfo>();
        foreach (var context in await allocator.LoadAsync(app, resources, provisioners.Catalog, cancellationToken))
        {
            result.Add(await BackUpAsync(context, trigger, actor, cancellationToken));
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

        var keys = name is null ? resources.Select(r => r.Key).ToList() : [Named(app, resources, name).Key];
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

    /// <summary>A resource of the app by name; a clear 404 otherwise.</summary>
    public async Task<ResourceSpec> FindAsync(string app, string name, CancellationToken cancellationToken) =>
        Named(app, await ResourcesOfAsync(app, cancellationToken), name);

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

    private async Task<IReadOnlyList<ResourceSpec>> ChosenAsync(string app, string? name, CancellationToken cancellationToken)
    {
        var all = await ResourcesOfAsync(app, cancellationToken);
        if (name is not null)
        {
            var resource = Named(app, all, name);
            if (provisioners.Catalog.Find(resource.Type, resource.Class)?.Backup is null)
            {
                throw new ResourceException($"resource '{name}' is a {resource.Type}, whose provisioner has no backup section: it cannot be backed up", StatusCodes.Status400BadRequest);
            }

            return [resource];
        }

        var backedUp = all.Where(r => provisioners.Catalog.Find(r.Type, r.Class)?.Backup is not null).ToList();
        return backedUp.Count > 0
            ? backedUp
            : throw new ResourceException($"app '{app}' has no resource that can be backed up", StatusCodes.Status400BadRequest);
    }

    private async Task<IReadOnlyList<ResourceSpec>> ResourcesOfAsync(string app, CancellationToken cancellationToken) =>
        await queries.OfAppAsync(app, cancellationToken) ?? throw new ResourceException($"app '{app}' not found", StatusCodes.Status404NotFound);

    private static ResourceSpec Named(string app, IReadOnlyList<ResourceSpec> resources, string name) =>
        ResourceQueries.Named(resources, name) ?? throw new ResourceException($"app '{app}' has no resource '{name}'", StatusCodes.Status404NotFound);

    private async Task<BackupInfo> BackUpAsync(ResourceContext context, string trigger, string actor, CancellationToken cancellationToken)
    {
        using var exclusive = await ExclusiveAsync(cancellationToken);
        var backup = context.Definition.Backup!;
        var startedAt = time.GetUtcNow();
        var record = new BackupRecord
        {
            App = context.App,
            ResourceKey = context.Resource.Key,
            Type = context.Resource.Type,
            File = BackupFiles.NameFor(context.Resource.Key, startedAt, backup.Extension),
            State = "running",
            Trigger = trigger,
            StartedAt = startedAt,
        };
        await SaveAsync(record, cancellationToken);
        try
        {
            await services.EnsureRunningAsync(context, cancellationToken);
            var before = await CountAsync(context, cancellationToken);
            await using (var output = files.CreatePartial(record.File))
            {
                await steps.RunAsync(ServicePlans.Steps(context, [backup.Create])[0], input: null, output, cancellationToken);
                await output.FlushAsync(cancellationToken);
                output.Flush(flushToDisk: true);
            }

            var after = await CountAsync(context, cancellationToken);
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
        var names = string.Join(", ", context.Resource.Workloads);
        await (record.State == "succeeded"
            ? events.WriteAsync(context.App, null, "backup.succeeded", $"{names}: backup {record.Id} done ({record.Size} bytes, sha256 {record.Sha256![..12]}{(record.Remote is null ? "" : $", copied to {record.Remote}")})", actor, cancellationToken)
            : events.WriteAsync(context.App, null, "backup.failed", $"{names}: backup {record.Id} failed: {record.Problem}", actor, cancellationToken));
        return Describe(record);
    }

    private async Task<IReadOnlyDictionary<string, long>?> CountAsync(ResourceContext context, CancellationToken cancellationToken) =>
        context.Definition.Backup!.Count is { } count
            ? RowCounts.Parse((await steps.RunAsync(ServicePlans.Steps(context, [count])[0], cancellationToken)).Stdout)
            : null;

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
