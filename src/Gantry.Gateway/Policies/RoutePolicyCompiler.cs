using Gantry.Gateway.Config;
using Gantry.Gateway.Routing;

namespace Gantry.Gateway.Policies;

/// <summary>Attaches a published route's policies, breaker and bulkhead to its compiled form, reusing the state kept across publishes.</summary>
internal static class RoutePolicyCompiler
{
    /// <summary>What keys a route's quota counters, here and across gateways: its name in the app, which outlives hosts and publishes.</summary>
    public static string RouteKey(RouteConfig route, string host, string pathPrefix) =>
        $"{route.App}/{(route.RouteName.Length > 0 ? route.RouteName : host + pathPrefix)}";

    public static CompiledRoute Compile(CompiledRoute compiled, RouteConfig route, string routeKey, PolicyState? state)
    {
        if (state is null)
        {
            return compiled;
        }

        CompiledRoutePolicy? policy = null;
        if (route.Policy is { } spec)
        {
            var jwt = spec.Auth?.Jwt is { } jwtSpec ? state.Authenticator(routeKey, jwtSpec) : null;
            policy = new CompiledRoutePolicy(route.App, routeKey, spec, state, jwt);
        }

        CircuitBreaker? breaker = null;
        if (route.CircuitBreaker is { } breakerSpec)
        {
            breaker = state.Breaker(route.App, route.Workload);
            breaker.Configure(breakerSpec);
        }

        AppBulkhead? bulkhead = null;
        if (route.MaxConcurrentRequests is { } limit)
        {
            bulkhead = state.Bulkhead(route.App);
            bulkhead.Limit = limit;
        }

        return new CompiledRoute(compiled.PathPrefix, compiled.App, compiled.Workload, compiled.Destinations, compiled.Counters)
        {
            Policy = policy,
            Breaker = breaker,
            Bulkhead = bulkhead,
        };
    }
}
