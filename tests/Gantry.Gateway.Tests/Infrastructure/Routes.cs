using Gantry.Gateway.Routing;

namespace Gantry.Gateway.Tests.Infrastructure;

/// <summary>Shorthand for the route definitions the control plane would publish.</summary>
public static class Routes
{
    public static RouteDefinition To(string host, string prefix, string app, params TestBackend[] backends) =>
        new(host, prefix, app, "web", [.. backends.Select(b => new DestinationDefinition(b.Name, b.Address))]);

    public static RouteDefinition To(string host, string prefix, string app, params DestinationDefinition[] destinations) =>
        new(host, prefix, app, "web", [.. destinations]);
}
