using System.Globalization;

namespace Gantry.Gateway.FastPath;

/// <summary>How much traffic the fast path carried; the rest went through Kestrel and YARP.</summary>
public sealed class FastPathCounters
{
    private long _forwarded;

    /// <summary>
    /// Requests forwarded on the fast path, counted when committed (before the response is written, so a client that
    /// has its answer sees it counted).
    /// </summary>
    public long Forwarded => Interlocked.Read(ref _forwarded);

    /// <summary>The counter in the Prometheus text format, to append to the gateway's metrics.</summary>
    public string PrometheusText() => string.Create(CultureInfo.InvariantCulture, $"""
        # HELP gantry_gateway_fast_path_requests_total Requests forwarded by the fast path for plain HTTP/1.1 requests (the rest went through Kestrel and YARP).
        # TYPE gantry_gateway_fast_path_requests_total counter
        gantry_gateway_fast_path_requests_total {Forwarded}

        """);

    internal void Count() => Interlocked.Increment(ref _forwarded);
}
