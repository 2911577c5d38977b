namespace Gantry.ControlPlane.Store;

/// <summary>
/// One event on its way to one destination, written in the transaction that stored the event, so an event is never
/// stored without its deliveries. Delivered at least once, in order per destination; retried with backoff until it
/// is delivered or dead.
/// </summary>
public sealed class OutboxRecord
{
    public long Id { get; set; }

    public required string Destination { get; set; }

    /// <summary>The same for every delivery (and every retry) of one event, so receivers can drop duplicates.</summary>
    public required string IdempotencyKey { get; set; }

    public required string Type { get; set; }

    public required string App { get; set; }

    /// <summary>The event as sent (JSON), fixed when it was written.</summary>
    public required string Payload { get; set; }

    public OutboxState State { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset NextAttemptAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    /// <summary>Why the last attempt failed; secrets in URLs are never part of it.</summary>
    public string? LastError { get; set; }
}

public enum OutboxState
{
    Pending,
    Delivered,
    Dead,
}
