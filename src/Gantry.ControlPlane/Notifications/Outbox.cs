using Gantry.ControlPlane.Api.Contracts;
using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Notifications;

/// <summary>
/// Deliveries owed to destinations. An event's deliveries are staged in the context that stores the event, so both
/// are saved in one transaction: an event is never stored without them, nor sent without being stored.
/// </summary>
public sealed class Outbox(IDbContextFactory<GantryDbContext> dbFactory, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _written = new(0, 1);

    /// <summary>Adds one delivery per destination to <paramref name="db"/>; the caller's SaveChanges writes them with the event.</summary>
    public void Stage(GantryDbContext db, EventRecord appEvent, IReadOnlyList<OpenedDestination> destinations) =>
        Stage(db, new EventNotification(NewKey(), appEvent.Kind, appEvent.App, appEvent.Release, appEvent.Message, appEvent.Actor, appEvent.Time), destinations);

    /// <summary>Adds one delivery of <paramref name="notification"/> per destination to <paramref name="db"/>'s pending save.</summary>
    public void Stage(GantryDbContext db, EventNotification notification, IReadOnlyList<OpenedDestination> destinations)
    {
        if (destinations.Count == 0)
        {
            return;
        }

        var payload = notification.ToJson();
        foreach (var destination in destinations)
        {
            db.Outbox.Add(new OutboxRecord
            {
                Destination = destination.Name,
                IdempotencyKey = notification.Id,
                Type = notification.Type,
                App = notification.App,
                Payload = payload,
                CreatedAt = notification.Time,
                NextAttemptAt = notification.Time,
            });
        }
    }

    /// <summary>An event's idempotency key: time-ordered, unique.</summary>
    public static string NewKey() => $"evt_{Guid.CreateVersion7():N}";

    /// <summary>Wakes the dispatcher: something was written or put back.</summary>
    public void Signal()
    {
        if (_written.CurrentCount == 0)
        {
            try
            {
                _written.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another writer woke it first.
            }
        }
    }

    /// <summary>Waits for <see cref="Signal"/> or the timeout, whichever comes first.</summary>
    public Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _written.WaitAsync(timeout, cancellationToken);

    public async Task<IReadOnlyList<DeliveryInfo>> ListAsync(string? destination, OutboxState? state, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Outbox.AsNoTracking();
        if (destination is not null)
        {
            query = query.Where(o => o.Destination == destination);
        }

        if (state is not null)
        {
            query = query.Where(o => o.State == state);
        }

        var newest = await query.OrderByDescending(o => o.Id).Take(limit).ToListAsync(cancellationToken);
        return [.. newest.Select(Describe)];
    }

    /// <summary>Puts failed deliveries back in line (the given ones, a destination's, or all), each with a fresh count of attempts.</summary>
    public async Task<int> RetryAsync(IReadOnlyList<long>? ids, string? destination, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Outbox.Where(o => o.State == OutboxState.Dead);
        if (ids is { Count: > 0 })
        {
            query = query.Where(o => ids.Contains(o.Id));
        }

        if (destination is not null)
        {
            query = query.Where(o => o.Destination == destination);
        }

        var now = time.GetUtcNow();
        var requeued = await query.ExecuteUpdateAsync(
            o => o.SetProperty(r => r.State, OutboxState.Pending).SetProperty(r => r.Attempts, 0).SetProperty(r => r.NextAttemptAt, now),
            cancellationToken);
        Signal();
        return requeued;
    }

    public void Dispose() => _written.Dispose();

    public static DeliveryInfo Describe(OutboxRecord o) => new(
        o.Id, o.Destination, o.Type, o.App, StateName(o.State), o.Attempts, o.LastError, o.IdempotencyKey, o.CreatedAt, o.NextAttemptAt, o.DeliveredAt);

    /// <summary>Reads a state as <see cref="StateName"/> writes it; false for anything else.</summary>
    public static bool TryParseState(string text, out OutboxState state)
    {
        state = Enum.GetValues<OutboxState>().FirstOrDefault(s => StateName(s) == text);
        return StateName(state) == text;
    }

    /// <summary>Dead deliveries are "failed" to people: what they can retry.</summary>
    public static string StateName(OutboxState state) => state == OutboxState.Dead ? "failed" : state.ToString().ToLowerInvariant();
}
