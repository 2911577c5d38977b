using System.Collections.Immutable;

namespace Gantry.Gateway.Routing;

/// <summary>What the control plane publishes for one route: requests for <c>Host</c> under <c>PathPrefix</c> go to these destinations.</summary>
/// <param name="Destinations">The ready instances behind the route; empty while none is ready.</param>
public sealed record RouteDefinition(
    string Host,
    string PathPrefix,
    string App,
    string Workload,
    ImmutableArray<DestinationDefinition> Destinations);

/// <summary>One ready instance: its stable id (the instance id) and base address, for example <c>http://127.0.0.1:41234</c>.</summary>
public sealed record DestinationDefinition(string Id, string Address);
