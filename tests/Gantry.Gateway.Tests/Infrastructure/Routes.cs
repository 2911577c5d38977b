using Gantry.Gateway.Config;

namespace Gantry.Gateway.Tests.Infrastructure;

/// <summary>Shorthand for the route definitions the control plane would publish.</summary>
public static class Routes
{
    public static RouteConfig To(string host, string prefix, string app, params TestBackend[] backends) =>
        new(host, prefix, app, "web", [.. backends.Select(b => new DestinationConfig(b.Name, b.Address))]);

    public static RouteConfig To(string host, string prefix, string app, params DestinationConfig[] destinations) =>
        new(host, prefix, app, "web", [.. destinations]);
}
