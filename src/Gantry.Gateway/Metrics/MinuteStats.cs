namespace Gantry.Gateway.Metrics;

/// <summary>One minute of a route's traffic; latency percentiles are bucket upper bounds in ms (null: no requests).</summary>
public sealed record MinuteStats(long UnixMinute, long Requests, long Errors, double? P50Ms, double? P95Ms)
{
    public DateTimeOffset Start => DateTimeOffset.FromUnixTimeSeconds(UnixMinute * 60);

    public static MinuteStats Empty(long unixMinute) => new(unixMinute, 0, 0, null, null);
}
