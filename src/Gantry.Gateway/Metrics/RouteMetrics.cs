using System.Collections.Concurrent;

namespace Gantry.Gateway.Metrics;

/// <summary>Every route's counters, by app and route; what the console charts and the API reports.</summary>
public sealed class RouteMetrics(TimeProvider time)
{
    private readonly ConcurrentDictionary<(string App, string Route), RouteCounters> _routes = new();

    public long CurrentMinute => time.GetUtcNow().ToUnixTimeSeconds() / 60;

    /// <summary>The counters of a route, made on first use (at snapshot build, not per request).</summary>
    public RouteCounters For(string app, string route) => _routes.GetOrAdd((app, route), key => new RouteCounters(key.App, key.Route));

    public IReadOnlyList<RouteCounters> OfApp(string app) =>
        [.. _routes.Values.Where(r => r.App == app).OrderBy(r => r.Route, StringComparer.Ordinal)];

    public IReadOnlyList<RouteCounters> All =>
        [.. _routes.Values.OrderBy(r => r.App, StringComparer.Ordinal).ThenBy(r => r.Route, StringComparer.Ordinal)];

    /// <summary>Forgets a deleted app's routes.</summary>
    public void Remove(string app)
    {
        foreach (var key in _routes.Keys.Where(k => k.App == app))
        {
            _routes.TryRemove(key, out _);
        }
    }
}
