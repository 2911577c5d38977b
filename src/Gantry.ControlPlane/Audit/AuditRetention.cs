using System.Globalization;
using System.Text.Json;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Audit;

/// <summary>
/// Removes audit entries older than the retention (<c>gantry up --audit-retention</c>), on start and hourly. The removal
/// is itself an entry, in the same transaction, naming the last entry removed and its hash: the anchor verification
/// starts the remaining chain from, so entries removed any other way still show as missing.
/// </summary>
public sealed partial class AuditRetention(
    TimeSpan? retention, IDbContextFactory<GantryDbContext> dbFactory, AuditWriter writer, TimeProvider time, ILogger<AuditRetention> logger) : BackgroundService
{
    public const string PruneAction = "audit: remove entries past retention";
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    /// <summary>What a removal entry's summary holds.</summary>
    public sealed record Anchor(long Through, string Hash, string Retention);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (retention is not { } keep)
        {
            return;
        }

        using var timer = new PeriodicTimer(Period, time);
        do
        {
            try
            {
                await PruneAsync(keep, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LogPruneFailed(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Removes the entries older than <paramref name="keep"/>; returns how many.</summary>
    public Task<int> PruneAsync(TimeSpan keep, CancellationToken cancellationToken) =>
        PruneBeforeAsync(time.GetUtcNow() - keep, $"{keep.TotalDays.ToString("0.##", CultureInfo.InvariantCulture)}d", cancellationToken);

    /// <summary>Removes the entries written before <paramref name="cutoff"/>; returns how many.</summary>
    public async Task<int> PruneBeforeAsync(DateTimeOffset cutoff, string retentionText, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var last = await db.Audit.AsNoTracking().Where(a => a.Time < cutoff).OrderByDescending(a => a.Sequence)
            .Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken);
        if (last is null)
        {
            return 0;
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var removed = await db.Audit.Where(a => a.Sequence <= last.Sequence).ExecuteDeleteAsync(cancellationToken);
        var summary = JsonSerializer.Serialize(new Anchor(last.Sequence, last.Hash, retentionText), JsonSerializerOptions.Web);
        await writer.AppendAsync(db, new AuditScope("gantry", "", "", PruneAction, null, summary), $"removed {removed} entries", cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        LogPruned(logger, removed, last.Sequence, retentionText);
        return removed;
    }

    /// <summary>Why the kept chain does not start where it should; null when it starts at entry 1 or at a removal's anchor.</summary>
    public static string? StartProblem(IReadOnlyList<AuditRecord> entries)
    {
        if (entries.Count == 0 || (entries[0].Sequence == 1 && entries[0].PreviousHash == AuditChain.Genesis))
        {
            return null;
        }

        var first = entries[0];
        var vouched = entries.Where(e => e.Action == PruneAction).Select(e => TryAnchor(e.Summary))
            .Any(a => a is not null && a.Through == first.Sequence - 1 && a.Hash == first.PreviousHash);
        return vouched ? null : $"entries 1–{first.Sequence - 1} are missing, and no retention removal accounts for them";
    }

    private static Anchor? TryAnchor(string summary)
    {
        try
        {
            return JsonSerializer.Deserialize<Anchor>(summary, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [LoggerMessage(EventId = 640, Level = LogLevel.Information, Message = "Removed {Count} audit entries (through {Through}) older than the retention of {Retention}")]
    private static partial void LogPruned(ILogger logger, int count, long through, string retention);

    [LoggerMessage(EventId = 641, Level = LogLevel.Warning, Message = "Audit entries past retention could not be removed: {Reason}")]
    private static partial void LogPruneFailed(ILogger logger, string reason);
}
