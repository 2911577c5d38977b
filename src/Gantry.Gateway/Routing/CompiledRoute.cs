using Gantry.Gateway.Metrics;
using Gantry.Gateway.Policies;
using Yarp.ReverseProxy.Forwarder;

namespace Gantry.Gateway.Routing;

/// <summary>One route of a snapshot, ready for matching: normalised prefix, the destinations' shared state and its policies.</summary>
internal sealed class CompiledRoute(string pathPrefix, string app, string workload, RouteDestination[] destinations, RouteCounters counters)
{
    /// <summary>This route's traffic counters: shared by every snapshot that has the route.</summary>
    public RouteCounters Counters { get; } = counters;

    /// <summary>Starts with '/', has no trailing '/' unless it is exactly "/".</summary>
    public string PathPrefix { get; } = pathPrefix;

    public string App { get; } = app;

    public string Workload { get; } = workload;

    public RouteDestination[] Destinations { get; } = destinations;

    public CompiledRoutePolicy? Policy { get; init; }

    public CircuitBreaker? Breaker { get; init; }

    public AppBulkhead? Bulkhead { get; init; }

    /// <summary>The forwarding settings with the route's timeout, made on first use.</summary>
    public ForwarderRequestConfig? TimeoutConfig { get; set; }

    /// <summary>Prefix match on a segment boundary: "/api" matches "/api" and "/api/x", not "/apix".</summary>
    public bool Matches(ReadOnlySpan<char> path)
    {
        var prefix = PathPrefix;
        if (prefix.Length == 1)
        {
            return true;
        }

        return path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            && (path.Length == prefix.Length || path[prefix.Length] == '/');
    }
}
