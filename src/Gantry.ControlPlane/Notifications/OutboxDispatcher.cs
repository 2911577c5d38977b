using Gantry.ControlPlane.Store;
using Microsoft.EntityFrameworkCore;

namespace Gantry.ControlPlane.Notifications;

/// <summary>
/// Delivers the outbox: per destination, its oldest pending delivery first, so each destination sees events in order;
/// destinations side by side (a pass waits for its slowest, at most the send timeout). A delivery is marked done only after the
/// destination answered, so a kill mid-send means it is sent again (with the same idempotency key) after a restart.
/// </summary>
public sealed partial class OutboxDispatcher(
    IDbContextFactory<GantryDbContext> dbFactory,
    NotificationDestinations destinations,
    Outbox outbox,
    DestinationSender sender,
    DeliveryPolicy policy,
    TimeProvider time,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    /// <summary>How long delivered entries are kept to look at (<c>gantry notifications deliveries</c>).</summary>
    private static readonly TimeSpan KeepDelivered = TimeSpan.FromDays(7);

    /// <summary>The longest sleep with nothing due: retries fall due without a signal.</summary>
    private static readonly TimeSpan IdleWait = TimeSpan.FromSeconds(5);

    private DateTimeOffset _pruned;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await DeliverDueAsync(stoppingToken);
                await PruneAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The store is busy or the disk full: the outbox keeps everything, so the next pass takes it up.
                LogPassFailed(logger, e);
                wait = IdleWait;
            }

            try
            {
                await outbox.WaitAsync(wait, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sends each destination's head delivery that is due; returns how long until the next one is.</summary>
    private async Task<TimeSpan> DeliverDueAsync(CancellationToken cancellationToken)
    {
        List<OutboxRecord> heads;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var headIds = await db.Outbox.Where(o => o.State == OutboxState.Pending)
                .GroupBy(o => o.Destination)
                .Select(g => g.Min(o => o.Id))
                .ToListAsync(cancellationToken);
            heads = await db.Outbox.AsNoTracking().Where(o => headIds.Contains(o.Id)).ToListAsync(cancellationToken);
        }

        var now = time.GetUtcNow();
        var due = heads.Where(h => h.NextAttemptAt <= now).ToList();
        if (due.Count > 0)
        {
            var opened = (await destinations.OpenedAsync(cancellationToken)).ToDictionary(d => d.Name);
            await Task.WhenAll(due.Select(h => DeliverAsync(h, opened.GetValueOrDefault(h.Destination), cancellationToken)));
            return TimeSpan.Zero;
        }

        var next = heads.Count == 0 ? IdleWait : heads.Min(h => h.NextAttemptAt) - now;
        return next < TimeSpan.Zero ? TimeSpan.Zero : next > IdleWait ? IdleWait : next;
    }

    private async Task DeliverAsync(OutboxRecord delivery, OpenedDestination? destination, CancellationToken cancellationToken)
    {
        if (destination is null)
        {
            // Removed while this pass ran; its deliveries went with it.
            return;
        }

        var result = await sender.SendAsync(destination, delivery.Payload, cancellationToken);
        var attempts = delivery.Attempts + 1;
        var now = time.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var row = db.Outbox.Where(o => o.Id == delivery.Id && o.State == OutboxState.Pending);
        if (result.Delivered)
        {
            await row.ExecuteUpdateAsync(
                o => o.SetProperty(r => r.State, OutboxState.Delivered).SetProperty(r => r.Attempts, attempts).SetProperty(r => r.DeliveredAt, now).SetProperty(r => r.LastError, (string?)null),
                CancellationToken.None);
            NotificationMetrics.Sent.Add(1, KindTag(destination));
            return;
        }

        var dead = result.Permanent || attempts >= policy.MaxAttempts;
        var next = now + policy.Backoff(attempts, result.RetryAfter);
        var error = dead && !result.Permanent ? $"{result.Detail} (gave up after {attempts} attempts)" : result.Detail;
        await row.ExecuteUpdateAsync(
            o => o.SetProperty(r => r.State, dead ? OutboxState.Dead : OutboxState.Pending)
                .SetProperty(r => r.Attempts, attempts)
                .SetProperty(r => r.NextAttemptAt, next)
                .SetProperty(r => r.LastError, error),
            CancellationToken.None);
        (dead ? NotificationMetrics.Dead : NotificationMetrics.Retried).Add(1, KindTag(destination));
        if (dead)
        {
            LogDead(logger, delivery.Type, delivery.App, destination.Name, error);
        }
    }

    private async Task PruneAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (now - _pruned < TimeSpan.FromHours(1))
        {
            return;
        }

        _pruned = now;
        var before = now - KeepDelivered;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Outbox.Where(o => o.State == OutboxState.Delivered && o.DeliveredAt < before).ExecuteDeleteAsync(cancellationToken);
    }

    private static KeyValuePair<string, object?> KindTag(OpenedDestination destination) => new("kind", destination.Kind);

    [LoggerMessage(EventId = 700, Level = LogLevel.Warning, Message = "Notification {Type} of {App} to {Destination} failed for good: {Error}; 'gantry notifications retry' sends it again")]
    private static partial void LogDead(ILogger logger, string type, string app, string destination, string error);

    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "A pass over the notification outbox failed; the next one takes it up")]
    private static partial void LogPassFailed(ILogger logger, Exception exception);
}
