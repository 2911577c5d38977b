namespace Gantry.Gateway.Routing;

/// <summary>
/// What the gateway knows about one destination across snapshots: requests in flight, passive health and
/// whether the latest snapshot still contains it. Keyed by destination id and reused from snapshot to snapshot.
/// </summary>
internal sealed class DestinationState(string id)
{
    private readonly Lock _gate = new();
    private int _inFlight;
    private long _unhealthyUntil;
    private long _retiredAt;
    private volatile bool _retired;
    private TaskCompletionSource? _drained;

    public string Id { get; } = id;

    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>True while the latest published snapshot does not contain this destination.</summary>
    public bool IsRetired => _retired;

    /// <summary>Environment.TickCount64 at which it was retired; meaningful only while retired.</summary>
    public long RetiredAt => Volatile.Read(ref _retiredAt);

    public void Enter() => Interlocked.Increment(ref _inFlight);

    public void Exit()
    {
        // Interlocked.Decrement is a full fence, so a waiter that published _drained before reading the
        // counter is either seen here or sees zero itself (see WhenDrainedAsync).
        if (Interlocked.Decrement(ref _inFlight) == 0 && Volatile.Read(ref _drained) is not null)
        {
            SignalIfDrained();
        }
    }

    public bool IsHealthy(long nowMs) => Volatile.Read(ref _unhealthyUntil) <= nowMs;

    public void MarkUnhealthy(long untilMs) => Volatile.Write(ref _unhealthyUntil, untilMs);

    public void Retire(long nowMs)
    {
        if (!_retired)
        {
            Volatile.Write(ref _retiredAt, nowMs);
            _retired = true;
        }
    }

    public void Revive() => _retired = false;

    /// <summary>Completes the next time the in-flight count is observed at zero (possibly at once).</summary>
    public Task WhenDrainedAsync()
    {
        Task task;
        lock (_gate)
        {
            var pending = _drained;
            if (pending is null)
            {
                pending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

                // Exchange is a full fence: the read of the counter below cannot move before this write.
                Interlocked.Exchange(ref _drained, pending);
            }

            task = pending.Task;
        }

        if (InFlight == 0)
        {
            SignalIfDrained();
        }

        return task;
    }

    private void SignalIfDrained()
    {
        TaskCompletionSource? pending;
        lock (_gate)
        {
            if (InFlight != 0)
            {
                return;
            }

            pending = _drained;
            _drained = null;
        }

        pending?.TrySetResult();
    }
}
