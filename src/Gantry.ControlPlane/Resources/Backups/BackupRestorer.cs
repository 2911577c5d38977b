using System.Collections.Immutable;
using System.Security.Cryptography;
using Gantry.AppModel.Provisioners.Templates;
using Gantry.AppModel.Spec;
using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Events;
using Gantry.ControlPlane.Secrets;
using Gantry.ControlPlane.Store;
using Gantry.Provisioners.Services;
using Gantry.Provisioners.Steps;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Resources.Backups;

/// <summary>
/// Puts a backup back: into its own resource or another of the app's of the same type (<c>restore</c>), or into a
/// scratch resource made for the purpose and removed after, comparing row counts with those recorded when the backup
/// was taken (<c>verify</c>). A backup's file is used only when its size and SHA-256 are the recorded ones.
/// </summary>
public sealed class BackupRestorer(
    BackupService backups,
    ResourceAllocator allocator,
    PlatformProvisioners provisioners,
    PlatformServices services,
    StepRunner steps,
    BackupFiles files,
    BackupUploader uploader,
    SecretScrubber scrubber,
    IDbContextFactory<GantryDbContext> dbFactory,
    AppEventLog events)
{
    public async Task<BackupInfo> RestoreAsync(string app, string name, long? id, string? to, string actor, CancellationToken cancellationToken)
    {
        var source = await backups.FindAsync(app, name, cancellationToken);
        var target = to is null ? source : await backups.FindAsync(app, to, cancellationToken);
        if (target.Type != source.Type)
        {
            throw new ResourceException($"resource '{to}' is a {target.Type}; a backup of a {source.Type} cannot be restored into it", StatusCodes.Status400BadRequest);
        }

        using var exclusive = await backups.ExclusiveAsync(cancellationToken);
        var record = await ChooseAsync(source, id, cancellationToken);
        var context = (await allocator.LoadAsync(app, [target], provisioners.Catalog, cancellationToken))[0];
        await RunRestoreAsync(context, record, cancellationToken);
        var into = target == source ? "" : $" into {string.Join(", ", target.Workloads)}";
        await events.WriteAsync(app, null, "backup.restored", $"{string.Join(", ", source.Workloads)}: backup {record.Id} of {record.StartedAt:u} restored{into}", actor, cancellationToken);
        return BackupService.Describe(record);
    }

    public async Task<BackupVerification> VerifyAsync(string app, string name, long? id, string actor, CancellationToken cancellationToken)
    {
        var resource = await backups.FindAsync(app, name, cancellationToken);
        using var exclusive = await backups.ExclusiveAsync(cancellationToken);
        var record = await ChooseAsync(resource, id, cancellationToken);
        var context = (await allocator.LoadAsync(app, [resource], provisioners.Catalog, cancellationToken))[0];
        var count = context.Definition.Backup!.Count;
        if (count is null || record.RowCounts is null)
        {
            throw new ResourceException($"backup {record.Id} cannot be verified: the {resource.Type} provisioner has no backup.count step", StatusCodes.Status400BadRequest);
        }

        var scratch = Scratch(context, record);
        scrubber.Remember(app, scratch.Secrets);
        IReadOnlyDictionary<string, long> restored;
        try
        {
            foreach (var step in ServicePlans.Steps(scratch, scratch.Definition.Provision))
            {
                await steps.RunAsync(step, cancellationToken);
            }

            await RunRestoreAsync(scratch, record, cancellationToken);
            restored = RowCounts.Parse((await steps.RunAsync(ServicePlans.Steps(scratch, [count])[0], cancellationToken)).Stdout);
        }
        finally
        {
            await RemoveAsync(scratch);
        }

        var expected = RowCounts.FromJson(record.RowCounts);
        var tables = expected.Tables.Select(t => new TableCount(t.Key, t.Value, restored.TryGetValue(t.Key, out var n) ? n : null)).ToList();
        var result = new BackupVerification(record.Id, resource.Key, tables.All(t => t.Matches), tables, expected.Unsettled);
        var summary = result.Matches
            ? $"backup {record.Id} verified: {tables.Count} tables restored with the rows they had"
            : $"backup {record.Id} failed verification: {string.Join("; ", tables.Where(t => !t.Matches).Select(t => $"{t.Table} had {t.Expected} rows, restored {t.Restored?.ToString() ?? "missing"}"))}";
        await events.WriteAsync(app, null, result.Matches ? "backup.verified" : "backup.verify.failed", $"{string.Join(", ", resource.Workloads)}: {summary}", actor, cancellationToken);
        return result;
    }

    /// <summary>The backup named, else the resource's newest successful one.</summary>
    private async Task<BackupRecord> ChooseAsync(ResourceSpec resource, long? id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = db.Backups.AsNoTracking().Where(b => b.ResourceKey == resource.Key);
        if (id is { } wanted)
        {
            var named = await candidates.SingleOrDefaultAsync(b => b.Id == wanted, cancellationToken)
                ?? throw new ResourceException($"resource '{resource.Key}' has no backup {wanted}; gantry backup list shows its backups", StatusCodes.Status404NotFound);
            return named.State == "succeeded"
                ? named
                : throw new ResourceException($"backup {wanted} {named.State}{(named.Problem is null ? "" : $" ({named.Problem})")}: only a succeeded backup can be restored", StatusCodes.Status409Conflict);
        }

        return await candidates.Where(b => b.State == "succeeded").OrderByDescending(b => b.StartedAt).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ResourceException($"resource '{resource.Key}' has no successful backup; make one with gantry backup create", StatusCodes.Status404NotFound);
    }

    private async Task RunRestoreAsync(ResourceContext context, BackupRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await services.EnsureRunningAsync(context, cancellationToken);
            if (!File.Exists(files.PathOf(record.File)) && record.Remote is not null && uploader.Enabled)
            {
                await uploader.DownloadAsync(record.File, cancellationToken);
            }

            await using var input = await files.OpenCheckedAsync(record.File, record.Size, record.Sha256, record.Id, cancellationToken);
            await steps.RunAsync(ServicePlans.Steps(context, [context.Definition.Backup!.Restore])[0], input, output: null, cancellationToken);
        }
        catch (Exception e) when (e is StepFailedException or ServiceStartException)
        {
            throw new ResourceException($"backup {record.Id} could not be restored into {context.Resource.Key}: {e.Message}");
        }
    }

    /// <summary>A resource of the same type and server, with values of its own, that nothing else uses.</summary>
    private static ResourceContext Scratch(ResourceContext context, BackupRecord record)
    {
        var key = $"verify-{record.Id}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3))}";
        var spec = new ResourceSpec(key, context.Resource.Type, context.Resource.Class, null, [$"backup-verify:{key}"], ImmutableDictionary<string, ImmutableArray<string>>.Empty);
        var values = GeneratedValues.MakeAll(context.Definition.Generated, ResourceContext.Basis(context.App, spec, context.Definition));
        return context with { Resource = spec, ResourceValues = values };
    }

    /// <summary>Removes the scratch resource whatever happened (not cancelled: it must not be left behind).</summary>
    private async Task RemoveAsync(ResourceContext scratch)
    {
        foreach (var step in ServicePlans.Steps(scratch, scratch.Definition.Deprovision))
        {
            await steps.ExecuteAsync(step, CancellationToken.None);
        }
    }
}
