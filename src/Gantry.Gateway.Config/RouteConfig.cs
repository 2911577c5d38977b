using System.Collections.Immutable;

namespace Gantry.Gateway.Config;

/// <summary>One route as the gateway is told it: requests for <c>Host</c> under <c>PathPrefix</c> go to these destinations.</summary>
/// <param name="Host">The host name requests carry, without port; matched case-insensitively.</param>
/// <param name="PathPrefix">Matched on a path-segment boundary; the longest matching prefix of a host wins.</param>
/// <param name="App">The app the route belongs to; named in the gateway's error pages.</param>
/// <param name="Workload">The workload of the app that serves the route.</param>
/// <param name="Destinations">The ready instances behind the route; empty while none is ready.</param>
public sealed record RouteConfig(
    string Host,
    string PathPrefix,
    string App,
    string Workload,
    ImmutableArray<DestinationConfig> Destinations)
{
    /// <summary>The route's name in the app (its Score route resource); keys its quota counters across publishes.</summary>
    public string RouteName { get; init => field = value ?? ""; } = "";

    /// <summary>What the gateway enforces on the route before forwarding; null: nothing.</summary>
    public RoutePolicyConfig? Policy { get; init; }

    /// <summary>The circuit breaker of the route's workload; null: none.</summary>
    public CircuitBreakerConfig? CircuitBreaker { get; init; }

    /// <summary>The app's bulkhead: requests in flight to the whole app at most; null: no limit.</summary>
    public int? MaxConcurrentRequests { get; init; }
}
