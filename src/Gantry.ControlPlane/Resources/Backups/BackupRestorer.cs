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
    StepRunner steps,
    BackupFiles files,
    BackupUploader uploader,
    VolumeBackups volumes,
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
            throw new ResourceException($"'{to}' is a {target.Type}; a backup of a {source.Type} cannot be restored into it", StatusCodes.Status400BadRequest);
        }

        using var exclusive = await backups.ExclusiveAsync(cancellationToken);
        var record = await ChooseAsync(source.Key, id, cancellationToken);
        await RunRestoreAsync(target, record, cancellationToken);
        var into = target.Key == source.Key ? "" : $" into {string.Join(", ", target.Names)}";
        await events.WriteAsync(app, null, "backup.restored", $"{string.Join(", ", source.Names)}: backup {record.Id} of {record.StartedAt:u} restored{into}", actor, cancellationToken);
        return BackupService.Describe(record);
    }

    public async Task<BackupVerification> VerifyAsync(string app, string name, long? id, string actor, CancellationToken cancellationToken)
    {
        var subject = await backups.FindAsync(app, name, cancellationToken);
        using var exclusive = await backups.ExclusiveAsync(cancellationToken);
        var record = await ChooseAsync(subject.Key, id, cancellationToken);
        if (subject.Count is null || record.RowCounts is null)
        {
            throw new ResourceException($"backup {record.Id} cannot be verified: the {subject.Type} provisioner has no backup.count step", StatusCodes.Status400BadRequest);
        }

        var restored = subject.Resource is { } context
            ? await VerifyResourceAsync(context, record, cancellationToken)
            : await VerifyVolumeAsync(subject, record, cancellationToken);
        var expected = RowCounts.FromJson(record.RowCounts);
        var tables = expected.Tables.Select(t => new TableCount(t.Key, t.Value, restored.TryGetValue(t.Key, out var n) ? n : null)).ToList();
        var result = new BackupVerification(record.Id, subject.Key, tables.All(t => t.Matches), tables, expected.Unsettled);
        var summary = result.Matches
            ? $"backup {record.Id} verified: {tables.Count} tables restored with the rows they had"
            : $"backup {record.Id} failed verification: {string.Join("; ", tables.Where(t => !t.Matches).Select(t => $"{t.Table} had {t.Expected} rows, restored {t.Restored?.ToString() ?? "missing"}"))}";
        await events.WriteAsync(app, null, result.Matches ? "backup.verified" : "backup.verify.failed", $"{string.Join(", ", subject.Names)}: {summary}", actor, cancellationToken);
        return result;
    }

    /// <summary>Restores into a scratch resource on the same server, counts it, and removes it whatever happened.</summary>
    private async Task<IReadOnlyDictionary<string, long>> VerifyResourceAsync(ResourceContext context, BackupRecord record, CancellationToken cancellationToken)
    {
        var scratch = Scratch(context, record);
        scrubber.Remember(context.App, scratch.Secrets);
        var backup = scratch.Definition.Backup!;
        var plans = ServicePlans.Steps(scratch, [backup.Restore, backup.Count!]);
        try
        {
            foreach (var step in ServicePlans.Steps(scratch, scratch.Definition.Provision))
            {
                await steps.RunAsync(step, cancellationToken);
            }

            var subject = new BackupSubject(context.App, scratch.Resource.Key, scratch.Resource.Type, scratch.Resource.Workloads, backup.Extension, plans[0], plans[0], plans[1]) { Resource = scratch };
            await RunRestoreAsync(subject, record, cancellationToken);
            return await backups.CountAsync(subject, cancellationToken) ?? new Dictionary<string, long>();
        }
        finally
        {
            await RemoveAsync(scratch);
        }
    }

    /// <summary>Restores into a scratch folder under the backups folder, counts it, and removes it whatever happened.</summary>
    private async Task<IReadOnlyDictionary<string, long>> VerifyVolumeAsync(BackupSubject volume, BackupRecord record, CancellationToken cancellationToken)
    {
        var (scratch, folder) = volumes.Scratch(volume, record.Id);
        try
        {
            await RunRestoreAsync(scratch, record, cancellationToken);
            return await backups.CountAsync(scratch, cancellationToken) ?? new Dictionary<string, long>();
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The backup named, else the resource's newest successful one.</summary>
    private async Task<BackupRecord> ChooseAsync(string key, long? id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var candidates = db.Backups.AsNoTracking().Where(b => b.ResourceKey == key);
        if (id is { } wanted)
        {
            var named = await candidates.SingleOrDefaultAsync(b => b.Id == wanted, cancellationToken)
                ?? throw new ResourceException($"'{key}' has no backup {wanted}; gantry backup list shows its backups", StatusCodes.Status404NotFound);
            return named.State == "succeeded"
                ? named
                : throw new ResourceException($"backup {wanted} {named.State}{(named.Problem is null ? "" : $" ({named.Problem})")}: only a succeeded backup can be restored", StatusCodes.Status409Conflict);
        }

        return await candidates.Where(b => b.State == "succeeded").OrderByDescending(b => b.StartedAt).FirstOrDefaultAsync(cancellationToken)
            ?? throw new ResourceException($"'{key}' has no successful backup; make one with gantry backup create", StatusCodes.Status404NotFound);
    }

    private async Task RunRestoreAsync(BackupSubject target, BackupRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await backups.PrepareAsync(target, cancellationToken);
            if (!File.Exists(files.PathOf(record.File)) && record.Remote is not null && uploader.Enabled)
            {
                await uploader.DownloadAsync(record.File, cancellationToken);
            }

            await using var input = await files.OpenCheckedAsync(record.File, record.Size, record.Sha256, record.Id, cancellationToken);
            await steps.RunAsync(target.Restore, input, output: null, cancellationToken);
        }
        catch (Exception e) when (e is StepFailedException or ServiceStartException)
        {
            throw new ResourceException($"backup {record.Id} could not be restored into {target.Key}: {e.Message}");
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
