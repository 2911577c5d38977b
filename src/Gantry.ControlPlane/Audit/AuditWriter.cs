using System.Runtime.CompilerServices;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Gantry.ControlPlane.Audit;

/// <summary>
/// Writes audit entries. The first save an audited request makes gets its entry added to the same transaction, so no
/// change is stored without its entry; a request that stored nothing through a save gets one when it ends
/// (<see cref="AppendAsync"/>). Writers take turns, since each entry's hash covers the one before. Each entry is also an
/// <c>audit.recorded</c> event staged in the same save for the notification destinations that take it.
/// </summary>
public sealed class AuditWriter(TimeProvider time, IServiceProvider services) : SaveChangesInterceptor, IDisposable
{
    public const string RecordedEvent = "audit.recorded";

    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly ConditionalWeakTable<DbContext, Pending> _pending = [];
    private (long Sequence, string Hash)? _last;

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is GantryDbContext db && AuditScope.Current is { } scope && Changes(db) && scope.Claim())
        {
            await _turn.WaitAsync(cancellationToken);
            try
            {
                var record = await NextAsync(db, scope, "applied", cancellationToken, AppOf(db));
                db.Audit.Add(record);
                _pending.AddOrUpdate(db, new Pending(record, scope, await StageAsync(db, record, cancellationToken)));
            }
            catch
            {
                scope.Release();
                _turn.Release();
                throw;
            }
        }

        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Done(eventData.Context, saved: true);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Done(eventData.Context, saved: true);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Done(eventData.Context, saved: false);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Done(eventData.Context, saved: false);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Done(eventData.Context, saved: false);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Done(eventData.Context, saved: false);
        return Task.CompletedTask;
    }

    /// <summary>Writes the entry of a request that stored nothing through a save (refused, or a bulk update), unless it has one.</summary>
    public async Task AppendAsync(GantryDbContext db, AuditScope scope, string outcome, CancellationToken cancellationToken)
    {
        if (!scope.Claim())
        {
            return;
        }

        await _turn.WaitAsync(cancellationToken);
        try
        {
            var record = await NextAsync(db, scope, outcome, cancellationToken);
            db.Audit.Add(record);
            var staged = await StageAsync(db, record, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            _last = (record.Sequence, record.Hash);
            if (staged)
            {
                services.GetRequiredService<Notifications.Outbox>().Signal();
            }
        }
        finally
        {
            _turn.Release();
        }
    }

    public void Dispose() => _turn.Dispose();

    private static DateTimeOffset TruncatedToMilliseconds(DateTimeOffset t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerMillisecond), t.Offset);

    private sealed record Pending(AuditRecord Record, AuditScope Scope, bool Staged);

    /// <summary>Stages the entry's deliveries in the same save; true when some destination takes it.</summary>
    private async Task<bool> StageAsync(GantryDbContext db, AuditRecord record, CancellationToken cancellationToken)
    {
        // Resolved when first needed: the destinations read the store, whose contexts carry this interceptor.
        var taking = await services.GetRequiredService<Notifications.NotificationDestinations>().TakingAsync(record.App ?? "", RecordedEvent, cancellationToken);
        var summary = record.Summary.Length == 0 ? "" : $" {record.Summary}";
        var message = $"{record.Actor} from {record.Address}: {record.Action}: {record.Outcome}{summary} (entry {record.Sequence}, hash {record.Hash})";
        services.GetRequiredService<Notifications.Outbox>().Stage(
            db, new Notifications.EventNotification(Notifications.Outbox.NewKey(), RecordedEvent, record.App ?? "", null, message, record.Actor, record.Time), taking);
        return taking.Count > 0;
    }

    private static bool Changes(GantryDbContext db) =>
        db.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);

    /// <summary>The app a change is to, when the route does not name it (a deploy names it in its files): the app of what is saved.</summary>
    private static string? AppOf(GantryDbContext db) =>
        db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => e.Metadata.FindProperty("App") is { ClrType: var type } property && type == typeof(string) ? e.Property(property.Name).CurrentValue as string : null)
            .FirstOrDefault(app => !string.IsNullOrEmpty(app));

    private async Task<AuditRecord> NextAsync(GantryDbContext db, AuditScope scope, string outcome, CancellationToken cancellationToken, string? app = null)
    {
        // Loaded once, then kept: only this writer appends, one at a time.
        _last ??= await db.Audit.AsNoTracking().OrderByDescending(a => a.Sequence).Select(a => new { a.Sequence, a.Hash }).FirstOrDefaultAsync(cancellationToken) is { } last
            ? (last.Sequence, last.Hash)
            : (0, AuditChain.Genesis);
        var record = new AuditRecord
        {
            Sequence = _last.Value.Sequence + 1,
            // Whole milliseconds: the store keeps times to a tenth of a millisecond, and the hash must match what is read back.
            Time = TruncatedToMilliseconds(time.GetUtcNow()),
            Actor = scope.Actor,
            Address = scope.Address,
            Client = scope.Client,
            Action = scope.Action,
            App = scope.App ?? app,
            Summary = scope.Summary,
            Outcome = outcome,
            PreviousHash = _last.Value.Hash,
            Hash = "",
        };
        record.Hash = AuditChain.HashOf(record);
        return record;
    }

    private void Done(DbContext? context, bool saved)
    {
        if (context is null || !_pending.TryGetValue(context, out var pending))
        {
            return;
        }

        var (record, scope, staged) = pending;
        _pending.Remove(context);
        if (saved)
        {
            _last = (record.Sequence, record.Hash);
        }
        else
        {
            // The entry and its deliveries go with the failed save; a later save (or the request's end) writes them anew.
            context.Entry(record).State = EntityState.Detached;
            foreach (var delivery in context.ChangeTracker.Entries<OutboxRecord>().Where(e => e.State == EntityState.Added && e.Entity.Type == RecordedEvent).ToList())
            {
                delivery.State = EntityState.Detached;
            }

            scope.Release();
        }

        _turn.Release();
        if (saved && staged)
        {
            services.GetRequiredService<Notifications.Outbox>().Signal();
        }
    }
}
