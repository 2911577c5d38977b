using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Audit;

/// <summary>Reads the audit log and proves its chain.</summary>
public sealed class AuditTrail(IDbContextFactory<GantryDbContext> dbFactory)
{
    public async Task<IReadOnlyList<AuditEntryInfo>> ListAsync(string? app, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Audit.AsNoTracking();
        if (app is not null)
        {
            query = query.Where(a => a.App == app);
        }

        if (since is { } from)
        {
            query = query.Where(a => a.Time >= from);
        }

        var newest = await query.OrderByDescending(a => a.Sequence).Take(limit).ToListAsync(cancellationToken);
        return [.. newest.AsEnumerable().Reverse().Select(Describe)];
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = await db.Audit.AsNoTracking().OrderBy(a => a.Sequence).ToListAsync(cancellationToken);
        var broken = AuditRetention.StartProblem(entries) is { } missing ? (1L, missing) : AuditChain.FirstBroken(entries);
        return new AuditVerification(broken is null, entries.Count, entries.FirstOrDefault()?.Sequence, entries.LastOrDefault()?.Sequence, entries.LastOrDefault()?.Hash, broken?.Sequence, broken?.Reason);
    }

    private static AuditEntryInfo Describe(AuditRecord a) =>
        new(a.Sequence, a.Time, a.Actor, a.Address, a.Client, a.Action, a.App, a.Summary, a.Outcome, a.PreviousHash, a.Hash);
}
