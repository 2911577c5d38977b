namespace Gantry.Gateway.Policies;

/// <summary>
/// A per-app limit on requests in flight: past it the gateway answers 503 at once, so a flooded app cannot take every
/// connection and thread from the others. A counter, not a queue: waiting would only move the pile-up here.
/// </summary>
public sealed class AppBulkhead(string app)
{
    private int _inFlight;
    private int _limit = int.MaxValue;

    public string App { get; } = app;

    public int InFlight => Volatile.Read(ref _inFlight);

    public int Limit
    {
        get => Volatile.Read(ref _limit);
        internal set => Volatile.Write(ref _limit, value);
    }

    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _inFlight) <= Limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _inFlight);
        return false;
    }

    public void Exit() => Interlocked.Decrement(ref _inFlight);
}
