namespace Gantry.Gateway.Metrics;

/// <summary>
/// One route's traffic over the last hour, in one-minute buckets: requests, server errors and a latency histogram.
/// Recording is a few interlocked increments; it outlives routing snapshots, so a publish loses nothing.
/// </summary>
public sealed class RouteCounters(string app, string route)
{
    /// <summary>Upper bounds of the latency buckets, in milliseconds; the last bucket is everything slower.</summary>
    public static readonly double[] LatencyBoundsMs = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000];

    private const int Minutes = 60;
    private readonly Bucket[] _buckets = [.. Enumerable.Range(0, Minutes).Select(_ => new Bucket())];

    // Since start, never reset: what Prometheus scrapes (counters must only grow).
    private readonly long[] _byStatusClass = new long[5];
    private readonly long[] _latencyTotal = new long[LatencyBoundsMs.Length + 1];
    private long _latencySumMicros;

    public string App { get; } = app;

    /// <summary>Host and path prefix, for example <c>shop.localhost/api</c>.</summary>
    public string Route { get; } = route;

    public void Record(int statusCode, double elapsedMs, long unixMinute)
    {
        var bucket = _buckets[unixMinute % Minutes];
        if (Volatile.Read(ref bucket.Minute) != unixMinute)
        {
            bucket.Reset(unixMinute);
        }

        Interlocked.Increment(ref bucket.Requests);
        if (statusCode >= 500)
        {
            Interlocked.Increment(ref bucket.Errors);
        }

        var slot = LatencySlot(elapsedMs);
        Interlocked.Increment(ref bucket.Latency[slot]);
        Interlocked.Increment(ref _byStatusClass[Math.Clamp(statusCode / 100, 1, 5) - 1]);
        Interlocked.Increment(ref _latencyTotal[slot]);
        Interlocked.Add(ref _latencySumMicros, (long)(elapsedMs * 1000));
    }

    /// <summary>Requests since start by status class: index 0 is 1xx, 4 is 5xx.</summary>
    public long[] TotalsByStatusClass() => [.. _byStatusClass.Select(v => Interlocked.Read(ref v))];

    /// <summary>Requests since start per latency bucket (not cumulative), and the sum of their durations in seconds.</summary>
    public (long[] Buckets, double SumSeconds) LatencyTotals() =>
        ([.. _latencyTotal.Select(v => Interlocked.Read(ref v))], Interlocked.Read(ref _latencySumMicros) / 1e6);

    // On every request: a plain loop over 13 bounds, no delegate or closure to allocate.
    private static int LatencySlot(double elapsedMs)
    {
        var slot = 0;
        while (slot < LatencyBoundsMs.Length && elapsedMs > LatencyBoundsMs[slot])
        {
            slot++;
        }

        return slot;
    }

    /// <summary>The last hour, oldest minute first, minutes without traffic included as zeros.</summary>
    public IReadOnlyList<MinuteStats> LastHour(long nowUnixMinute)
    {
        var minutes = new List<MinuteStats>(Minutes);
        for (var minute = nowUnixMinute - Minutes + 1; minute <= nowUnixMinute; minute++)
        {
            var bucket = _buckets[minute % Minutes];
            minutes.Add(Volatile.Read(ref bucket.Minute) == minute ? bucket.Read(minute) : MinuteStats.Empty(minute));
        }

        return minutes;
    }

    private sealed class Bucket
    {
        public readonly long[] Latency = new long[LatencyBoundsMs.Length + 1];
        public long Minute = -1;
        public long Requests;
        public long Errors;
        private readonly Lock _reset = new();

        public void Reset(long minute)
        {
            lock (_reset)
            {
                if (Minute == minute)
                {
                    return;
                }

                Requests = 0;
                Errors = 0;
                Array.Clear(Latency);
                Volatile.Write(ref Minute, minute);
            }
        }

        public MinuteStats Read(long minute)
        {
            var histogram = new long[Latency.Length];
            for (var i = 0; i < histogram.Length; i++)
            {
                histogram[i] = Interlocked.Read(ref Latency[i]);
            }

            return new MinuteStats(minute, Interlocked.Read(ref Requests), Interlocked.Read(ref Errors), Percentile(histogram, 0.5), Percentile(histogram, 0.95));
        }

        /// <summary>The upper bound of the bucket holding the percentile: an estimate no lower than the truth.</summary>
        private static double? Percentile(long[] histogram, double fraction)
        {
            var total = histogram.Sum();
            if (total == 0)
            {
                return null;
            }

            var rank = (long)Math.Ceiling(total * fraction);
            long seen = 0;
            for (var i = 0; i < histogram.Length; i++)
            {
                seen += histogram[i];
                if (seen >= rank)
                {
                    return i < LatencyBoundsMs.Length ? LatencyBoundsMs[i] : double.PositiveInfinity;
                }
            }

            return null;
        }
    }
}
