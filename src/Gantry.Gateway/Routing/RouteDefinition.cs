using System.Collections.Immutable;

namespace Gantry.Gateway.Routing;

/// <summary>What the control plane publishes for one route: requests for <c>Host</c> under <c>PathPrefix</c> go to these destinations.</summary>
/// <param name="Host">The host name requests carry, without port; matched case-insensitively.</param>
/// <param name="PathPrefix">Matched on a path-segment boundary; the longest matching prefix of a host wins.</param>
/// <param name="App">The app the route belongs to; named in the gateway's error pages.</param>
/// <param name="Workload">The workload of the app that serves the route.</param>
/// <param name="Destinations">The ready instances behind the route; empty while none is ready.</param>
public sealed record RouteDefinition(
    string Host,
    string PathPrefix,
    string App,
    string Workload,
    ImmutableArray<DestinationDefinition> Destinations);

/// <summary>One ready instance: its stable id (the instance id) and base address, for example <c>http://127.0.0.1:41234</c>.</summary>
public sealed record DestinationDefinition(string Id, string Address);
