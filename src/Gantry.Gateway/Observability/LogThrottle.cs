using Gantry.Gateway.Policies;

namespace Gantry.Gateway.Observability;

/// <summary>
/// Lets a condition that repeats on every request reach the log at most once per interval per key (an app and
/// workload, a destination), and says how many times it was held back, so a flood of requests to a broken app is
/// one line every half minute instead of one per request. Keys are the platform's names, never a client's input.
/// </summary>
internal sealed class LogThrottle<TKey>(TimeSpan interval)
    where TKey : notnull
{
    private readonly BoundedTable<TKey, Slot> _slots = new(1024);
    private readonly long _intervalMs = (long)interval.TotalMilliseconds;

    /// <summary>True when the caller should log now; <paramref name="suppressed"/> is how many were held back since the last time.</summary>
    public bool ShouldLog(TKey key, out long suppressed) => ShouldLog(key, Environment.TickCount64, out suppressed);

    internal bool ShouldLog(TKey key, long nowMs, out long suppressed)
    {
        var slot = _slots.GetOrAdd(key, static (_, _) => new Slot(), 0);
        var next = Volatile.Read(ref slot.NextMs);
        if (nowMs >= next && Interlocked.CompareExchange(ref slot.NextMs, nowMs + _intervalMs, next) == next)
        {
            suppressed = Interlocked.Exchange(ref slot.Suppressed, 0);
            return true;
        }

        Interlocked.Increment(ref slot.Suppressed);
        suppressed = 0;
        return false;
    }

    private sealed class Slot
    {
        public long NextMs = long.MinValue;
        public long Suppressed;
    }
}
