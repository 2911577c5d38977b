using System.Collections.Frozen;
using System.Collections.Immutable;
using Gantry.Gateway.Config;
using Gantry.Gateway.Metrics;
using Gantry.Gateway.Policies;

namespace Gantry.Gateway.Routing;

/// <summary>
/// An immutable view of every route at one moment: a frozen, case-insensitive host lookup whose routes are ordered
/// by prefix length. Built once per publish so a request only looks things up.
/// </summary>
public sealed class RoutingSnapshot
{
    private readonly FrozenDictionary<string, HostRoutes> _hosts;
    private readonly FrozenDictionary<string, HostRoutes>.AlternateLookup<ReadOnlySpan<char>> _hostsBySpan;
    private readonly FrozenDictionary<string, RateLimitConfig> _rateLimits;

    private RoutingSnapshot(
        long generation, ImmutableArray<RouteConfig> routes, FrozenDictionary<string, HostRoutes> hosts, FrozenDictionary<string, RateLimitConfig> rateLimits)
    {
        Generation = generation;
        Routes = routes;
        _hosts = hosts;
        _hostsBySpan = hosts.GetAlternateLookup<ReadOnlySpan<char>>();
        _rateLimits = rateLimits;
    }

    /// <summary>The snapshot in force before anything is published: every host is unknown.</summary>
    public static RoutingSnapshot Empty { get; } = new(
        0, [], FrozenDictionary.ToFrozenDictionary(Array.Empty<KeyValuePair<string, HostRoutes>>(), StringComparer.OrdinalIgnoreCase),
        FrozenDictionary<string, RateLimitConfig>.Empty);

    /// <summary>Increases by one with every publish.</summary>
    public long Generation { get; }

    /// <summary>The routes as published (after validation).</summary>
    public ImmutableArray<RouteConfig> Routes { get; }

    /// <summary>The ids of the destinations this snapshot routes to.</summary>
    public IEnumerable<string> DestinationIds =>
        _hosts.Values.SelectMany(h => h.Routes).SelectMany(r => r.Destinations).Select(d => d.State.Id).Distinct(StringComparer.Ordinal);

    /// <summary>The rate limit of the route whose quota counters <paramref name="routeKey"/> keys (APP/ROUTE-NAME); null when no route has it.</summary>
    public RateLimitConfig? RateLimitOf(string routeKey) => _rateLimits.GetValueOrDefault(routeKey);

    internal bool ContainsHost(ReadOnlySpan<char> host) => _hostsBySpan.ContainsKey(host);

    /// <summary>The most specific route for a host (port already stripped) and path, or null.</summary>
    internal CompiledRoute? Match(ReadOnlySpan<char> host, ReadOnlySpan<char> path) =>
        _hostsBySpan.TryGetValue(host, out var routes) ? routes.Match(path) : null;

    /// <summary>Validates and compiles routes; <paramref name="stateFor"/> hands out the shared state of a destination id.</summary>
    internal static RoutingSnapshot Build(
        long generation, IEnumerable<RouteConfig> routes, Func<string, DestinationState> stateFor, RouteMetrics metrics, PolicyState? policies)
    {
        var published = routes.ToImmutableArray();
        var addressById = new Dictionary<string, string>(StringComparer.Ordinal);
        var byHost = new Dictionary<string, List<CompiledRoute>>(StringComparer.OrdinalIgnoreCase);
        var rateLimits = new Dictionary<string, RateLimitConfig>(StringComparer.Ordinal);

        foreach (var route in published)
        {
            ArgumentNullException.ThrowIfNull(route, nameof(routes));
            var host = HostName.Normalize(route.Host ?? string.Empty);
            if (host.Length == 0)
            {
                throw new ArgumentException($"Route of app '{route.App}' has an empty host.", nameof(routes));
            }

            var prefix = NormalizePrefix(route);
            if (!byHost.TryGetValue(host, out var hostRoutes))
            {
                byHost[host] = hostRoutes = [];
            }

            if (hostRoutes.Exists(r => string.Equals(r.PathPrefix, prefix, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException($"Host '{host}' has more than one route for path prefix '{prefix}'.", nameof(routes));
            }

            var destinations = route.Destinations.IsDefault ? [] : route.Destinations;
            var compiled = new RouteDestination[destinations.Length];
            for (var i = 0; i < destinations.Length; i++)
            {
                var address = NormalizeAddress(route, destinations[i]);
                if (addressById.TryGetValue(destinations[i].Id, out var known) && !string.Equals(known, address, StringComparison.Ordinal))
                {
                    throw new ArgumentException($"Destination '{destinations[i].Id}' is published with two addresses: '{known}' and '{address}'.", nameof(routes));
                }

                addressById[destinations[i].Id] = address;
                compiled[i] = new RouteDestination(stateFor(destinations[i].Id), address);
            }

            var routeKey = RoutePolicyCompiler.RouteKey(route, host, prefix);
            if (route.Policy?.RateLimit is { } rateLimit)
            {
                rateLimits[routeKey] = rateLimit;
            }

            hostRoutes.Add(RoutePolicyCompiler.Compile(
                new CompiledRoute(prefix, route.App, route.Workload, compiled, metrics.For(route.App, host + prefix)), route, routeKey, policies));
        }

        var hosts = byHost.ToFrozenDictionary(
            pair => pair.Key,
            pair => new HostRoutes([.. pair.Value.OrderByDescending(r => r.PathPrefix.Length)]),
            StringComparer.OrdinalIgnoreCase);
        return new RoutingSnapshot(generation, published, hosts, rateLimits.ToFrozenDictionary(StringComparer.Ordinal));
    }

    private static string NormalizePrefix(RouteConfig route)
    {
        var prefix = string.IsNullOrEmpty(route.PathPrefix) ? "/" : route.PathPrefix;
        if (prefix[0] != '/')
        {
            throw new ArgumentException($"Path prefix '{prefix}' of host '{route.Host}' must start with '/'.", nameof(route));
        }

        // "/api/" and "/api" are the same prefix; matching adds the segment boundary itself.
        var trimmed = prefix.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    private static string NormalizeAddress(RouteConfig route, DestinationConfig destination)
    {
        if (string.IsNullOrEmpty(destination.Id))
        {
            throw new ArgumentException($"A destination of app '{route.App}' has an empty id.", nameof(route));
        }

        if (!Uri.TryCreate(destination.Address, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new ArgumentException(
                $"Destination '{destination.Id}' of app '{route.App}' has address '{destination.Address}', which is not an absolute http(s) URL.",
                nameof(route));
        }

        return destination.Address.TrimEnd('/');
    }
}
